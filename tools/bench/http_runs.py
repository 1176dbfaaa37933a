"""Traffic to a running service: batch and single requests from client threads, one worker's
batch route paired with raw ``nlp.pipe`` on the same batches, and one worker against two round by
round on the same batches."""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tools.bench.common import cpu_delta, raw_rate, words


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
