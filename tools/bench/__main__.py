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
import math
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# One BLAS/OpenMP thread, like each gunicorn worker: the raw limit is measured on one core.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")

# The issues' targets: (key, description, comparison, bound). Issue 18 relaxed batch throughput
# (0.90 -> 0.75) and p50 latency (1.15 -> 1.3) to pay for the learned quote tagger.
TARGETS = (
    ("batch_1w_over_raw", "batch throughput via HTTP, 1 worker / raw nlp.pipe", ">=", 0.75),
    ("scaling_2w_over_1w", "2 workers / 1 worker batch throughput", ">=", 1.8),
    ("p50_http_over_raw", "one article p50 latency via HTTP / raw nlp(text)", "<=", 1.3),
    ("rss_max_mb", "RSS per worker over the short-request run (MB)", "<=", 400.0),
    ("language_over_parse", "language detection time / parse time (engine stage)", "<=", 0.02),
)


def words(text: str) -> int:
    return len(text.split())


def log(message: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:4.2f}] {message}", file=sys.stderr, flush=True)


# --- texts ----------------------------------------------------------------------------------------


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


# --- in-process stages ----------------------------------------------------------------------------


def stage_raw(
    pipelines: dict[str, Any], texts: list[str], batch_size: int
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Raw ``nlp.pipe`` words/s of each pipeline (the first is the limit), taken in turn a batch
    at a time so that drift hits all alike. Also returns the sentences for the memory stage."""
    for nlp in pipelines.values():
        list(nlp.pipe(texts[:8], batch_size=batch_size))  # warm-up
    sents: list[str] = []
    wall = dict.fromkeys(pipelines, 0.0)
    cpu = dict.fromkeys(pipelines, 0.0)
    first = next(iter(pipelines))
    for lo in range(0, len(texts), batch_size):
        chunk = texts[lo : lo + batch_size]
        for name, nlp in pipelines.items():
            # Stream the docs as the service does: holding them all alive makes the raw pass pay
            # for memory the other stages never allocate, and understates the limit.
            docs = nlp.pipe(chunk, batch_size=batch_size)
            while True:
                t0, c0 = time.perf_counter(), time.thread_time()
                doc = next(docs, None)
                wall[name] += time.perf_counter() - t0
                cpu[name] += time.thread_time() - c0
                if doc is None:
                    break
                if name == first:
                    sents.extend(s.text.strip() for s in doc.sents)
    n = sum(map(words, texts))
    return {name: raw_rate(n, wall[name], cpu[name]) for name in pipelines}, sents


def raw_rate(n: int, wall: float, cpu: float) -> dict[str, Any]:
    """Words/s and words per CPU-second of a raw parse of ``n`` words."""
    return {
        "words": n,
        "seconds": wall,
        "words_per_s": n / wall if wall else 0.0,
        "cpu_s": cpu,
        "words_per_cpu_s": n / cpu if cpu else 0.0,
    }


def stage_engine(nlp: Any, texts: list[str], batch_size: int) -> dict[str, Any]:
    """The engine's words/s (parse + rules), and with the API's JSON dump on top; and the time of
    the language detection the API runs on each text, against the parse's."""
    from service.api import Api
    from service.nlp import engine, language

    api = Api(nlp)
    n = sum(map(words, texts))
    parse = rules = dump = cpu = lang = 0.0
    last = time.perf_counter()
    cpu_last = time.process_time()
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True):
        t1 = time.perf_counter()
        analysis = engine.analyze_doc(doc)
        t2 = time.perf_counter()
        cpu += time.process_time() - cpu_last
        json.dumps(api.dump(analysis, None, 0.0, text), ensure_ascii=False)
        t3 = time.perf_counter()
        language.detect(text)
        t4 = time.perf_counter()
        parse += t1 - last
        rules += t2 - t1
        dump += t3 - t2
        lang += t4 - t3
        last = t4
        cpu_last = time.process_time()
    return {
        "words": n,
        "parse_s": parse,
        "rules_s": rules,
        "dump_s": dump,
        "language_s": lang,
        "words_per_s": n / (parse + rules),
        "words_per_s_with_dump": n / (parse + rules + dump),
        "words_per_cpu_s": n / cpu,
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": qs[94], "p99": qs[98], "n": len(samples)}


# --- HTTP stages ----------------------------------------------------------------------------------


def cpu_delta(before: dict[int, int], after: dict[int, int]) -> float:
    """Seconds of CPU the workers used between two ``Server.cpu_ns()`` readings."""
    return sum(ns - before.get(pid, 0) for pid, ns in after.items()) / 1e9


def _drive(
    jobs: list[Any],
    send: Callable[[Any, Any], int],
    concurrency: int,
    budget: float,
    cpu_probe: Callable[[], dict[int, int]] | None = None,
) -> dict[str, Any]:
    """Send ``jobs`` from ``concurrency`` client threads until done or ``budget`` seconds pass."""
    import requests

    order = iter(range(len(jobs)))
    lock = threading.Lock()
    done_words: list[int] = []
    failures: list[str] = []
    latencies: list[float] = []
    deadline = time.perf_counter() + budget

    def client() -> None:
        session = requests.Session()
        while time.perf_counter() < deadline:
            with lock:
                i = next(order, None)
            if i is None:
                return
            t0 = time.perf_counter()
            try:
                n = send(session, jobs[i])
            except Exception as exc:  # a failed request is counted, not fatal to the run
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - t0)
            done_words.append(n)

    cpu_before = cpu_probe() if cpu_probe else {}
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for f in [pool.submit(client) for _ in range(concurrency)]:
            f.result()
    seconds = time.perf_counter() - start
    total = sum(done_words)
    extra: dict[str, Any] = {}
    if cpu_probe:
        # The workers' own CPU time: a throughput that other load on the machine cannot dilute.
        # (A worker recycled during the stage takes its CPU time with it: an undercount.)
        cpu = cpu_delta(cpu_before, cpu_probe())
        extra = {"worker_cpu_s": cpu, "words_per_cpu_s": total / cpu if cpu else 0.0}
    return {
        **extra,
        "requests": len(done_words),
        "of": len(jobs),
        "failures": len(failures),
        "first_failure": failures[0] if failures else None,
        "words": total,
        "seconds": seconds,
        "words_per_s": total / seconds if seconds else 0.0,
        "complete": len(done_words) == len(jobs),
    }


