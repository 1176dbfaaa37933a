"""The one start command for real: ``scripts/serve.sh`` (gunicorn, two workers) on loopback.

Checks what only a multi-process server shows: readiness, metrics summed over workers, the request
deadline answering what finished instead of a killed worker, JSON-lines logs, graceful stop.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
# Short enough for a test, long enough for a short text on a busy machine.
DEADLINE = 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("serve") / "server.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "VENV": str(Path(sys.executable).parent.parent),
        "NAS_WORKERS": "2",
        "NAS_REQUEST_TIMEOUT": str(DEADLINE),
        "NAS_LOG_LEVEL": "INFO",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            ["sh", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            assert proc.poll() is None, log_path.read_text()
            try:
                # /readyz answers as soon as one worker is up: wait for both, so tests that
                # compare worker pids do not race the second fork.
                ready = requests.get(f"{base}/readyz", timeout=2).status_code == 200
                if ready and len(_children(proc.pid)) == 2:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server not ready within 90 s"
            time.sleep(0.3)
        yield base, proc, log_path
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_ready_and_analyses(server, contract):
    base, _, _ = server
    ready = requests.get(f"{base}/readyz", timeout=5)
    contract.check_requests(ready)
    response = requests.post(
        f"{base}/v1/analyze",
        json={"text": "The minister said the talks had failed.", "id": "s1"},
        headers={"X-Request-ID": "serve-1"},
        timeout=30,
    )
    contract.check_requests(response)
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "serve-1"
    assert response.json()["id"] == "s1"


def test_metrics_are_summed_over_workers(server, contract):
    base, _, _ = server
    for _ in range(8):
        assert requests.get(f"{base}/livez", timeout=5).status_code == 200
    metrics = requests.get(f"{base}/metrics", timeout=5)
    contract.check_requests(metrics)
    line = next(
        ln
        for ln in metrics.text.splitlines()
        if ln.startswith('nas_http_requests_total{method="GET",route="/livez",status="200"}')
    )
    # Exactly 8 whichever worker answered each request (and whichever answers /metrics).
    assert float(line.split()[-1]) == 8.0
    assert 'nas_model_info{name="en_core_web_sm"' in metrics.text


def test_a_batch_past_the_deadline_answers_what_finished_and_the_worker_lives(server, contract):
    base, proc, _ = server
    workers_before = _children(proc.pid)
    text = "The minister said the talks had failed and would resume. " * 1700  # ~100,000 chars
    # The largest batch the character budget admits takes far longer than DEADLINE to parse.
    documents = [{"id": str(i), "text": text[:99_000]} for i in range(3)]
    started = time.monotonic()
    response = requests.post(f"{base}/v1/analyze/batch", json={"documents": documents}, timeout=90)
    elapsed = time.monotonic() - started
    contract.check_requests(response)
    assert response.status_code == 200
    results = response.json()["results"]
    late = [r for r in results if r.get("type") == "urn:nas:problem:timeout"]
    assert late and all(r["status"] == 503 for r in late)
    assert all("actors" in r for r in results[: len(results) - len(late)])
    # The deadline is kept between parse slices: it answers soon after it, not at gunicorn's
    # timeout (DEADLINE + 30 s).
    assert elapsed < DEADLINE + 15, "answered at the deadline, not at gunicorn's timeout"
    assert requests.get(f"{base}/livez", timeout=5).status_code == 200
    assert _children(proc.pid) == workers_before, "no worker was killed or replaced"


def test_logs_are_json_lines(server):
    base, _, log_path = server
    requests.post(f"{base}/v1/analyze", json={"text": "Quokkazebra said no."}, timeout=30)
    time.sleep(0.5)
    lines = [ln for ln in log_path.read_text().splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]  # every line is JSON
    assert any(r.get("route") == "/v1/analyze" and r.get("text_chars") == 20 for r in records)
    assert not any("Quokkazebra" in ln for ln in lines)


def _children(pid: int) -> set[int]:
    # serve.sh execs gunicorn, so ``pid`` is the arbiter and its children are the workers.
    return {child.pid for child in psutil.Process(pid).children()}
