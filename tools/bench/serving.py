"""The service under gunicorn with 1 or 2 workers: batch and single throughput, one article's
latency against raw ``nlp(text)``, worker memory over many short requests; workers pinned to a
core each."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tools.bench.common import cpu_delta, log, percentiles, words
from tools.bench.http_runs import http_batch, http_single, paired_batch


def latency(nlp: Any, server: Any, text: str, runs: int, budget: float) -> dict[str, Any]:
    """One article, alternately raw in this process and through HTTP; p50/p95/p99 of each.

    Wall time, and CPU time (this thread for the raw parse, the worker for the request: what the
    article costs whatever else the machine runs).
    """
    import requests

    url = server.url
    session = requests.Session()
    body = {"text": text}
    for _ in range(2):  # warm-up both
        nlp(text)
        session.post(url + "/v1/analyze", json=body, timeout=300).raise_for_status()
    raw: list[float] = []
    http: list[float] = []
    raw_cpu: list[float] = []
    http_cpu: list[float] = []
    deadline = time.perf_counter() + budget
    while len(raw) < runs and time.perf_counter() < deadline:
        c0 = time.thread_time()
        t0 = time.perf_counter()
        nlp(text)
        t1 = time.perf_counter()
        c1 = time.thread_time()
        w0 = server.cpu_ns()
        t2 = time.perf_counter()
        session.post(url + "/v1/analyze", json=body, timeout=300).raise_for_status()
        t3 = time.perf_counter()
        raw.append((t1 - t0) * 1000)
        http.append((t3 - t2) * 1000)
        raw_cpu.append((c1 - c0) * 1000)
        http_cpu.append(cpu_delta(w0, server.cpu_ns()) * 1000)
    return {
        "words": words(text),
        "raw_ms": percentiles(raw),
        "http_ms": percentiles(http),
        "raw_cpu_ms": percentiles(raw_cpu),
        "http_worker_cpu_ms": percentiles(http_cpu),
    }


def memory_run(
    server: Any, texts: list[str], concurrency: int, budget: float, every: int
) -> dict[str, Any]:
    """Short requests of varied text; worker memory sampled every ``every`` requests."""
    samples: list[dict[str, Any]] = []

    def sample(done: int) -> None:
        for m in server.memory():
            samples.append({"requests": done, "pid": m.pid, "rss_mb": m.rss_mb, "pss_mb": m.pss_mb})

    sample(0)
    done = 0
    started = time.perf_counter()
    totals = {"requests": 0, "failures": 0, "words": 0, "seconds": 0.0}
    for chunk_start in range(0, len(texts), every):
        left = budget - (time.perf_counter() - started)
        if left <= 0:
            break
        r = http_single(server.url, texts[chunk_start : chunk_start + every], concurrency, left)
        for k in totals:
            totals[k] += r[k]
        done += r["requests"]
        sample(done)
        log(f"  {done} short requests; workers {_mem_line(samples[-len(server.worker_pids()) :])}")
    rss = [s["rss_mb"] for s in samples]
    by_pid: dict[int, list[dict[str, Any]]] = {}
    for s in samples:
        by_pid.setdefault(s["pid"], []).append(s)
    # Growth within one worker's life (recycled workers start again from the master's image).
    growth = max((v[-1]["rss_mb"] - v[0]["rss_mb"] for v in by_pid.values()), default=0.0)
    return {
        **totals,
        "of": len(texts),
        "complete": totals["requests"] == len(texts),
        "samples": samples,
        "rss_max_mb": max(rss),
        "rss_first_mb": rss[0],
        "rss_last_mb": rss[-1],
        "max_growth_in_one_worker_mb": growth,
        "workers_seen": len(by_pid),
    }


def _mem_line(samples: Iterable[Any]) -> str:
    return ", ".join(
        f"{s['pid']}: RSS {s['rss_mb']:.0f} MB PSS {s['pss_mb']:.0f} MB" for s in samples
    )


def stage_server(
    workers: int,
    args: argparse.Namespace,
    texts: list[str],
    short: list[str],
    nlp: Any,
    stock: Any,
    latency_text: str,
    cfg: dict[str, Any],
) -> dict[str, Any]:
    """The service under gunicorn with ``workers`` workers; ``stock`` is the reference pipeline."""
    from tools.bench.server import Server

    out: dict[str, Any] = {"workers": workers}
    log_path = Path(args.server_log)
    with (
        Server(workers, log_path=log_path, extra_args=args.gunicorn_args) as server,
        _pinned(server, workers),
    ):
        out["memory_at_start"] = [_asdict(m) for m in server.memory()]
        log(f"{workers} worker(s) up on {server.url}; {_mem_line(out['memory_at_start'])}")
        warm_up(server, texts, args.stage_seconds)
        probe = server.cpu_ns
        if workers == 1:
            # New pipeline instances: the ones in hand have read these texts (raw and engine
            # stages) and carry warm caches (lemmas above all: ~8% of a first parse), while the
            # worker meets the texts for the first time. Cold against cold.
            from service.nlp import pipeline

            b, raws = paired_batch(
                {
                    "stock": pipeline.load(stock=True, fresh=True),
                    "service": pipeline.load(fresh=True),
                },
                server,
                texts,
                args.batch_docs,
                args.batch_size,
                args.stage_seconds,
                cfg["MAX_BODY_BYTES"],
                args.batch_passes,
            )
            out["batch_raw"], out["batch_raw_service"] = raws["stock"], raws["service"]
            log(
                f"  raw nlp.pipe, same batches: stock {raws['stock']['words_per_s']:,.0f}, "
                f"service pipeline {raws['service']['words_per_s']:,.0f} words/s"
            )
        else:
            b = http_batch(
                server.url,
                texts,
                args.batch_docs,
                workers,
                args.stage_seconds,
                cfg["MAX_BODY_BYTES"],
                probe,
            )
        out["batch"] = b
        log(f"  batch: {b['words_per_s']:,.0f} words/s ({b['requests']}/{b['of']} requests)")
        s = http_single(server.url, texts, workers, args.stage_seconds, probe)
        out["single"] = s
        log(f"  single: {s['words_per_s']:,.0f} words/s ({s['requests']}/{s['of']} requests)")
        if workers == 1:
            out["latency"] = lat = latency(
                stock, server, latency_text, args.latency_runs, args.stage_seconds
            )
            log(
                f"  latency p50 raw {lat['raw_ms']['p50']:.0f} ms, "
                f"HTTP {lat['http_ms']['p50']:.0f} ms ({lat['raw_ms']['n']} runs)"
            )
        if workers == args.memory_workers and short:
            out["memory_run"] = memory_run(
                server, short, workers, args.memory_seconds, args.memory_every
            )
        out["memory_at_end"] = [_asdict(m) for m in server.memory()]
        log(f"  end: {_mem_line(out['memory_at_end'])}")
    return out


def warm_up(server: Any, texts: list[str], budget: float) -> None:
    """A few short requests, so that no worker's first request is inside a measurement."""
    http_single(server.url, [texts[0][:300]] * (2 * server.workers), server.workers, budget)