def batches(texts: list[str], per_request: int, max_body: int) -> list[list[str]]:
    """Group texts into batch requests within the service's document and body limits."""
    out: list[list[str]] = []
    current: list[str] = []
    size = 0
    for t in texts:
        cost = len(json.dumps(t)) + 40
        if current and (len(current) == per_request or size + cost > max_body * 0.9):
            out.append(current)
            current, size = [], 0
        current.append(t)
        size += cost
    if current:
        out.append(current)
    return out


def post_batch(session: Any, url: str, docs: list[str]) -> int:
    """POST ``docs`` to the batch route of the service at ``url``; the words sent. Raises unless
    every item came back analysed."""
    r = session.post(
        url + "/v1/analyze/batch",
        json={"documents": [{"id": str(i), "text": t} for i, t in enumerate(docs)]},
        timeout=300,
    )
    r.raise_for_status()
    results = r.json()["results"]
    if len(results) != len(docs) or any("quotes" not in x for x in results):
        raise ValueError("a batch item failed")
    return sum(map(words, docs))


def http_batch(
    url: str,
    texts: list[str],
    per_request: int,
    concurrency: int,
    budget: float,
    max_body: int,
    cpu_probe: Callable[[], dict[int, int]] | None = None,
) -> dict[str, Any]:
    def send(session: Any, docs: list[str]) -> int:
        return post_batch(session, url, docs)

    jobs = batches(texts, per_request, max_body)
    if concurrency > 1:
        # Longest batch first: with a dozen batches of 0.5-3 s on two workers, input order can
        # leave one worker idle for most of the last batch (measured: scaling 1.56 in one run,
        # 2.06 and 2.13 in others). The same batches, only sent in a better order.
        jobs.sort(key=lambda docs: -sum(map(words, docs)))
    result = _drive(jobs, send, concurrency, budget, cpu_probe)
    result["docs_per_request"] = per_request
    return result


def http_single(
    url: str,
    texts: list[str],
    concurrency: int,
    budget: float,
    cpu_probe: Callable[[], dict[int, int]] | None = None,
) -> dict[str, Any]:
    def send(session: Any, text: str) -> int:
        r = session.post(url + "/v1/analyze", json={"text": text}, timeout=300)
        r.raise_for_status()
        return words(text)

    return _drive(texts, send, concurrency, budget, cpu_probe)


