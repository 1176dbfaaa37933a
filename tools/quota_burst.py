"""A caller bursting over its quota is refused, cheaply, while another caller is served.

    .venv/bin/python -m tools.quota_burst [--port 8082] [--workers 2] [--seconds 10]

Starts the service as ``make run`` does (gunicorn, ``scripts/serve.sh``) on 127.0.0.1 with API keys
for two callers and a request quota, then:

1. baseline: the steady caller alone posts the seed article every ``--pace`` seconds;
2. burst: the same, while the burst caller posts it from ``--burst-threads`` threads as fast as
   the service answers, far over its quota.

Prints the latency of the steady caller's answers in both phases (and, during the burst, once the
burst caller gets nothing but 429s), and of the burst caller's served and refused requests. The
steady caller stays under its quota throughout. Loopback only; bounded in time and requests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

from service import keys
from tools.bench.server import Server
from tools.loadtest import percentile

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_08f99502b94fa4d8.txt"
MAX_BURST_REQUESTS = 50_000


def _steady(url: str, key: str, text: str, pace: float, until: float, out: list) -> None:
    session = requests.Session()
    while time.monotonic() < until:
        started = time.monotonic()
        r = session.post(url, json={"text": text}, headers={"Authorization": f"Bearer {key}"})
        out.append((started, r.status_code, time.monotonic() - started))
        time.sleep(max(0.0, pace - (time.monotonic() - started)))


def _burst(url: str, key: str, text: str, until: float, out: list, lock: threading.Lock) -> None:
    session = requests.Session()
    while time.monotonic() < until and len(out) < MAX_BURST_REQUESTS:
        started = time.monotonic()
        r = session.post(url, json={"text": text}, headers={"Authorization": f"Bearer {key}"})
        with lock:
            out.append((started, r.status_code, time.monotonic() - started))


def _summary(label: str, rows: list) -> str:
    if not rows:
        return f"{label:<44} n=0"
    ms = [latency * 1000 for _, _, latency in rows]
    return (
        f"{label:<44} n={len(ms):<6} p50={percentile(ms, 0.5):7.1f} ms  "
        f"p95={percentile(ms, 0.95):7.1f} ms  max={max(ms):7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.quota_burst", description=__doc__)
    ap.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: free)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=30, help="length of each phase (max 120)")
    ap.add_argument("--requests-per-minute", type=int, default=30, help="the quota")
    ap.add_argument("--pace", type=float, default=2.1, help="seconds between steady requests")
    ap.add_argument("--burst-threads", type=int, default=8)
    ap.add_argument("--storage-uri", default="memory://", help="NAS_QUOTA_STORAGE_URI")
    args = ap.parse_args(argv)
    seconds = min(args.seconds, 120.0)
    if 2 * seconds / args.pace >= args.requests_per_minute:
        ap.error("the steady caller would go over its own quota: raise --pace or the quota")
    text = SEED.read_text(encoding="utf-8")

    with tempfile.TemporaryDirectory(prefix="nas-quota-burst-") as tmp:
        key_file = Path(tmp) / "keys.json"
        steady_key, burst_key = keys.add(key_file, "steady"), keys.add(key_file, "burst")
        env = {
            "NAS_API_KEYS_FILE": str(key_file),
            "NAS_QUOTA_REQUESTS_PER_MINUTE": str(args.requests_per_minute),
            "NAS_QUOTA_STORAGE_URI": args.storage_uri,
        }
        log = Path(tmp) / "server.log"
        with Server(args.workers, log_path=log, port=args.port, env=env) as server:
            url = f"{server.url}/v1/analyze"
            baseline: list = []
            _steady(url, steady_key, text, args.pace, time.monotonic() + seconds, baseline)
            during: list = []
            burst: list = []
            lock = threading.Lock()
            until = time.monotonic() + seconds
            threads = [
                threading.Thread(target=_burst, args=(url, burst_key, text, until, burst, lock))
                for _ in range(args.burst_threads)
            ]
            for t in threads:
                t.start()
            _steady(url, steady_key, text, args.pace, until, during)
            for t in threads:
                t.join()

    served = [r for r in burst if r[1] == 200]
    refused = [r for r in burst if r[1] == 429]
    # From the burst caller's last served request on, it got nothing but refusals.
    last_served = max((s + lat for s, _, lat in served), default=0.0)
    after = [r for r in during if r[0] >= last_served]
    print(
        f"quota {args.requests_per_minute} requests/minute per caller, {args.storage_uri}, "
        f"{args.workers} workers, {args.burst_threads} burst threads, {seconds:g} s per phase"
    )
    print(_summary("steady caller alone", baseline))
    print(_summary("steady caller during the burst", during))
    print(_summary("  ... once the burst got only 429s", after))
    print(_summary("burst caller, served (200)", served))
    print(_summary("burst caller, refused (429)", refused))
    others = sorted({code for _, code, _ in baseline + during + burst} - {200, 429})
    steady_refused = sum(code != 200 for _, code, _ in baseline + during)
    print(f"steady caller refused: {steady_refused}; other statuses: {others or 'none'}")
    return 1 if steady_refused or others or not refused else 0


if __name__ == "__main__":
    sys.exit(main())
