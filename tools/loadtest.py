"""Load and fault test of the served app: loopback only, bounded in time and in requests.

    .venv/bin/python -m tools.loadtest --articles /path/to/polnear/dev.jsonl   (or: make load)

1. Deadline: a gunicorn with NAS_REQUEST_TIMEOUT tiny (1 worker) must answer a long article with a
   clean problem+json 503 quickly (never a hung client), and the worker must stay alive.
2. Load: gunicorn as ``scripts/serve.sh`` runs it (``gunicorn.conf.py``) with N workers on
   127.0.0.1; 2×N client threads post real articles (the JSON Lines given, plus ``seeds/``), one
   request in ten a small batch, for ``--duration`` seconds. A monitor polls ``/readyz`` and samples
   the RSS of every worker. Partway through, one busy worker gets SIGKILL: gunicorn must replace it,
   at most the one request in flight on it may fail, and ``/readyz`` must stay truthful (200 with
   the model loaded, while analyses succeed).
3. The server log must not contain article text.

Prints p50/p95/p99 latency, failures, and each worker's RSS trend; exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]

from tools.bench.server import Server  # noqa: E402  (the same start command as `make run`)

PROBLEM_JSON = "application/problem+json"


# --- inputs ---------------------------------------------------------------------------------------


def load_articles(paths: list[Path]) -> list[str]:
    """Texts of the JSON Lines files (field ``text``) and of ``seeds/*.txt``."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return [t for t in texts if t.strip()]


# --- measurements ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    started: float  # monotonic
    ended: float
    kind: str  # analyze | batch
    status: int | None  # None: no HTTP answer (connection reset, timeout)
    error: str | None = None

    @property
    def latency(self) -> float:
        return self.ended - self.started


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    readyz: list[tuple[float, float, int | None, str | None]] = field(default_factory=list)
    rss: dict[int, list[tuple[float, float]]] = field(default_factory=dict)  # pid -> (t, MB)
    kill: dict[str, object] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the checks -----------------------------------------------------------------------------------


def check_deadline(texts: list[str], timeout: float, log_dir: Path) -> list[str]:
    """A request that runs past NAS_REQUEST_TIMEOUT gets a clean 503, quickly; the worker lives."""
    problems: list[str] = []
    longest = max(texts, key=len)
    os.environ["NAS_REQUEST_TIMEOUT"] = str(timeout)
    try:
        with Server(1, log_path=log_dir / "deadline.log") as server:
            pid_before = server.worker_pids()
            t0 = time.monotonic()
            try:
                r = requests.post(server.url + "/v1/analyze", json={"text": longest}, timeout=60)
            except requests.RequestException as exc:
                return [f"deadline: no answer ({type(exc).__name__}): the client hung or was cut"]
            took = time.monotonic() - t0
            ctype = r.headers.get("Content-Type", "").split(";")[0]
            body = r.json() if ctype == PROBLEM_JSON else {}
            print(
                f"deadline check: NAS_REQUEST_TIMEOUT={timeout:g}s, {len(longest)} chars -> "
                f"{r.status_code} {ctype} in {took:.2f}s, type={body.get('type')!r}"
            )
            if (
                r.status_code != 503
                or ctype != PROBLEM_JSON
                or "timeout" not in body.get("type", "")
            ):
                problems.append(
                    f"deadline: expected a problem+json 503 timeout, got {r.status_code}"
                )
            if any(k not in body for k in ("type", "title", "status", "detail")):
                problems.append("deadline: the problem lacks type/title/status/detail")
            if "Traceback" in r.text or "Error" in body.get("detail", ""):
                problems.append("deadline: exception text in the answer")
            if took > timeout + 15:
                problems.append(f"deadline: the answer took {took:.1f}s")
            after = requests.get(server.url + "/readyz", timeout=30)
            if after.status_code != 200 or server.worker_pids() != pid_before:
                problems.append("deadline: the worker did not survive its deadline")
    finally:
        del os.environ["NAS_REQUEST_TIMEOUT"]
    return problems


def client_loop(url: str, texts: list[str], run: Run, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    while not stop.is_set():
        if rng.random() < 0.1:
            kind, path = "batch", "/v1/analyze/batch"
            docs = [
                {"id": str(i), "text": rng.choice(texts)[:3000]} for i in range(rng.randint(2, 4))
            ]
            payload: dict = {"documents": docs}
        else:
            kind, path, payload = "analyze", "/v1/analyze", {"text": rng.choice(texts)}
        t0 = time.monotonic()
        try:
            r = session.post(url + path, json=payload, timeout=120)
            status, error = r.status_code, None
            if status == 200:
                body = r.json()
                results = body["results"] if kind == "batch" else [body]
                if any("actors" not in item for item in results):
                    error = "a 200 without an analysis"
            else:
                error = f"HTTP {status}: {r.text[:200]}"
        except (requests.RequestException, ValueError) as exc:
            status, error = None, type(exc).__name__
            session = requests.Session()  # a broken connection is not reused
        with run.lock:
            run.outcomes.append(Outcome(t0, time.monotonic(), kind, status, error))


def monitor_loop(server: Server, run: Run, stop: threading.Event, every: float) -> None:
    """``/readyz`` every second; every ``every`` seconds, the RSS of each worker."""
    t_start = time.monotonic()
    next_rss = 0.0
    while not stop.is_set():
        now = time.monotonic()
        try:
            r = requests.get(server.url + "/readyz", timeout=60)
            info = r.json().get("status") if r.status_code == 200 else r.text[:100]
            entry = (now, time.monotonic(), r.status_code, info)
        except (requests.RequestException, ValueError) as exc:
            entry = (now, time.monotonic(), None, type(exc).__name__)
        with run.lock:
            run.readyz.append(entry)
        if now >= next_rss:
            next_rss = now + every
            for mem in server.memory(pss=False):
                run.rss.setdefault(mem.pid, []).append((now - t_start, mem.rss_mb))
        stop.wait(1.0)


def busiest_worker(pids: list[int]) -> int:
    """The worker using the most CPU just now: it is in the middle of an analysis."""
    procs = [psutil.Process(p) for p in pids]
    for p in procs:
        p.cpu_percent(None)
    time.sleep(0.5)
    return max(procs, key=lambda p: p.cpu_percent(None)).pid


def kill_a_worker(server: Server, run: Run, replace_within: float) -> None:
    before = server.worker_pids()
    victim = busiest_worker(before)
    t_kill = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    run.kill.update(victim=victim, at=t_kill, before=before)
    deadline = t_kill + replace_within
    while time.monotonic() < deadline:
        now = server.worker_pids()
        if victim not in now and len(now) == len(before):
            run.kill.update(after=now, replaced_in=time.monotonic() - t_kill)
            return
        time.sleep(0.1)
    run.kill.update(after=server.worker_pids(), replaced_in=None)


def load(args: argparse.Namespace, texts: list[str], log_dir: Path) -> tuple[Run, list[str]]:
    run, stop = Run(), threading.Event()
    problems: list[str] = []
    with Server(args.workers, log_path=log_dir / "load.log") as server:
        print(f"gunicorn master {server.master_pid}, workers {server.worker_pids()}, {server.url}")
        clients = [
            threading.Thread(
                target=client_loop, args=(server.url, texts, run, stop, i), daemon=True
            )
            for i in range(args.concurrency)
        ]
        monitor = threading.Thread(
            target=monitor_loop, args=(server, run, stop, args.rss_every), daemon=True
        )
        for t in [*clients, monitor]:
            t.start()
        t_start = time.monotonic()
        killed = args.kill_at < 0
        while time.monotonic() - t_start < args.duration and len(run.outcomes) < args.max_requests:
            if not killed and time.monotonic() - t_start >= args.kill_at:
                kill_a_worker(server, run, args.replace_within)
                killed = True
                print(
                    f"SIGKILL worker {run.kill['victim']} at t={args.kill_at:.0f}s: "
                    f"replaced in {run.kill['replaced_in'] or float('nan'):.2f}s, "
                    f"workers now {run.kill['after']}"
                )
            time.sleep(0.2)
        stop.set()
        for t in clients:
            t.join(timeout=130)
        monitor.join(timeout=70)
        if any(t.is_alive() for t in clients):
            problems.append("a client thread is still waiting: a hung request")
        server_ok = requests.get(server.url + "/readyz", timeout=30).status_code == 200
        if not server_ok:
            problems.append("/readyz is not 200 at the end of the run")
    return run, problems


# --- the report -----------------------------------------------------------------------------------


def report(run: Run, args: argparse.Namespace, wall: float) -> list[str]:
    problems: list[str] = []
    ok = [o for o in run.outcomes if o.status == 200 and o.error is None]
    failed = [o for o in run.outcomes if not (o.status == 200 and o.error is None)]
    lat = [o.latency * 1000 for o in ok]
    print(
        f"\nrequests: {len(run.outcomes)} in {wall:.0f}s ({len(run.outcomes) / wall:.2f}/s), "
        f"workers={args.workers}, concurrency={args.concurrency}"
    )
    print(
        f"  by kind: {dict(Counter(o.kind for o in run.outcomes))}; "
        f"status: {dict(Counter(o.status for o in run.outcomes))}"
    )
    print(
        f"latency ms (successful): p50={percentile(lat, 0.50):.0f} p95={percentile(lat, 0.95):.0f} "
        f"p99={percentile(lat, 0.99):.0f} max={max(lat, default=float('nan')):.0f}"
    )
    print(f"failures: {len(failed)}")
    for o in failed:
        print(f"  {o.kind} at t+{o.ended - run.outcomes[0].started:.1f}s: {o.status} {o.error}")

    not_ready = [r for r in run.readyz if not (r[2] == 200 and r[3] == "ready")]
    ready_ms = [(r[1] - r[0]) * 1000 for r in run.readyz]
    print(
        f"/readyz: {len(run.readyz)} polls, {len(not_ready)} not 200-ready "
        f"{[r[2:] for r in not_ready[:5]]}; latency ms p50={percentile(ready_ms, 0.5):.0f} "
        f"max={max(ready_ms, default=float('nan')):.0f} (request threads answer it during analyses)"
    )

    if not ok:
        problems.append("no successful request")
    # Every failure, of the load and of /readyz, as (started, ended, answered?).
    bad = [(o.started, o.ended, o.status is not None) for o in failed]
    bad += [(r[0], r[1], r[2] is not None) for r in not_ready]
    t_kill = run.kill.get("at")
    if t_kill is not None and run.kill.get("replaced_in") is None:
        problems.append(f"gunicorn did not replace worker {run.kill['victim']}")
    # The request in flight on the killed worker: sent before the kill, cut (no HTTP answer) by it.
    cut = [b for b in bad if t_kill is not None and not b[2] and b[0] <= t_kill <= b[1] + 1.0]
    if len(bad) > 1 or (bad and not cut):
        problems.append(
            f"{len(bad)} failed request(s) ({len(failed)} analyses, {len(not_ready)} /readyz): "
            "only the one in flight on the killed worker may fail"
        )
    # /readyz is truthful when it says ready exactly while analyses succeed: with preload_app every
    # worker has the model, so any non-ready answer above is also a lie.

    print("RSS per worker (MB) at sampled seconds; trend = last - first:")
    for pid, samples in sorted(run.rss.items(), key=lambda kv: kv[1][0][0]):
        first, last = samples[0], samples[-1]
        mark = " (killed)" if pid == run.kill.get("victim") else ""
        trail = " ".join(f"{t:.0f}s:{mb:.0f}" for t, mb in samples[:: max(1, len(samples) // 8)])
        print(
            f"  worker {pid}{mark}: {first[1]:.0f} -> {last[1]:.0f} "
            f"(trend {last[1] - first[1]:+.0f}, "
            f"max {max(mb for _, mb in samples):.0f}) [{trail}]"
        )
    return problems


def check_log(log_path: Path, texts: list[str]) -> list[str]:
    log = log_path.read_text(encoding="utf-8", errors="replace")
    leaked = sum(1 for t in texts if len(t) > 80 and t.strip()[20:80] in log)
    print(
        f"server log: {log_path} ({len(log.splitlines())} lines), article snippets found: {leaked}"
    )
    return [f"article text in the server log ({leaked} articles)"] if leaked else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--articles",
        type=Path,
        action="append",
        default=[],
        help="JSON Lines with a 'text' field (repeatable); seeds/*.txt are always used",
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, help="client threads (default: 2 x workers)")
    ap.add_argument("--duration", type=float, default=300, help="seconds of load (max 3600)")
    ap.add_argument("--max-requests", type=int, default=50_000, help="stop after this many")
    ap.add_argument(
        "--kill-at", type=float, help="seconds into the load (default: duration/3; <0: no kill)"
    )
    ap.add_argument("--replace-within", type=float, default=60)
    ap.add_argument("--rss-every", type=float, default=10, help="seconds between RSS samples")
    ap.add_argument(
        "--deadline-timeout",
        type=float,
        default=0.05,
        help="NAS_REQUEST_TIMEOUT of the deadline check (<=0: skip it)",
    )
    args = ap.parse_args(argv)
    args.concurrency = args.concurrency or 2 * args.workers
    args.duration = min(args.duration, 3600)
    args.kill_at = args.duration / 3 if args.kill_at is None else args.kill_at

    texts = load_articles(args.articles)
    print(f"{len(texts)} articles, {sum(map(len, texts))} characters")
    log_dir = Path(tempfile.mkdtemp(prefix="nas-load-"))
    problems: list[str] = []
    if args.deadline_timeout > 0:
        problems += check_deadline(texts, args.deadline_timeout, log_dir)
    t0 = time.monotonic()
    run, load_problems = load(args, texts, log_dir)
    problems += load_problems + report(run, args, time.monotonic() - t0)
    problems += check_log(log_dir / "load.log", texts)
    print("\nRESULT:", "PASS" if not problems else "FAIL")
    for p in problems:
        print("  -", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