def paired_batch(
    pipelines: dict[str, Any],
    server: Any,
    texts: list[str],
    per_request: int,
    batch_size: int,
    budget: float,
    max_body: int,
    passes: int = 1,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """One worker's batch route against raw ``nlp.pipe`` here, on the same batches in turn.

    Each batch is parsed raw in this process by each of ``pipelines`` (name → pipeline) and sent
    to the (single, otherwise idle) worker, the order of the sides rotating from batch to batch.
    The machine's speed drifts by up to ±10% between stages minutes apart on a shared VM, and by
    more within seconds now and then; taken in turn, a few seconds apart and in no fixed order,
    all sides meet the same conditions and the ratio measures the service's overhead, not the
    drift. ``passes`` runs over the texts average more of it out. In the first pass the worker
    meets each text for the first time, like the pipelines if they are freshly loaded; in later
    passes every side has read them. Returns (HTTP result, {name: raw result}); the HTTP result
    holds each batch's seconds per side (``batch_seconds``) for an interval.
    """
    import requests

    session = requests.Session()
    jobs = [docs for _ in range(passes) for docs in batches(texts, per_request, max_body)]
    sides = [*pipelines, "http"]
    raw_s = dict.fromkeys(pipelines, 0.0)
    raw_cpu = dict.fromkeys(pipelines, 0.0)
    http_s = http_cpu = 0.0
    done = total = failures = 0
    per_batch: list[dict[str, float]] = []
    first_failure: str | None = None
    deadline = time.perf_counter() + budget
    for k, docs in enumerate(jobs):
        if time.perf_counter() > deadline:
            break
        took: dict[str, tuple[float, float]] = {}
        ok = True
        for name in sides[k % len(sides) :] + sides[: k % len(sides)]:
            if name == "http":
                w0 = server.cpu_ns()
                t0 = time.perf_counter()
                try:
                    post_batch(session, server.url, docs)
                except Exception as exc:  # counted, not fatal; the batch is left out of every side
                    failures += 1
                    first_failure = first_failure or f"{type(exc).__name__}: {exc}"
                    ok = False
                    break
                took[name] = (time.perf_counter() - t0, cpu_delta(w0, server.cpu_ns()))
            else:
                c0, t0 = time.thread_time(), time.perf_counter()
                for _ in pipelines[name].pipe(docs, batch_size=batch_size):
                    pass
                took[name] = (time.perf_counter() - t0, time.thread_time() - c0)
        if not ok:
            continue
        for name, (wall, cpu) in took.items():
            if name == "http":
                http_s += wall
                http_cpu += cpu
            else:
                raw_s[name] += wall
                raw_cpu[name] += cpu
        per_batch.append({name: wall for name, (wall, _) in took.items()})
        total += sum(map(words, docs))
        done += 1
    http = {
        "requests": done,
        "of": len(jobs),
        "failures": failures,
        "first_failure": first_failure,
        "words": total,
        "seconds": http_s,
        "words_per_s": total / http_s if http_s else 0.0,
        "worker_cpu_s": http_cpu,
        "words_per_cpu_s": total / http_cpu if http_cpu else 0.0,
        "complete": done == len(jobs),
        "docs_per_request": per_request,
        "passes": passes,
        "paired_with_raw": True,
        "batch_seconds": per_batch,
    }
    return http, {name: raw_rate(total, raw_s[name], raw_cpu[name]) for name in pipelines}


def rounds(jobs: list[list[str]], per_round: int) -> list[list[list[str]]]:
    """Cut ``jobs`` into rounds of ``per_round``, each sorted longest first.

    Longest first, a round ends with its shortest job, so the second worker idles least while
    the first finishes (the tail a round of two workers pays and one worker does not)."""
    out = []
    for i in range(0, len(jobs), per_round):
        out.append(sorted(jobs[i : i + per_round], key=lambda docs: -sum(map(words, docs))))
    return out


def paired_scaling(
    one: Any,
    two: Any,
    texts: list[str],
    per_request: int,
    per_round: int,
    budget: float,
    max_body: int,
    passes: int = 1,
) -> dict[str, Any]:
    """Two workers against one, round by round on the same batches, both servers up at once.

    Each round of batch requests goes to the one-worker server one at a time, then to the
    two-worker server two at a time (the order alternating between rounds), a few seconds apart:
    this VM's speed drifts by 10-20% over tens of seconds, which stages a minute apart measured as
    scaling from 1.56 to 2.13. In the first pass every text is new to each server; in later passes
    the one worker has seen all of them and each of the two about half, which if anything favours
    the one worker.
    """
    plan = [
        r for _ in range(passes) for r in rounds(batches(texts, per_request, max_body), per_round)
    ]
    sides = {"one": (one, 1), "two": (two, 2)}
    totals = {k: {"seconds": 0.0, "worker_cpu_s": 0.0, "failures": 0} for k in sides}
    per_round_ratio: list[float] = []
    round_seconds: list[tuple[float, float]] = []
    first_failure: str | None = None
    done_words = done_rounds = 0
    deadline = time.perf_counter() + budget
    for k, jobs in enumerate(plan):
        if time.perf_counter() > deadline:
            break
        took: dict[str, tuple[float, float, int]] = {}
        for name in ("one", "two") if k % 2 == 0 else ("two", "one"):
            server, workers = sides[name]
            # No deadline inside a round (the stage's is checked between rounds): a round is
            # either done by both sides or counted by neither.
            r = _drive(
                jobs,
                lambda session, docs, url=server.url: post_batch(session, url, docs),
                workers,
                math.inf,
                server.cpu_ns,
            )
            unfinished = r["failures"] or (0 if r["complete"] else len(jobs) - r["requests"])
            took[name] = (r["seconds"], r["worker_cpu_s"], unfinished)
            first_failure = first_failure or r["first_failure"]
        if any(f for _, _, f in took.values()):
            for name, (_, _, f) in took.items():
                totals[name]["failures"] += f
            continue  # a round with a failed batch is left out of both sides
        for name, (wall, cpu, _) in took.items():
            totals[name]["seconds"] += wall
            totals[name]["worker_cpu_s"] += cpu
        per_round_ratio.append(took["one"][0] / took["two"][0])
        round_seconds.append((took["one"][0], took["two"][0]))
        done_words += sum(words(t) for docs in jobs for t in docs)
        done_rounds += 1
    out: dict[str, Any] = {
        "rounds": done_rounds,
        "of": len(plan),
        "complete": done_rounds == len(plan),
        "words": done_words,
        "docs_per_request": per_request,
        "requests_per_round": per_round,
        "first_failure": first_failure,
        "round_ratios": per_round_ratio,
        "round_seconds": round_seconds,
    }
    for name, t in totals.items():
        out[name] = {
            **t,
            "words_per_s": done_words / t["seconds"] if t["seconds"] else 0.0,
            "words_per_cpu_s": done_words / t["worker_cpu_s"] if t["worker_cpu_s"] else 0.0,
        }
    return out


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


def _raw_child(nlp: Any, core: int | None, conn: Any) -> None:
    if core is not None:
        with suppress(OSError):
            os.sched_setaffinity(0, {core})
    while (docs := conn.recv()) is not None:
        c0 = time.process_time()
        for _ in nlp.pipe(docs, batch_size=1):
            pass
        conn.send(time.process_time() - c0)


def raw_scaling(
    nlp: Any, texts: list[str], per_round: int, passes: int, budget: float
) -> dict[str, Any]:
    """Raw ``nlp.pipe`` in one process against two, round by round: the machine's own scaling.

    Two processes forked after ``nlp`` is loaded, like gunicorn's preloaded workers, pinned to a
    core each; each round's articles go to one of them alone (the first in even rounds, the second
    in odd ones, so that neither has read more texts than the other), then split longest first
    between both, the order of the two turns alternating between rounds.
    """
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    cpus = sorted(os.sched_getaffinity(0))
    conns, procs = [], []
    for k in range(2):
        parent, child = ctx.Pipe()
        core = cpus[k] if len(cpus) >= 2 else None
        proc = ctx.Process(target=_raw_child, args=(nlp, core, child), daemon=True)
        proc.start()
        child.close()  # the parent's copy: a dead child is then an EOF here, not a hang
        conns.append(parent)
        procs.append(proc)

    def run(parts: list[tuple[Any, list[str]]]) -> tuple[float, float]:
        t0 = time.perf_counter()
        for conn, docs in parts:
            conn.send(docs)
        cpu = sum(conn.recv() for conn, _ in parts)
        return time.perf_counter() - t0, cpu

    totals = {"one": [0.0, 0.0], "two": [0.0, 0.0]}
    done = n = 0
    deadline = time.perf_counter() + budget
    try:
        plan = [
            [t for job in r for t in job]
            for _ in range(passes)
            for r in rounds([[t] for t in texts], per_round)
        ]
        for k, chunk in enumerate(plan):
            if time.perf_counter() > deadline:
                break
            halves: list[list[str]] = [[], []]
            for t in chunk:  # longest first, each to the lighter half
                min(halves, key=lambda h: sum(map(words, h))).append(t)
            sides = {"one": [(conns[k % 2], chunk)], "two": list(zip(conns, halves, strict=True))}
            for name in ("one", "two") if k % 2 == 0 else ("two", "one"):
                wall, cpu = run(sides[name])
                totals[name][0] += wall
                totals[name][1] += cpu
            done += sum(map(words, chunk))
            n += 1
    finally:
        for conn in conns:
            with suppress(OSError):
                conn.send(None)
        for proc in procs:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
    return {
        "rounds": n,
        "words": done,
        **{name: raw_rate(done, wall, cpu) for name, (wall, cpu) in totals.items()},
    }


def stage_scaling(
    args: argparse.Namespace, texts: list[str], cfg: dict[str, Any]
) -> dict[str, Any]:
    """A one-worker and a two-worker service up side by side, timed round by round."""
    from service.nlp import pipeline
    from tools.bench.server import Server

    log("scaling: raw nlp.pipe, 1 process and 2, round by round ...")
    raw = raw_scaling(
        pipeline.load(stock=True, fresh=True),
        texts,
        args.scaling_round,
        args.scaling_passes,
        args.stage_seconds,
    )
    log(
        f"  raw: 1 process {raw['one']['words_per_s']:,.0f}, 2 processes "
        f"{raw['two']['words_per_s']:,.0f} words/s"
    )
    log_path = Path(args.server_log)
    with (
        Server(1, log_path=log_path, extra_args=args.gunicorn_args) as one,
        Server(2, log_path=log_path, extra_args=args.gunicorn_args) as two,
    ):
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) >= 2:
            # Workers placed as in the other stages: the one worker on the first core, the two on
            # a core each (the bench process and the masters are left to the scheduler).
            for server in (one, two):
                _pin_workers(server, cpus)
        for server in (one, two):
            warm_up(server, texts, args.stage_seconds)
        log(f"scaling: 1 worker ({one.url}) and 2 workers ({two.url}), round by round ...")
        out = paired_scaling(
            one,
            two,
            texts,
            args.scaling_docs,
            args.scaling_round,
            args.stage_seconds,
            cfg["MAX_BODY_BYTES"],
            args.scaling_passes,
        )
    out["raw"] = raw
    log(
        f"  scaling: 1 worker {out['one']['words_per_s']:,.0f}, 2 workers "
        f"{out['two']['words_per_s']:,.0f} words/s ({out['rounds']}/{out['of']} rounds)"
    )
    return out


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
        pinned = _pin_workers(server, cpus)
        # (with two workers, one respawned by max_requests would not be pinned: the two-worker
        # stages are far shorter than a worker's life)
        with_us = ", sharing this process's core" if workers == 1 else ""
        log(f"  {pinned} of {workers} worker(s) pinned to a core each{with_us}")
        yield
    finally:
        os.sched_setaffinity(0, own)


