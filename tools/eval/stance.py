"""``python -m tools.eval stance PATH.jsonl``: DSE directed-sentiment 5-class macro-F1.

Each line is ``{"text", "e1": {start, end}, "e2": {start, end}, "label"}`` with labels 0 none,
1 e1→e2 positive, 2 e2→e1 positive, 3 e1→e2 negative, 4 e2→e1 negative. The engine analyses each
sentence; the predicted class comes from the most confident polar stance whose source actor (or
an actor of its affiliation chain) has a mention overlapping ``e1`` and whose target has one
overlapping ``e2``, or the reverse; critical → negative, supportive → positive, neutral or none → 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from service.nlp.types import Analysis, Span

CLASSES = ("none", "e1>e2 +", "e2>e1 +", "e1>e2 -", "e2>e1 -")
_CODE = {
    ("fwd", "supportive"): 1,
    ("rev", "supportive"): 2,
    ("fwd", "critical"): 3,
    ("rev", "critical"): 4,
}


def _overlaps(mentions: Iterable[Span], span: dict[str, Any]) -> bool:
    return any(m.start < span["end"] and span["start"] < m.end for m in mentions)


def predict(analysis: Analysis, e1: dict[str, Any], e2: dict[str, Any]) -> int:
    """RETURNS the DSE class (0–4) the analysis gives to the pair (e1, e2)."""
    actors = {a.id: a for a in analysis.actors}

    def names(aid: str, span: dict, follow: bool) -> bool:
        seen = set()
        while aid in actors and aid not in seen:
            seen.add(aid)
            if _overlaps(actors[aid].mentions, span):
                return True
            if not follow:
                break
            aid = actors[aid].affiliation
        return False

    best, best_conf = 0, -1.0
    for s in analysis.stances:
        if s.label not in {"supportive", "critical"} or s.confidence <= best_conf:
            continue
        if names(s.source, e1, True) and names(s.target, e2, False):
            best, best_conf = _CODE[("fwd", s.label)], s.confidence
        elif names(s.source, e2, True) and names(s.target, e1, False):
            best, best_conf = _CODE[("rev", s.label)], s.confidence
    return best


def macro_f1(gold: Sequence[int], pred: Sequence[int], k: int = 5) -> tuple[float, list[float]]:
    """RETURNS (macro-F1, per-class F1) over classes ``0..k-1`` (a class never gold nor predicted
    scores 0, as in scikit-learn's default)."""
    f1s = []
    for c in range(k):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / k, f1s


def confusion(gold: Sequence[int], pred: Sequence[int], k: int = 5) -> list[list[int]]:
    """Counts by (gold class, predicted class)."""
    m = [[0] * k for _ in range(k)]
    for g, p in zip(gold, pred, strict=True):
        m[g][p] += 1
    return m


def format_report(gold: Sequence[int], pred: Sequence[int]) -> str:
    """Macro-F1 against the all-neutral baseline, per-class F1 and the confusion matrix."""
    f1, per = macro_f1(gold, pred)
    base, _ = macro_f1(gold, [0] * len(gold))
    lines = [
        f"records {len(gold)}",
        f"macro-F1 {f1:.4f}   (all-neutral baseline {base:.3f})",
        "per-class F1 " + "  ".join(f"{c}={v:.3f}" for c, v in zip(CLASSES, per, strict=True)),
        "confusion (rows gold, columns predicted)",
        " " * 10 + "".join(f"{c:>10}" for c in CLASSES),
    ]
    for c, row in zip(CLASSES, confusion(gold, pred), strict=True):
        lines.append(f"{c:>10}" + "".join(f"{n:>10}" for n in row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tools.eval stance", description=__doc__.split("\n")[0]
    )
    ap.add_argument("path", type=Path, help="DSE-format JSON Lines (e.g. dse_valid.jsonl)")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N records")
    ap.add_argument("--errors", type=int, default=0, help="print N misclassified records")
    args = ap.parse_args(argv)

    from service.nlp import engine, pipeline

    records = [json.loads(line) for line in args.path.open(encoding="utf-8") if line.strip()]
    if args.limit:
        records = records[: args.limit]
    nlp = pipeline.load()
    t0 = time.perf_counter()
    gold, pred = [], []
    analyses = engine.analyze_texts(nlp, (r["text"] for r in records), batch_size=64)
    for r, analysis in zip(records, analyses, strict=True):
        gold.append(int(r["label"]))
        pred.append(predict(analysis, r["e1"], r["e2"]))
    elapsed = time.perf_counter() - t0
    print(format_report(gold, pred))
    print(f"time {elapsed:.1f}s for {len(records)} sentences")
    shown = 0
    for r, g, p in zip(records, gold, pred, strict=True):
        if g != p and shown < args.errors:
            shown += 1
            print(f"gold={g} pred={p} e1={r['e1']['text']!r} e2={r['e2']['text']!r} :: {r['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
