"""Fit the candidate ranker (``service.nlp.quotes.ranker``) on the tagger's held-out articles.

    python -m tools.train.quote_ranker ../shared/data/polnear/train.jsonl [OUT.json]
    make train-quotes                 (after the tagger; writes service/models/quote_ranker.json)

The held-out tenth of PolNeAR train (``tools.train.quotes.held_out``), which the tagger never
trained on, is run through the rules and the shipped tagger; each candidate is labelled by
whether its content matches a gold attribution (character Jaccard >= 0.5, as the scorer
counts). An L2-regularised logistic model is fitted by Newton's method, and the threshold that
maximises the candidate-level F1 of out-of-fold predictions (5 folds by article) is kept. No dev
article is read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from service.nlp import pipeline, speakers
from service.nlp.context import DocContext
from service.nlp.quotes import propose
from service.nlp.quotes.ranker import FEATURES, RANKER, features, ranked
from tools.eval.matching import JACCARD_MIN, jaccard, positions
from tools.train.quotes import held_out, read

L2 = 1.0
FOLDS = 5


def dataset(
    records: list[dict], n_process: int = 2
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, tuple[int, int]]:
    """Features, labels and article number of every candidate the ranker judges (``ranked``),
    the number of gold contents, and (count, matched) of the candidates it does not judge."""
    nlp = pipeline.load()
    xs: list[list[float]] = []
    ys: list[float] = []
    groups: list[int] = []
    n_gold = fixed = fixed_ok = 0
    docs = nlp.pipe((r["text"] for r in records), batch_size=8, n_process=n_process)
    for k, (rec, doc) in enumerate(zip(records, docs, strict=True)):
        text = rec["text"]
        gold = [
            positions(text, [(c["start"], c["end"]) for c in q["contents"]]) for q in rec["quotes"]
        ]
        gold = [g for g in gold if g]
        n_gold += len(gold)
        prop = propose(DocContext(doc), speakers.RULES)
        judged = [c for c in prop.cands if ranked(c)]
        for c in prop.cands:
            if not ranked(c):
                content = positions(text, c.content)
                fixed += 1
                fixed_ok += any(jaccard(g, content) >= JACCARD_MIN for g in gold)
        for c, x in zip(judged, features(prop, judged), strict=True):
            content = positions(text, c.content)
            xs.append(x)
            ys.append(float(any(jaccard(g, content) >= JACCARD_MIN for g in gold)))
            groups.append(k)
    return np.array(xs), np.array(ys), np.array(groups), n_gold, (fixed, fixed_ok)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method; the bias is not penalised."""
    a = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    pen = np.full(a.shape[1], l2)
    pen[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a @ w)))
        grad = a.T @ (p - y) + pen * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(pen) + 1e-9 * np.eye(a.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def best_threshold(
    p: np.ndarray, y: np.ndarray, n_gold: int, fixed: tuple[int, int] = (0, 0)
) -> tuple[float, float]:
    """The threshold with the best candidate-level F1 (a candidate that matches counts once),
    the candidates the ranker does not judge (``fixed``: count, matched) counted as kept."""
    best = (0.0, 0.0)
    for t in np.arange(0.0, 0.8, 0.01):
        keep = p >= t
        tp, n = y[keep].sum() + fixed[1], keep.sum() + fixed[0]
        if not n:
            continue
        prec, rec = tp / n, tp / n_gold
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), float(f1))
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("out", type=Path, nargs="?", default=RANKER)
    ap.add_argument("--n-process", type=int, default=2)
    args = ap.parse_args(argv)
    records = [r for r in read(args.train) if held_out(r["id"])]
    x, y, groups, n_gold, fixed = dataset(records, args.n_process)
    oof = np.zeros(len(y))
    for fold in range(FOLDS):
        test = groups % FOLDS == fold
        w, b = fit(x[~test], y[~test])
        oof[test] = 1 / (1 + np.exp(-(x[test] @ w + b)))
    threshold, f1 = best_threshold(oof, y, n_gold, fixed)
    base = best_threshold(np.ones(len(y)), y, n_gold, fixed)[1]
    w, b = fit(x, y)
    out = {
        "about": "candidate ranker (tools.train.quote_ranker): logistic weights per feature",
        "articles": len(records),
        "candidates": len(y),
        "not_judged": fixed[0],
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "threshold": threshold,
        "out_of_fold_f1": round(f1, 4),
        "f1_keeping_all": round(base, 4),
    }
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(records)} held-out articles, {len(y)} candidates: threshold {threshold}, "
        f"candidate F1 {base:.4f} -> {f1:.4f} (out of fold); saved {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