def _pin_workers(server: Any, cpus: list[int]) -> int:
    """Pin the k-th worker of ``server`` to the k-th of ``cpus``; how many were pinned."""
    pinned = 0
    for k, pid in enumerate(server.worker_pids()):
        with suppress(OSError):
            os.sched_setaffinity(pid, {cpus[k % len(cpus)]})
            pinned += 1
    return pinned


def _asdict(m: Any) -> dict[str, Any]:
    return {"pid": m.pid, "rss_mb": m.rss_mb, "pss_mb": m.pss_mb}


# --- report ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return {
        "cpu": cpu,
        "cores": cores,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def ratios(result: dict[str, Any]) -> dict[str, float | None]:
    raw = result["raw"]["words_per_s"]
    one = result.get("server_1", {})
    two = result.get("server_2", {})
    out: dict[str, float | None] = dict.fromkeys(k for k, *_ in TARGETS)
    if one.get("batch"):
        # Against raw nlp.pipe on the same batches taken in turn when there is that pairing (not
        # exposed to the machine's drift between stages), else against the raw stage.
        limit = one.get("batch_raw") or result["raw"]
        out["batch_1w_over_raw"] = one["batch"]["words_per_s"] / (limit["words_per_s"] or raw)
        if one["batch"].get("words_per_cpu_s") and limit.get("words_per_cpu_s"):
            out["batch_1w_over_raw_cpu"] = (
                one["batch"]["words_per_cpu_s"] / limit["words_per_cpu_s"]
            )
        if one.get("batch_raw"):
            out["batch_1w_over_raw_stage"] = one["batch"]["words_per_s"] / raw
        per_batch = one["batch"].get("batch_seconds") or []
        if per_batch and all("stock" in b and "http" in b for b in per_batch):
            # raw seconds / HTTP seconds on the same words: the throughput ratio
            out["batch_ci90_low"], out["batch_ci90_high"] = bootstrap_ratio(
                [(b["stock"], b["http"]) for b in per_batch]
            )
        if one.get("batch_raw_service", {}).get("words_per_s"):
            # what the rules, HTTP and JSON cost over the service's own parse
            out["batch_1w_over_service_parse"] = (
                one["batch"]["words_per_s"] / one["batch_raw_service"]["words_per_s"]
            )
    if one.get("batch") and two.get("batch"):
        out["scaling_2w_over_1w"] = two["batch"]["words_per_s"] / one["batch"]["words_per_s"]
        out["scaling_single_2w_over_1w"] = (
            two["single"]["words_per_s"] / one["single"]["words_per_s"]
        )
        if one["batch"].get("words_per_cpu_s") and two["batch"].get("words_per_cpu_s"):
            # ~1.0 when a second worker adds no overhead: the rest of the scaling is free cores.
            out["cpu_efficiency_2w_over_1w"] = (
                two["batch"]["words_per_cpu_s"] / one["batch"]["words_per_cpu_s"]
            )
    paired = result.get("scaling", {})
    if paired.get("rounds"):
        # Round by round, both servers up at once: this one is not exposed to the drift between
        # stages, and it is the target's. The stages' ratio stays beside it.
        if out["scaling_2w_over_1w"] is not None:
            out["scaling_stages_2w_over_1w"] = out["scaling_2w_over_1w"]
        out["scaling_2w_over_1w"] = paired["two"]["words_per_s"] / paired["one"]["words_per_s"]
        out["scaling_round_median"] = statistics.median(paired["round_ratios"])
        if paired.get("round_seconds"):
            out["scaling_ci90_low"], out["scaling_ci90_high"] = bootstrap_ratio(
                paired["round_seconds"]
            )
        raw2 = paired.get("raw", {})
        if raw2.get("rounds"):
            out["scaling_raw_2p_over_1p"] = raw2["two"]["words_per_s"] / raw2["one"]["words_per_s"]
        if paired["one"]["words_per_cpu_s"] and paired["two"]["words_per_cpu_s"]:
            out["cpu_efficiency_2w_over_1w"] = (
                paired["two"]["words_per_cpu_s"] / paired["one"]["words_per_cpu_s"]
            )
    if one.get("latency"):
        lat = one["latency"]
        out["p50_http_over_raw"] = lat["http_ms"]["p50"] / lat["raw_ms"]["p50"]
        if lat.get("raw_cpu_ms"):
            out["p50_http_over_raw_cpu"] = (
                lat["http_worker_cpu_ms"]["p50"] / lat["raw_cpu_ms"]["p50"]
            )
    rss = [
        m["rss_mb"]
        for s in (one, two)
        for key in ("memory_at_start", "memory_at_end")
        for m in s.get(key, [])
    ]
    rss += [x["rss_mb"] for s in (one, two) for x in s.get("memory_run", {}).get("samples", [])]
    out["rss_max_mb"] = max(rss) if rss else None
    engine = result.get("engine") or {}
    if engine.get("parse_s"):
        out["language_over_parse"] = engine.get("language_s", 0.0) / engine["parse_s"]
    return out


