"""The attribution span tagger: a small learned model that marks CONTENT, CUE and SOURCE spans.

It reads the parsed article (word forms plus the tags and dependency labels of the main pipeline,
and where each word stands to the nearest cue above it and to quotation marks: ``token_places``)
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

import numpy as np
from spacy.attrs import DEP, LEMMA, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from service.lexicons.cues import CueLexicon, load_cues
from service.models import DIR as MODELS
from service.models import load_shipped
from service.nlp.quotemarks import scan

TAGGER = MODELS / "attribution_spans"
LABELS = ("CONTENT", "CUE", "SOURCE")
WIDTH = 64
# Form features as spaCy's efficiency preset has them, plus the parse the tagger cannot see itself,
# plus where the word stands to the nearest cue word above it in the tree (carried in LEMMA, which
# the tagger's own Doc has no other use for): a content's boundary is its cue's complement, which a
# window of a few words cannot see.
_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "DEP", "LEMMA"]
_ROWS = [5000, 1000, 2500, 2500, 100, 100, 200]
_VERBS = frozenset({"VERB", "AUX"})


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


def tagger_doc(vocab: Vocab, doc: Doc | Span, places: list[str] | None = None) -> Doc:
    """The tagger's input: ``doc``'s tokens with their tags and dependency labels but no sentence
    boundaries, since a quotation runs across sentences and spaCy's entity tagger stops at them;
    each token's ``token_places`` in LEMMA (which the tagger's own ``Doc`` has no other use for).
    A paragraph (a ``Span``) reads the places of its whole article, as the service reads them:
    ``places`` passes them in, computed once per article, else they are computed here."""
    out = Doc(vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    src = doc if isinstance(doc, Doc) else doc.as_doc()
    out.from_array([TAG, DEP], src.to_array([TAG, DEP]))
    if places is None:
        full = doc if isinstance(doc, Doc) else doc.doc
        lo = 0 if isinstance(doc, Doc) else doc.start
        places = token_places(full)[lo : lo + len(out)]
    out.from_array([LEMMA], _ids(vocab, places))
    return out


def token_places(doc: Doc, lex: CueLexicon | None = None) -> list[str]:
    """Each token's ``cue_places``, with ``|q`` when it is inside quotation marks: the one
    long-range fact of a direct quote the tagger's window cannot see. Marks are paired within
    each paragraph, the tagger's unit (its contents never cross a paragraph: quotes running on
    over several are the rules'), and it learned its contents paragraph by paragraph."""
    places = cue_places(doc, lex)
    marks: list[tuple[int, int]] = []
    start = 0
    for end in [t.i for t in doc if "\n" in t.text] + [len(doc)]:
        if start < end:
            base = doc[start].idx
            marks += [(q.start + base, q.end + base) for q in scan(doc[start:end].text).quoted]
        start = end + 1
    k = 0
    for t in doc:
        while k < len(marks) and marks[k][1] <= t.idx:
            k += 1
        if k < len(marks) and marks[k][0] <= t.idx:
            places[t.i] += "|q"
    return places


def cue_places(doc: Doc, lex: CueLexicon | None = None) -> list[str]:
    """For each token of ``doc``, where it stands to the nearest cue above it in the dependency
    tree: ``CUE`` (a cue verb), ``NCUE`` (a cue noun), ``in:<dep>`` (in the subtree of the cue's
    child with that label: ``in:ccomp`` is its complement, ``in:nsubj`` its speaker) or ``-``.
    The cues are the lexicon's (``service/lexicons/cues.yaml``): editing it changes what the
    shipped tagger reads, so retrain it (``make train-quotes``) after a change."""
    lex = lex or load_cues()
    own: list[str | None] = []
    for t in doc:
        lemma = t.lemma_.lower()
        if t.pos_ in _VERBS and lemma in lex.verbs:
            own.append("CUE")
        elif t.pos_ in {"NOUN", "PROPN"} and lemma in lex.nominal:
            own.append("NCUE")
        else:
            own.append(None)
    place: list[str | None] = [None] * len(doc)

    def resolve(i: int) -> str:
        # iteratively up the tree (a long sentence is a deep one), remembering on the way down
        path, j = [], i
        while place[j] is None:
            head = doc[j].head.i
            if own[j] is not None:
                place[j] = own[j]
            elif head == j:
                place[j] = "-"
            elif own[head] is not None:
                place[j] = f"in:{doc[j].dep_}"
            else:
                path.append(j)
                j = head
        for k in path:
            place[k] = place[j]
        return place[i]  # type: ignore[return-value]

    return [resolve(i) for i in range(len(doc))]


def _ids(vocab: Vocab, values: list[str]) -> np.ndarray:
    return np.asarray([[vocab.strings.add(v)] for v in values], dtype="uint64")


@dataclass(frozen=True, slots=True)
class Tagged:
    """A span the tagger marked, in tokens (end-exclusive) of the article's ``Doc``."""

    label: str
    start: int
    end: int


def nearest(anchor: Tagged, spans: list[Tagged]) -> Tagged | None:
    """The span of ``spans`` fewest tokens away from ``anchor``, the first of equals."""
    return min(spans, key=lambda s: (_gap(anchor, s), s.start), default=None)


def _gap(a: Tagged, b: Tagged) -> int:
    """Tokens between two spans; 0 when they touch or overlap."""
    return max(0, b.start - a.end, a.start - b.end)


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
