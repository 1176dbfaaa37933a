"""Stalled and slow clients against the real start command (``scripts/serve.sh``: gunicorn, two
workers, request threads): they must not starve the workers (issue 19).

Eight connections send their headers and part of a body, then nothing. Meanwhile ``/readyz``,
``/livez`` and a small analysis from another client answer within 2 s; after ``NAS_READ_TIMEOUT``
each stalled upload gets a 408 problem and its thread is free again. Probes are answered during a
long analysis too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.e2e.test_serve import _children, _free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
READ_TIMEOUT = 4
STALLED = 8
SMALL = {"text": "The minister said the talks had failed."}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("stalled") / "server.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "VENV": str(Path(sys.executable).parent.parent),
        "NAS_WORKERS": "2",
        "NAS_READ_TIMEOUT": str(READ_TIMEOUT),
        "NAS_LOG_LEVEL": "WARNING",
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
                ready = requests.get(f"{base}/readyz", timeout=2).status_code == 200
                if ready and len(_children(proc.pid)) == 2:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "server not ready within 90 s"
            time.sleep(0.3)
        yield base, port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _stall(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(data)
    return sock


HEADERS = (
    b"POST /v1/analyze HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
    b'Content-Length: 100000\r\n\r\n{"text": "The minister'
)


def _timed(call) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_stalled_uploads_do_not_starve_the_service(server, contract):
    base, port = server
    stalled = [_stall(port, HEADERS) for _ in range(STALLED)]
    try:
        time.sleep(0.5)  # every stalled request is being read by now
        for _ in range(3):
            ready, took = _timed(lambda: requests.get(f"{base}/readyz", timeout=10))
            assert ready.status_code == 200 and took < 2, took
            alive, took = _timed(lambda: requests.get(f"{base}/livez", timeout=10))
            assert alive.status_code == 200 and took < 2, took
            small, took = _timed(
                lambda: requests.post(f"{base}/v1/analyze", json=SMALL, timeout=10)
            )
            contract.check_requests(small)
            assert small.status_code == 200 and took < 2, took
        # Past the read timeout each stalled upload is answered 408 and closed.
        for sock in stalled:
            answer = _read_all(sock)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b"application/problem+json" in head
            assert json.loads(body)["status"] == 408
    finally:
        for sock in stalled:
            sock.close()


def test_a_client_stalled_in_its_headers_is_disconnected(server):
    base, port = server
    stalled = [_stall(port, b"POST /v1/analyze HTTP/1.1\r\nHost: te") for _ in range(STALLED)]
    try:
        ready, took = _timed(lambda: requests.get(f"{base}/readyz", timeout=10))
        assert ready.status_code == 200 and took < 2
        started = time.monotonic()
        for sock in stalled:
            _read_all(sock)  # the server closes the connection
        assert time.monotonic() - started < READ_TIMEOUT + 5
    finally:
        for sock in stalled:
            sock.close()


def test_probes_answer_during_a_long_analysis(server):
    base, _ = server
    text = "The minister said the talks had failed and would resume on Monday. " * 1400
    results = {}

    def analyse(key: str) -> None:
        results[key] = requests.post(f"{base}/v1/analyze", json={"text": text}, timeout=120)

    busy = [threading.Thread(target=analyse, args=(str(i),)) for i in range(2)]
    for thread in busy:
        thread.start()
    try:
        time.sleep(1.0)  # both workers are parsing now
        for path in ("/livez", "/readyz"):
            response, took = _timed(lambda path=path: requests.get(base + path, timeout=10))
            assert response.status_code == 200 and took < 2, (path, took)
    finally:
        for thread in busy:
            thread.join()
    assert all(r.status_code == 200 for r in results.values())


def _read_all(sock: socket.socket) -> bytes:
    sock.settimeout(READ_TIMEOUT + 10)
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
