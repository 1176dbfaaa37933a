"""Benchmark the service against its physical limit, the spaCy parse, in one run on the same texts.

    python -m tools.bench --polnear /path/to/polnear/dev.jsonl
    python -m tools.bench --seeds

Stages, each bounded in time: raw ``nlp.pipe`` words/s of the model exactly as shipped (the
limit) and of the service's pipeline (the same model with the array attribute ruler), a batch of
each in turn; the engine's words/s; the HTTP service under gunicorn (``scripts/serve.sh`` on
127.0.0.1), with 1 and then 2 workers, through ``/v1/analyze/batch`` and through single requests
at concurrency = workers. With one worker the batch route is timed in turn with both raw pipelines
on the same batches, and that pairing gives the batch ratios (stages minutes apart see the
machine's speed drift); p50/p95/p99 latency of one article via HTTP against raw ``nlp(text)`` of
the stock model (interleaved, so load drift hits both alike); the memory of each worker at start
and over many short requests of varied text. Scaling is measured the paired way too: a one-worker
and a two-worker service up side by side, sent the same rounds of batch requests in turn, beside
raw ``nlp.pipe`` in one forked process and in two, also in turn (the machine's own scaling). It
prints the ratios of the performance targets with pass/fail and can write every number as JSON
(``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from tools.bench.common import THREAD_VARS, load_texts, log, short_texts, words
from tools.bench.inprocess import stage_engine, stage_raw
from tools.bench.report import machine, print_report, ratios
from tools.bench.scaling import stage_scaling
from tools.bench.serving import stage_server


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tools.bench",
        description="Throughput, latency and memory of the service against raw spaCy, in one run "
        "on the same texts; prints the ratios of the performance targets with pass/fail.",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--polnear", metavar="PATH", help="PolNeAR JSON Lines (e.g. dev.jsonl)")
    src.add_argument("--seeds", action="store_true", help="the articles in seeds/ (the default)")
    p.add_argument("--max-docs", type=int, default=0, help="use only the first N articles")
    p.add_argument("--min-words", type=int, default=20_000, help="--seeds: repeat up to this")
    p.add_argument("--batch-size", type=int, default=8, help="nlp.pipe batch size (raw, engine)")
    p.add_argument("--batch-docs", type=int, default=8, help="documents per batch request")
    p.add_argument("--workers", default="1,2", help="gunicorn worker counts to run (default 1,2)")
    p.add_argument(
        "--scaling-docs", type=int, default=1, help="documents per batch request, scaling stage"
    )
    p.add_argument(
        "--scaling-round", type=int, default=16, help="batch requests per round, scaling stage"
    )
    p.add_argument(
        "--batch-passes", type=int, default=2, help="passes over the texts, 1-worker batch stage"
    )
    p.add_argument(
        "--scaling-passes", type=int, default=3, help="passes over the texts, scaling stage"
    )
    p.add_argument("--stage-seconds", type=float, default=180, help="time budget of each stage")
    p.add_argument("--latency-runs", type=int, default=40, help="timed runs of the one article")
    p.add_argument("--short-requests", type=int, default=10_000, help="memory stage requests")
    p.add_argument("--memory-seconds", type=float, default=300, help="memory stage time budget")
    p.add_argument("--memory-every", type=int, default=1_000, help="sample memory every N")
    p.add_argument("--memory-workers", type=int, default=1, help="run the memory stage here")
    p.add_argument(
        "--gunicorn-args", default="", help="extra gunicorn arguments, e.g. '--max-requests 0'"
    )
    p.add_argument("--server-log", default="/tmp/service-bench-gunicorn.log", help="gunicorn log")
    p.add_argument("--json", metavar="PATH", help="also write every number to PATH as JSON")
    p.add_argument("--no-http", action="store_true", help="only the in-process stages")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for var in THREAD_VARS:
        os.environ.setdefault(var, "1")  # before numpy is imported below; inherited by gunicorn
    import spacy

    from service import config
    from service.nlp import pipeline

    cfg = config.load()
    load_start = os.getloadavg()[0]
    texts, source = load_texts(args, cfg["MAX_TEXT_CHARS"])
    if not texts:
        print("error: no texts", file=sys.stderr)
        return 2
    nlp = pipeline.load()  # the service's pipeline
    stock = pipeline.load(stock=True)  # the model exactly as shipped: the limit
    info = pipeline.model_info(nlp)
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "texts": source,
        "n_texts": len(texts),
        "machine": machine(),
        "versions": f"spaCy {spacy.__version__}, {info.name} {info.version}",
        "load_start": load_start,
        "args": vars(args),
    }
    log(f"{len(texts)} articles, {sum(map(words, texts)):,} words; raw nlp.pipe ...")
    raws, sents = stage_raw({"stock": stock, "service": nlp}, texts, args.batch_size)
    result["raw"], result["raw_service"] = raws["stock"], raws["service"]
    log(
        f"raw: stock {result['raw']['words_per_s']:,.0f}, service pipeline "
        f"{result['raw_service']['words_per_s']:,.0f} words/s; engine ..."
    )
    result["engine"] = stage_engine(nlp, texts, args.batch_size)
    log(f"engine: {result['engine']['words_per_s']:,.0f} words/s")
    ordered = sorted(texts, key=words)
    latency_text = ordered[len(ordered) // 2]  # the median article
    short = short_texts(sents, args.short_requests)
    if not args.no_http:
        for n in (int(x) for x in args.workers.split(",") if x.strip()):
            result[f"server_{n}"] = stage_server(
                n, args, texts, short, nlp, stock, latency_text, cfg
            )
        if {1, 2} <= {int(x) for x in args.workers.split(",") if x.strip()}:
            result["scaling"] = stage_scaling(args, texts, cfg)
    result["load_end"] = os.getloadavg()[0]
    result["ratios"] = ratios(result)
    ok = print_report(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
