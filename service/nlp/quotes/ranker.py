"""The candidate ranker: how likely a candidate is a real attribution, given the tagger.

A logistic model over a few facts of each candidate (how far its content agrees with the
tagger's contents, its rule and calibrated confidence, quotation marks, speaker, whether the
tagger marks its cue and speaker too) says how likely it is to match an attribution; candidates
below the threshold are dropped before the selection (``ranked``: the tagger's candidates).
The tagger's own candidates are also read for where the cue stands (before the content, how far
from it, known to the lexicon) and whether they are a second reading beside the rules'
(``beside_rule``). Weights and threshold are package data
(``service/models/quote_ranker.json``), fitted by ``tools.train.quote_ranker`` on PolNeAR train
articles the tagger never saw.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.models import DIR as MODELS
from service.nlp.quotes.candidates import Candidate, Range
from service.nlp.quotes.confidence import calibrated, confidence, evidence_key
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.learned import Tagged
from service.nlp.quotes.selection import jaccard
from service.nlp.types import QuoteKind

RANKER = MODELS / "quote_ranker.json"
KINDS: tuple[QuoteKind, ...] = (
    "verb",
    "direct",
    "nominal",
    "according",
    "colon",
    "continuation",
    "tagged",
)
FEATURES = (
    "agree",  # a tagged content has Jaccard >= 0.5 with the candidate's
    "partial",  # one overlaps it, less
    "jaccard",
    "confidence",
    "partial_x_confidence",
    "none_x_confidence",
    *(f"kind_{k}" for k in KINDS),
    "quote_marks",
    "no_speaker",
    "cue_tagged",
    "speaker_tagged",
    "log_length",
    "beside_rule",
    "cue_known",
    "cue_before",
    "log_gap",
)


@dataclass
class Proposal:
    """The candidates of one article before the selection, and the tagger's spans."""

    facts: QuoteFacts
    cands: list[Candidate]
    spans: list[Tagged]


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, x: list[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def features(prop: Proposal, cands: list[Candidate]) -> list[list[float]]:
    """One feature row (``FEATURES``) per candidate in ``cands``, read against ``prop``'s spans."""
    ctx, text, lex = prop.facts.ctx, prop.facts.text, prop.facts.lex
    ranges: dict[str, list[Range]] = {"CONTENT": [], "CUE": [], "SOURCE": []}
    for s in prop.spans:
        ranges[s.label].append((ctx.idx[s.start], ctx.end[s.end - 1]))
    rows = []
    for c in cands:
        jac = max((jaccard(c.content, [r]) for r in ranges["CONTENT"]), default=0.0)
        conf = calibrated(evidence_key(c, text), confidence(c))
        agree, partial = jac >= 0.5, 0.0 < jac < 0.5
        length = sum(e - s for s, e in c.content)
        rows.append(
            [
                float(agree),
                float(partial),
                jac,
                conf,
                conf * partial,
                conf * (jac == 0.0),
                *(float(c.kind == k) for k in KINDS),
                float(c.has_quote),
                float(c.speaker is None),
                float(c.cue is not None and _touches((c.cue.start, c.cue.end), ranges["CUE"])),
                float(c.speaker is not None and _touches(c.speaker, ranges["SOURCE"])),
                math.log1p(length) / 10,
                float(c.beside_rule),
                float(c.lemma in lex.verbs or c.lemma in lex.nominal),
                float(c.cue is not None and c.cue.end <= c.content[0][0]),
                math.log1p(_char_gap(c)) / 10,
            ]
        )
    return rows


def ranked(c: Candidate) -> bool:
    """The ranker judges the tagger's candidates only: it learns PolNeAR's conventions, which
    leave many quotations of news without an attribution of their own, so on the rules'
    candidates it would drop quotes a news reader wants (docs/accuracy.md)."""
    return c.kind == "tagged"


def drop_unlikely(prop: Proposal) -> None:
    """Mark the candidates the ranker finds below its threshold as dropped."""
    judged = [c for c in prop.cands if ranked(c)]
    if not judged:
        return
    ranker = load_ranker()
    for c, x in zip(judged, features(prop, judged), strict=True):
        if ranker.probability(x) < ranker.threshold:
            c.dropped = True


@cache
def load_ranker(path: Path | None = None) -> Ranker:
    """The fitted ranker. A missing one is an error: it ships with the package, fitted to the
    shipped tagger."""
    path = path or RANKER
    if not path.exists():
        raise FileNotFoundError(f"quote ranker missing at {path} (package data; make train-quotes)")
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path.name}: fitted on other features; refit (tools.train.quote_ranker)")
    return Ranker(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))


def _char_gap(c: Candidate) -> int:
    """Characters between the cue and the content."""
    if c.cue is None:
        return 0
    lo, hi = c.content[0][0], c.content[-1][1]
    return max(0, lo - c.cue.end, c.cue.start - hi)


def _touches(rng: Range, ranges: list[Range]) -> bool:
    return any(s < rng[1] and rng[0] < e for s, e in ranges)
