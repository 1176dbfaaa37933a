"""The attribution span tagger: a small learned model that marks CONTENT, CUE and SOURCE spans.

It reads the parsed article (word forms plus the tags and dependency labels of the main pipeline)
and is trained on PolNeAR train by ``tools.train.quotes``; it ships as package data in
``service/models/attribution_spans``. It runs on a copy of the parsed ``Doc`` so that the main
pipeline's named entities stay as they are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.attrs import DEP, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from service.models import DIR as MODELS
from service.models import load_shipped

TAGGER = MODELS / "attribution_spans"
LABELS = ("CONTENT", "CUE", "SOURCE")
WIDTH = 64
# Form features as spaCy's efficiency preset has them, plus the parse the tagger cannot see itself.
_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "DEP"]
_ROWS = [5000, 1000, 2500, 2500, 100, 100]


def tagger_config(width: int = WIDTH, window: int = 1, hidden: int = 64) -> dict[str, Any]:
    """The ``ner`` factory config of the tagger: its own embedding over forms, tags and labels."""
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": hidden,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": width,
                    "attrs": _ATTRS,
                    "rows": _ROWS,
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": width,
                    "depth": 4,
                    "window_size": window,
                    "maxout_pieces": 3,
                },
            },
        }
    }


def tagger_doc(vocab: Vocab, doc: Doc | Span) -> Doc:
    """The tagger's input: ``doc``'s tokens with their tags and dependency labels but no sentence
    boundaries, since a quotation runs across sentences and spaCy's entity tagger stops at them."""
    out = Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    src = doc if isinstance(doc, Doc) else doc.as_doc()
    out.from_array([TAG, DEP], src.to_array([TAG, DEP]))
    return out


@dataclass(frozen=True, slots=True)
class Tagged:
    """A span the tagger marked, in tokens (end-exclusive) of the article's ``Doc``."""

    label: str
    start: int
    end: int


def tagger_enabled() -> bool:
    """False when switched off with ``NAS_QUOTE_TAGGER=0``: the rules alone then find quotes."""
    return os.environ.get("NAS_QUOTE_TAGGER", "1").strip() != "0"


@cache
def load_tagger(path: Path | None = None) -> Language | None:
    """The tagger (trained by ``tools/train/quotes.py``), or None when switched off. A missing
    model is an error: it ships with the package."""
    if not tagger_enabled():
        return None
    return load_shipped(
        path or TAGGER,
        "attribution tagger",
        "`make train-quotes` builds it, NAS_QUOTE_TAGGER=0 switches it off",
    )


def tag(doc: Doc) -> list[Tagged]:
    """The tagger's spans on ``doc`` in text order; none when it is switched off."""
    nlp = load_tagger()
    if nlp is None or not len(doc):
        return []
    out = nlp.get_pipe("ner")(tagger_doc(nlp.vocab, doc))
    return [Tagged(e.label_, e.start, e.end) for e in out.ents]