@contextmanager
def _pinned(server: Any, workers: int) -> Iterator[None]:
    """Give each worker a core of its own; with one worker, this process shares its core.

    On a shared VM the scheduler moves busy processes between cores (and the cores' speeds differ
    from minute to minute): measured, that cost the one-worker stage 10-20% from run to run. One
    worker is compared with raw spaCy in this process a request at a time, so the two take turns
    on the same core; two workers get a core each, the client threads running where they can.
    The same placement for 1 and 2 workers keeps the scaling ratio about the service.
    """
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < max(2, workers):
        yield
        return
    own = set(cpus)
    try:
        if workers == 1:
            os.sched_setaffinity(0, {cpus[0]})
            with suppress(OSError):  # later workers inherit the master's core
                os.sched_setaffinity(server.master_pid, {cpus[0]})
        pinned = pin_workers(server, cpus)
        # (with two workers, one respawned by max_requests would not be pinned: the two-worker
        # stages are far shorter than a worker's life)
        with_us = ", sharing this process's core" if workers == 1 else ""
        log(f"  {pinned} of {workers} worker(s) pinned to a core each{with_us}")
        yield
    finally:
        os.sched_setaffinity(0, own)


def pin_workers(server: Any, cpus: list[int]) -> int:
    """Pin the k-th worker of ``server`` to the k-th of ``cpus``; how many were pinned."""
    pinned = 0
    for k, pid in enumerate(server.worker_pids()):
        with suppress(OSError):
            os.sched_setaffinity(pid, {cpus[k % len(cpus)]})
            pinned += 1
    return pinned


def _asdict(m: Any) -> dict[str, Any]:
    return {"pid": m.pid, "rss_mb": m.rss_mb, "pss_mb": m.pss_mb}
