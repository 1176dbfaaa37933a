"""The largest requests the limits admit, and one past each, against the served app: time, status
and the peak memory of every worker (loopback only; a few minutes).

    .venv/bin/python -m tools.limits --articles ../shared/data/polnear/dev.jsonl

Starts ``scripts/serve.sh`` (``make run``'s command, defaults but the port) with 2 workers and
sends, one at a time: one text of ``NAS_MAX_TEXT_CHARS`` characters; the largest batch
``NAS_MAX_BATCH_CHARS`` admits (its texts as long as allowed); ``NAS_MAX_BATCH_DOCS`` typical
articles of about 3,000 characters; the batch of issue 17 (20 texts of 95,000 characters, 1.9 MB);
and the same again past each limit (one character, one document). Long texts are real articles
joined by blank lines. Each worker's peak RSS is the kernel's high-water mark (``VmHWM``), read
before and after each request, so nothing between two polls is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from tools.bench.server import Server

ROOT = Path(__file__).resolve().parents[1]


def articles(paths: list[Path]) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return [t.strip() for t in texts if t.strip()]


def exactly(texts: list[str], chars: int, offset: int = 0) -> str:
    """Articles joined by blank lines, from the ``offset``-th on, cut to ``chars`` characters."""
    out: list[str] = []
    n = 0
    i = offset
    while n < chars:
        out.append(texts[i % len(texts)])
        n += len(out[-1]) + 2
        i += 1
    text = "\n\n".join(out)[:chars]
    return text[:-1] + "." if text[-1].isspace() else text


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def send(server: Server, name: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    t0 = time.monotonic()
    r = requests.post(
        server.url + path,
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=300,
    )
    took = time.monotonic() - t0
    answer = r.json()
    row: dict[str, Any] = {
        "case": name,
        "bytes": len(body),
        "status": r.status_code,
        "seconds": round(took, 2),
        "peak_rss_mb": {pid: round(peak_rss_mb(pid)) for pid in server.worker_pids()},
    }
    if r.status_code >= 400:
        row["problem"] = {k: answer.get(k) for k in ("type", "limit", "maximum", "actual")}
    elif "results" in answer:
        statuses: dict[str, int] = {}
        for item in answer["results"]:
            key = str(item.get("status", 200))
            statuses[key] = statuses.get(key, 0) + 1
        row["items"] = statuses
    print(json.dumps(row), flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.limits", description=__doc__)
    p.add_argument("--articles", type=Path, action="append", default=[], help="JSON Lines")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", type=Path, help="write the rows here")
    args = p.parse_args(argv)
    from service import config

    limits = config.load()
    max_text, max_docs = limits["MAX_TEXT_CHARS"], limits["MAX_BATCH_DOCS"]
    budget = limits["MAX_BATCH_CHARS"]
    texts = articles(args.articles)
    typical = [t[:3000] for t in texts if len(t) >= 2500] or [t for t in texts]
    per_doc = min(max_text, budget)
    n_full, rest = divmod(budget, per_doc)
    largest = [{"id": str(i), "text": exactly(texts, per_doc, 7 * i)} for i in range(n_full)]
    if rest:
        largest.append({"id": "rest", "text": exactly(texts, rest, 99)})
    cases = [
        ("one text of MAX_TEXT_CHARS", "/v1/analyze", {"text": exactly(texts, max_text)}),
        ("one past MAX_TEXT_CHARS", "/v1/analyze", {"text": exactly(texts, max_text + 1)}),
        ("largest batch by MAX_BATCH_CHARS", "/v1/analyze/batch", {"documents": largest}),
        (
            "one character past MAX_BATCH_CHARS",
            "/v1/analyze/batch",
            {"documents": [*largest, {"id": "one more", "text": "A"}]},
        ),
        (
            f"{max_docs} typical articles",
            "/v1/analyze/batch",
            {"documents": [{"text": typical[i % len(typical)]} for i in range(max_docs)]},
        ),
        (
            "one past MAX_BATCH_DOCS",
            "/v1/analyze/batch",
            {"documents": [{"text": typical[i % len(typical)]} for i in range(max_docs + 1)]},
        ),
        (
            "issue 17: 20 texts of 95,000 characters",
            "/v1/analyze/batch",
            {"documents": [{"text": exactly(texts, 95_000, 5 * i)} for i in range(20)]},
        ),
    ]
    rows = []
    log_dir = Path(tempfile.mkdtemp(prefix="nas-limits-"))
    with Server(args.workers, log_path=log_dir / "server.log") as server:
        at_start = {pid: round(peak_rss_mb(pid)) for pid in server.worker_pids()}
        print(json.dumps({"case": "workers at start", "peak_rss_mb": at_start}), flush=True)
        for name, path, payload in cases:
            rows.append(send(server, name, path, payload))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NAS_LOG_LEVEL", "WARNING")
    sys.exit(main())
