"""What every measurement of the benchmark shares: the texts, word counts, the log line, rates and
percentiles."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# One BLAS/OpenMP thread, like each gunicorn worker: the raw limit is measured on one core.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def words(text: str) -> int:
    return len(text.split())


def log(message: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:4.2f}] {message}", file=sys.stderr, flush=True)


def load_texts(args: argparse.Namespace, max_chars: int) -> tuple[list[str], str]:
    """The articles every stage runs on, and a description of them."""
    if args.polnear:
        with open(args.polnear, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
        source = str(args.polnear)
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        source = f"{SEEDS.name}/*.txt"
        # A seed or two is too little to time: repeat them (spaCy caches nothing between docs).
        repeat = max(1, -(-args.min_words // max(1, sum(map(words, texts)))))
        texts = texts * repeat
        source += f" x{repeat}"
    texts = [t for t in texts if t.strip() and len(t) <= max_chars]
    if args.max_docs:
        texts = texts[: args.max_docs]
    return texts, source


def short_texts(docs_sents: Iterable[str], n: int) -> list[str]:
    """``n`` short, varied texts: sentences, then pairs of sentences once they run out."""
    sents = list(dict.fromkeys(s for s in docs_sents if 3 <= words(s) <= 80))
    if not sents:
        return []
    out = list(sents[:n])
    step = 1
    while len(out) < n:
        step += 1  # pair sentence i with sentence i+step: new combinations, each one different
        out.extend(f"{a} {sents[(i + step) % len(sents)]}" for i, a in enumerate(sents))
    return out[:n]


def raw_rate(n: int, wall: float, cpu: float) -> dict[str, Any]:
    """Words/s and words per CPU-second of a raw parse of ``n`` words."""
    return {
        "words": n,
        "seconds": wall,
        "words_per_s": n / wall if wall else 0.0,
        "cpu_s": cpu,
        "words_per_cpu_s": n / cpu if cpu else 0.0,
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": qs[94], "p99": qs[98], "n": len(samples)}


def cpu_delta(before: dict[int, int], after: dict[int, int]) -> float:
    """Seconds of CPU the workers used between two ``Server.cpu_ns()`` readings."""
    return sum(ns - before.get(pid, 0) for pid, ns in after.items()) / 1e9
