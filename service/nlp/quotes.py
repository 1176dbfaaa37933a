"""Quote extraction: direct, indirect and mixed quotes with cue, speaker mention and addressees.

PLACEHOLDER: the quotes helper replaces the body of ``extract_quotes``; the ``RawQuote`` shape is the
interface with ``engine.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from service.nlp.types import Cue, Span


@dataclass(frozen=True, slots=True)
class RawQuote:
    """A quote before its speaker is linked to an actor. All spans index ``doc.text``."""

    fragments: tuple[Span, ...]  # content, several for a discontinuous mixed quote
    type: str  # direct | indirect | mixed
    cue: Cue | None
    speaker: Span | None  # the words that name the speaker here (pronoun included)
    addressees: tuple[Span, ...] = ()
    via: Span | None = None  # "…, the State Department said"
    confidence: float = 0.5

    @property
    def start(self) -> int:
        return self.fragments[0].start

    @property
    def end(self) -> int:
        return self.fragments[-1].end


def extract_quotes(doc: Doc) -> list[RawQuote]:
    """RETURNS the quotes of ``doc`` in text order."""
    out: list[RawQuote] = []
    for tok in doc:
        if tok.lemma_ in {"say", "tell", "urge"} and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
            comp = [c for c in tok.children if c.dep_ in {"ccomp", "xcomp"}]
            if not comp:
                continue
            sub = list(comp[0].subtree)
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
            speaker = None
            if subj:
                st = list(subj[0].subtree)
                speaker = Span.of(doc.text, st[0].idx, st[-1].idx + len(st[-1]))
            out.append(
                RawQuote(
                    fragments=(Span.of(doc.text, start, end),),
                    type="indirect",
                    cue=Cue(tok.idx, tok.idx + len(tok), tok.text, tok.lemma_),
                    speaker=speaker,
                )
            )
    return out
