"""The attribution scorer of ``tools.eval quotes``: attributions reduced to stripped character
positions, matched one-to-one to gold by character Jaccard, counted and turned into P/R/F1,
speaker and cue accuracy and end-to-end F1 (the rules: ``tools.eval.quotes``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

_MARKS = "\"'“”‘’«»„‹›`"
_TRAIL = ",.:;"
JACCARD_MIN = 0.5
NESTED_MIN = 0.9  # share of a prediction's characters inside a matched gold content


@dataclass(frozen=True, slots=True)
class Item:
    """One attribution, gold or predicted, reduced to what the scorer compares."""

    content: frozenset[int]  # stripped character positions
    direct: bool
    speaker: tuple[tuple[int, int], ...] = ()  # mention ranges (gold: sources)
    cue: tuple[tuple[int, int], ...] = ()
    has_speaker: bool = True
    confidence: float = 1.0


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    gold_direct: int = 0
    pred_direct: int = 0
    matched_gold_direct: int = 0
    matched_pred_direct: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0
    nested: int = 0
    calib: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this one (every counter, and the calibration samples)."""
        for f in fields(self):
            if f.name != "calib":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        self.calib.extend(other.calib)


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, quotation marks and trailing ``,.:;``."""
    while start < end and (text[start].isspace() or text[start] in _MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS + _TRAIL):
        end -= 1
    return start, end


def positions(text: str, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for s, e in ranges:
        s, e = strip_range(text, s, e)
        out.update(range(s, e))
    return frozenset(out)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(gold: Sequence[Item], pred: Sequence[Item]) -> tuple[dict[int, int], set[int]]:
    """RETURNS the one-to-one matches (prediction index -> gold index, greedy by Jaccard >=
    ``JACCARD_MIN``) and the unmatched predictions nested inside a matched gold content."""
    pairs = sorted(
        (
            (jaccard(g.content, p.content), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if g.content and p.content
        ),
        reverse=True,
    )
    g_used: set[int] = set()
    p_used: dict[int, int] = {}
    for j, gi, pi in pairs:
        if j < JACCARD_MIN:
            break
        if gi not in g_used and pi not in p_used:
            g_used.add(gi)
            p_used[pi] = gi
    nested = {
        pi
        for pi, p in enumerate(pred)
        if pi not in p_used
        and p.content
        and any(len(p.content & gold[gi].content) >= NESTED_MIN * len(p.content) for gi in g_used)
    }
    return p_used, nested


def score_article(gold: list[Item], pred: list[Item]) -> Counts:
    """Match ``pred`` to ``gold`` one-to-one (greedy by Jaccard) and count."""
    c = Counts(gold=len(gold), gold_direct=sum(g.direct for g in gold))
    p_used, nested = match(gold, pred)
    for pi, p in enumerate(pred):
        if pi in p_used:
            continue
        if pi in nested:
            c.nested += 1
            continue
        c.pred += 1
        c.pred_direct += p.direct
        c.calib.append((p.confidence, False))
    for pi, gi in p_used.items():
        p, g = pred[pi], gold[gi]
        c.pred += 1
        c.matched += 1
        c.pred_direct += p.direct
        c.matched_gold_direct += g.direct
        c.matched_pred_direct += p.direct
        c.calib.append((p.confidence, True))
        if g.has_speaker:
            c.speaker_ok += _overlaps(p.speaker, g.speaker)
        else:
            c.speaker_ok += not p.has_speaker
        c.cue_ok += _overlaps(p.cue, g.cue) if g.cue else not p.cue
    return c


def gold_items(article: dict[str, Any]) -> list[Item]:
    """The gold attributions of one PolNeAR article."""
    text = article["text"]
    out = []
    for q in article["quotes"]:
        cue = q.get("cue_fragments") or ([q["cue"]] if q.get("cue") else [])
        out.append(
            Item(
                content=positions(text, ((c["start"], c["end"]) for c in q["contents"])),
                direct=bool(q["has_quote_marks"]),
                speaker=tuple((s["start"], s["end"]) for s in q["sources"]),
                cue=tuple((x["start"], x["end"]) for x in cue),
                has_speaker=bool(q["sources"]),
            )
        )
    return out


def engine_items(text: str, answer: dict) -> list[Item]:
    """Predictions from one ``/v1/analyze`` answer (JSON); a speaker matches through its mention or
    any mention of its actor."""
    mentions = {
        a["id"]: tuple((m["start"], m["end"]) for m in a["mentions"]) for a in answer["actors"]
    }
    out = []
    for q in answer["quotes"]:
        spk: tuple[tuple[int, int], ...] = ()
        if q["speaker_mention"] is not None:
            spk += ((q["speaker_mention"]["start"], q["speaker_mention"]["end"]),)
        if q["speaker"]:
            spk += mentions.get(q["speaker"], ())
        cue = q["cue"]
        out.append(
            Item(
                content=positions(text, ((f["start"], f["end"]) for f in q["fragments"])),
                direct=q["type"] in {"direct", "mixed"},
                speaker=spk,
                cue=((cue["start"], cue["end"]),) if cue else (),
                has_speaker=bool(spk),
                confidence=q["confidence"],
            )
        )
    return out


def _prf(tp_p: int, pred: int, tp_r: int, gold: int) -> tuple[float, float, float]:
    p = tp_p / pred if pred else 0.0
    r = tp_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def metrics(c: Counts) -> dict[str, float]:
    p, r, f = _prf(c.matched, c.pred, c.matched, c.gold)
    dp, dr, df = _prf(c.matched_pred_direct, c.pred_direct, c.matched_gold_direct, c.gold_direct)
    ep, er, ef = _prf(c.speaker_ok, c.pred, c.speaker_ok, c.gold)
    return {
        "all_p": p,
        "all_r": r,
        "all_f1": f,
        "direct_p": dp,
        "direct_r": dr,
        "direct_f1": df,
        "speaker_acc": c.speaker_ok / c.matched if c.matched else 0.0,
        "cue_acc": c.cue_ok / c.matched if c.matched else 0.0,
        "e2e_p": ep,
        "e2e_r": er,
        "e2e_f1": ef,
    }


def calibration(
    c: Counts, edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
) -> list[tuple[float, float, int, float]]:
    """(bin low, bin high, n, precision) of predictions by confidence."""
    rows = []
    bounds = [*list(edges), 1.01]
    for lo, hi in itertools.pairwise(bounds):
        hits = [ok for conf, ok in c.calib if lo <= conf < hi]
        if hits:
            rows.append((lo, min(hi, 1.0), len(hits), sum(hits) / len(hits)))
    return rows
