"""The directed-sentiment classifier: for two actors named in one sentence, who is supportive or
critical of whom (five DSE classes), from a bag-of-n-grams text classifier trained on DSE train
(``tools/train/stance.py``) and shipped as package data. It fills pairs the rules leave open."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Span as SpacySpan

from service import models
from service.nlp.context import DocContext
from service.nlp.principals import ActorMap
from service.nlp.stance.finding import Finding

# a sentence, actor a and its token range in the sentence, actor b and its range
_Pair = tuple[SpacySpan, str, tuple[int, int], str, tuple[int, int]]

CLASSIFIER = models.DIR / "stance_textcat"
_MAX_ACTORS = 6  # per sentence: at most 15 pairs, so the classifier stays cheap beside the parse
_DSE = {
    "1": ("fwd", "supportive"),
    "2": ("rev", "supportive"),
    "3": ("fwd", "critical"),
    "4": ("rev", "critical"),
}


def classifier_enabled() -> bool:
    """False when switched off: ``NAS_STANCE_CLASSIFIER=0`` (older name ``STANCE_CLASSIFIER``)."""
    for name in ("NAS_STANCE_CLASSIFIER", "STANCE_CLASSIFIER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() != "0"
    return True


@cache
def load_classifier(path: Path | None = None) -> Language | None:
    """The directed-sentiment classifier (trained by tools/train/stance.py), or None when it is
    switched off (``classifier_enabled``). A missing model is an error: it ships with the package.
    """
    if not classifier_enabled():
        return None
    return models.load_shipped(
        path or CLASSIFIER, "stance classifier", "switch it off with NAS_STANCE_CLASSIFIER=0"
    )


def marked_words(words: Sequence[str], e1: tuple[int, int], e2: tuple[int, int]) -> list[str]:
    """``words`` with two token ranges (end-exclusive) wrapped in the marker tokens the classifier
    was trained with. Built from tokens, so the parsed doc is reused and nothing is re-tokenized."""
    opens = {e1[0]: ["<", "e1", ">"], e2[0]: ["<", "e2", ">"]}
    closes = {e1[1]: ["<", "/e1", ">"], e2[1]: ["<", "/e2", ">"]}
    out: list[str] = []
    for i, w in enumerate(words):
        out += closes.get(i, [])
        out += opens.get(i, [])
        if not w.isspace():
            out.append(w)
    out += closes.get(len(words), [])
    return out


def _sentence_pairs(ctx: DocContext, amap: ActorMap) -> Iterator[_Pair]:
    """(sentence, actor a, span a, actor b, span b) for the actors named in the same sentence,
    spans relative to the sentence. Every such sentence is read: the classifier finds stances in
    sentences without an act or hostility word too, and reading them all costs little."""
    at = amap.at_index
    for sent in ctx.sents:
        runs: dict[str, tuple[int, int]] = {}  # actor → its first token range in the sentence
        prev = None
        start = sent.start
        for i in range(start, sent.end):
            aid = at(i)
            if aid is None:
                prev = None
                continue
            s0, e0 = i - start, i + 1 - start
            if aid == prev and aid in runs:
                runs[aid] = (runs[aid][0], e0)
            elif aid not in runs and len(runs) < _MAX_ACTORS:
                runs[aid] = (s0, e0)
            prev = aid
        if len(runs) < 2:
            continue
        ids = list(runs)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                # people of one country disagree too ("Trump attacked Cruz"); the relations
                # between principals never rest on these guesses
                if not _affiliated(amap, a, b):
                    yield sent, a, runs[a], b, runs[b]


def _affiliated(amap: ActorMap, a: str, b: str) -> bool:
    """One is the other's affiliation, or its affiliation's ("Blinken" and "United States")."""
    return a in amap.chain(b) or b in amap.chain(a)


class _Marked:
    """A marked sentence as the bag-of-n-grams textcat (TextCatBOW, ORTH n-grams) reads a Doc: its
    length and its ORTH ids. Building real Docs instead re-tokenizes nothing but still creates a
    Doc and a lexeme per new word in the classifier's vocab, which grows with every text."""

    __slots__ = ("_orth",)

    def __init__(self, orth: list[int]) -> None:
        self._orth = numpy.asarray(orth, dtype=numpy.uint64)

    def __len__(self) -> int:
        return len(self._orth)

    def to_array(self, attrs: list[int]) -> numpy.ndarray:
        if list(attrs) != [ORTH]:  # only what extract_ngrams(attr=ORTH) asks for
            raise NotImplementedError(attrs)
        return self._orth


_BATCH = 64


def classified_stances(
    ctx: DocContext, amap: ActorMap, clf: Language, skip: frozenset | set = frozenset()
) -> list[Finding]:
    """Classifier stances for the actor pairs of a sentence, except the pairs in ``skip``."""
    # token columns read once, not through a Token object per word and pair
    strings = ctx.doc.vocab.strings
    pairs = [p for p in _sentence_pairs(ctx, amap) if frozenset((p[1], p[3])) not in skip]
    if not pairs:
        return []
    textcat = clf.get_pipe("textcat")
    labels = textcat.labels
    orths = ctx.orth_id
    marked: list[_Marked] = []
    by_sent: dict[int, tuple[list[int], list[bool] | None]] = {}
    for sent, _, sa, _, sb in pairs:
        if sent.start not in by_sent:
            # ORTH of a word is the hash of its text in every vocab: the parsed doc has it already
            ids = orths[sent.start : sent.end]
            keep = [not strings[x].isspace() for x in ids]
            by_sent[sent.start] = ids, None if all(keep) else keep
        ids, keep = by_sent[sent.start]
        marked.append(_Marked(_marked_ids(ids, keep, sa, sb)))
    out: list[Finding] = []
    for lo in range(0, len(pairs), _BATCH):
        scores = textcat.predict(marked[lo : lo + _BATCH])
        for (_, a, _, b, _), row in zip(pairs[lo : lo + _BATCH], scores, strict=True):
            cats = {label: float(row[j]) for j, label in enumerate(labels)}
            best = max(cats, key=cats.get)
            if best not in _DSE:
                continue
            way, label = _DSE[best]
            src, tgt = (a, b) if way == "fwd" else (b, a)
            act = "criticize" if label == "critical" else "express_support"
            out.append(
                Finding(
                    source=src,
                    target=tgt,
                    label=label,
                    act=act,
                    negated=False,
                    quotes=(),
                    confidence=round(0.6 * cats[best], 3),
                    guess=True,
                )
            )
    return out


def _marked_ids(
    ids: list[int], keep: list[bool] | None, e1: tuple[int, int], e2: tuple[int, int]
) -> list[int]:
    """``marked_words`` over ORTH ids (``keep``: the non-space words, None for all), built by
    slices between the four marker positions rather than word by word."""
    m = _marker_ids()
    lt, gt = m["<"], m[">"]
    opens = {e1[0]: [lt, m["e1"], gt], e2[0]: [lt, m["e2"], gt]}
    closes = {e1[1]: [lt, m["/e1"], gt], e2[1]: [lt, m["/e2"], gt]}
    n = len(ids)
    out: list[int] = []
    prev = 0
    for p in sorted({p for p in (*opens, *closes) if p <= n} | {n}):
        if keep is None:
            out += ids[prev:p]
        else:
            out += [x for x, k in zip(ids[prev:p], keep[prev:p], strict=True) if k]
        out += closes.get(p, [])
        if p < n:
            out += opens.get(p, [])
        prev = p
    return out


@cache
def _marker_ids() -> dict[str, int]:
    return {w: get_string_id(w) for w in ("<", ">", "e1", "e2", "/e1", "/e2")}