def bootstrap_ratio(
    pairs: list[tuple[float, float]] | list[list[float]], n: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """A 90% interval for sum(a) / sum(b) over (a, b) rounds, by resampling the rounds.

    The rounds' own spread (single rounds from 1.2 to 2.2) says how far the total could move."""
    import random

    rng = random.Random(seed)  # the same interval for the same rounds
    stats = []
    for _ in range(n):
        sample = [pairs[rng.randrange(len(pairs))] for _ in pairs]
        two = sum(b for _, b in sample)
        stats.append(sum(a for a, _ in sample) / two if two else 0.0)
    stats.sort()
    return stats[int(0.05 * n)], stats[int(0.95 * n) - 1]


def verdicts(r: dict[str, float | None]) -> list[tuple[str, str, float | None, bool | None]]:
    rows = []
    for key, what, op, bound in TARGETS:
        value = r.get(key)
        ok = None if value is None else (value >= bound if op == ">=" else value <= bound)
        rows.append((what, f"{op} {bound:g}", value, ok))
    return rows


def _cpu(value: float | None) -> str:
    return "" if not value else f"{value:10,.0f}"


def print_report(result: dict[str, Any]) -> bool:
    raw = result["raw"]
    eng = result["engine"]
    print(f"\ntexts: {result['texts']}  ({result['n_texts']} articles, {raw['words']:,} words)")
    m = result["machine"]
    print(f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}; {result['versions']}")
    print(f"load average during the run: {result['load_start']:.2f} -> {result['load_end']:.2f}")
    print("\n                                             words/s  words/CPU-s")
    rows = [("raw nlp.pipe, stock model (the limit)", raw)]
    if result.get("raw_service"):
        rows.append(("raw nlp.pipe, the service's pipeline", result["raw_service"]))
    rows.append(("engine (service pipeline + rules)", eng))
    for label, row in rows:
        print(f"  {label:38} {row['words_per_s']:8,.0f}  {_cpu(row.get('words_per_cpu_s'))}")
    print(f"  engine + JSON dump                     {eng['words_per_s_with_dump']:8,.0f}")
    rules = eng["rules_s"] / eng["parse_s"] * 100
    dump = eng["dump_s"] / eng["parse_s"] * 100
    print(f"    (rules cost {rules:.1f}% of the parse, the dump {dump:.1f}%)")
    for key, label in (
        ("batch_raw", "stock, batches in turn with HTTP"),
        ("batch_raw_service", "service pipeline, in turn with HTTP"),
    ):
        paired = result.get("server_1", {}).get(key)
        if paired:
            print(
                f"  {label:38} {paired['words_per_s']:8,.0f}  {_cpu(paired.get('words_per_cpu_s'))}"
            )
    for key in ("server_1", "server_2"):
        s = result.get(key)
        if not s:
            continue
        for route in ("batch", "single"):
            r = s[route]
            note = "" if r["complete"] else f"  (budget hit: {r['requests']}/{r['of']})"
            fails = f"  FAILURES {r['failures']}: {r['first_failure']}" if r["failures"] else ""
            print(
                f"  HTTP {route:6} {s['workers']} worker(s), concurrency {s['workers']}"
                f" {r['words_per_s']:8,.0f}  {_cpu(r.get('words_per_cpu_s'))}{note}{fails}"
            )
    lat = result.get("server_1", {}).get("latency")
    if lat:
        print(f"\none article ({lat['words']} words), ms     p50     p95     p99")
        rows = (
            ("raw nlp(text), wall", "raw_ms"),
            ("HTTP /v1/analyze, wall", "http_ms"),
            ("raw nlp(text), CPU", "raw_cpu_ms"),
            ("HTTP, worker CPU", "http_worker_cpu_ms"),
        )
        for label, name in rows:
            p = lat.get(name)
            if p:
                print(f"  {label:24} {p['p50']:7.1f} {p['p95']:7.1f} {p['p99']:7.1f}")
    print("\nmemory per worker (MB): RSS (PSS)")
    for key in ("server_1", "server_2"):
        s = result.get(key)
        if not s:
            continue
        for when in ("memory_at_start", "memory_at_end"):
            mems = ", ".join(f"{x['rss_mb']:.0f} ({x['pss_mb']:.0f})" for x in s[when])
            print(f"  {s['workers']} worker(s), {when.removeprefix('memory_'):8}: {mems}")
        mr = s.get("memory_run")
        if mr:
            print(
                f"  {mr['requests']:,} short requests on {s['workers']} worker(s) "
                f"in {mr['seconds']:.0f} s: RSS {mr['rss_first_mb']:.0f} -> "
                f"{mr['rss_last_mb']:.0f}, max {mr['rss_max_mb']:.0f}; "
                f"largest growth within one worker's life "
                f"{mr['max_growth_in_one_worker_mb']:.0f}; {mr['workers_seen']} worker pid(s) seen"
            )
    r = result["ratios"]
    print("\ntargets (wall clock; CPU-time ratio beside it, immune to other load)")
    all_ok = True
    cpu_twins = {
        "batch throughput via HTTP, 1 worker / raw nlp.pipe": "batch_1w_over_raw_cpu",
        "one article p50 latency via HTTP / raw nlp(text)": "p50_http_over_raw_cpu",
        "2 workers / 1 worker batch throughput": "cpu_efficiency_2w_over_1w",
    }
    for what, bound, value, ok in verdicts(r):
        shown = "n/a" if value is None else f"{value:.2f}" if value >= 0.1 else f"{value:.4f}"
        verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        all_ok = all_ok and bool(ok)
        twin = r.get(cpu_twins.get(what, ""))
        cpu = f"  (CPU {twin:.2f})" if twin is not None else ""
        print(f"  {what:55} {bound:>7}  {shown:>7}  {verdict}{cpu}")
    unpaired = r.get("batch_1w_over_raw_stage")
    if unpaired is not None:
        b1 = result["server_1"]["batch"]
        interval = (
            f"; 90% interval over the batches {r['batch_ci90_low']:.2f}-{r['batch_ci90_high']:.2f}"
            if "batch_ci90_low" in r
            else ""
        )
        print(
            f"  (batch ratio against raw nlp.pipe on the same batches taken in turn, "
            f"{b1['requests']}/{b1['of']} batches in {b1.get('passes', 1)} pass(es){interval}; "
            f"against the raw stage run minutes earlier: {unpaired:.2f})"
        )
    own = r.get("batch_1w_over_service_parse")
    if own is not None:
        print(
            f"  (batch via HTTP / raw nlp.pipe of the service's own pipeline: {own:.2f}; "
            "the rest is what the rules, HTTP and JSON cost)"
        )
    sc = result.get("scaling")
    if sc and sc.get("rounds"):
        print(
            f"  (scaling: {sc['rounds']}/{sc['of']} rounds of {sc['requests_per_round']} batch "
            f"requests of {sc['docs_per_request']} article(s), to 1 worker and to 2 in turn: "
            f"{sc['one']['words_per_s']:,.0f} and {sc['two']['words_per_s']:,.0f} words/s; "
            f"median round {r['scaling_round_median']:.2f}; 90% interval over the rounds "
            f"{r.get('scaling_ci90_low', 0):.2f}-{r.get('scaling_ci90_high', 0):.2f})"
        )
        lost = sc["one"]["failures"] + sc["two"]["failures"]
        if lost:
            print(f"  (scaling: FAILURES {lost}, their rounds left out: {sc['first_failure']})")
        machine_limit = r.get("scaling_raw_2p_over_1p")
        if machine_limit is not None:
            print(
                f"  (raw nlp.pipe of the stock model, 2 processes / 1, the same way just before: "
                f"{machine_limit:.2f}; this machine's own scaling, for reference)"
            )
        stages = r.get("scaling_stages_2w_over_1w")
        if stages is not None:
            print(f"  (scaling of the stages' batch routes, minutes apart: {stages:.2f})")
    extra = r.get("scaling_single_2w_over_1w")
    if extra is not None:
        print(f"  (single requests: 2 workers / 1 worker = {extra:.2f})")
    if "cpu_efficiency_2w_over_1w" in r:
        print(
            "  (for scaling, CPU = words per worker-CPU-second, 2 workers / 1: 1.0 = no overhead)"
        )
    return all_ok


# --- entry point ----------------------------------------------------------------------------------


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
