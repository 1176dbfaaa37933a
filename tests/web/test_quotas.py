"""Per-caller quotas (``service.web.quotas``): requests and characters a minute, 429 with
``Retry-After`` for the caller over its quota while the others are served.

The limiter's clock is a fake one here (``clock``), set 20 s into a minute and moved by hand, so
no test depends on when it runs nor waits for a window to pass.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time

import pytest

from service.nlp import engine
from service.web import errors, quotas
from service.web.app import create_app
from tests.web.callers import KEY_A, KEY_B, bearer, write_key_file

TEXT = {"text": "The minister said the talks had failed."}  # 39 characters
AN, BATCH = "/v1/analyze", "/v1/analyze/batch"
SMALL_LIMITS = {"MAX_TEXT_CHARS": 1000, "MAX_BATCH_CHARS": 1000}


class Clock:
    """``time.time`` for the rate-limit code, moved by hand."""

    mktime = staticmethod(time.mktime)

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    import flask_limiter._extension
    import limits.storage.memory
    import limits.strategies

    fake = Clock(1_800_000_000 + 20)  # 1,800,000,000 is a whole minute: 20 s into one
    for module in (limits.storage.memory, limits.strategies, flask_limiter._extension):
        monkeypatch.setattr(module, "time", fake)
    return fake


@pytest.fixture
def key_file(tmp_path):
    return write_key_file(tmp_path / "keys.json")


@pytest.fixture
def analyses(monkeypatch) -> list[int]:
    """Counts the engine's runs: a refused request must not reach it."""
    runs: list[int] = []
    real = engine.analyze_doc

    def counted(doc, **dates):
        runs.append(len(doc.text))
        return real(doc, **dates)

    monkeypatch.setattr(engine, "analyze_doc", counted)
    return runs


def as_key(key: str) -> dict:
    return {"headers": bearer(key)}


def from_addr(addr: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": addr}}


def check_refusal(response, limit: str, maximum: int) -> int:
    assert response.status_code == 429, response.get_data()[:300]
    problem = response.get_json()
    assert problem["type"] == errors.QUOTA and problem["limit"] == limit
    assert problem["maximum"] == maximum
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 60
    return retry_after


@pytest.mark.parametrize(
    ("app_config", "caller", "other"),
    [
        ({"QUOTA_REQUESTS_PER_MINUTE": 3}, from_addr("10.0.0.1"), from_addr("10.0.0.2")),
        ("keys", as_key(KEY_A), as_key(KEY_B)),
    ],
    ids=["by-address", "by-key"],
    indirect=["app_config"],
)
def test_a_burst_over_the_request_quota_is_refused_and_another_caller_served(
    client, caller, other, analyses, clock
):
    for _ in range(3):
        assert client.post(AN, json=TEXT, **caller).status_code == 200
    refused = client.post(BATCH, json={"documents": [TEXT]}, **caller)  # the quota spans both
    retry_after = check_refusal(refused, quotas.REQUESTS, 3)
    # Refused before the body is even read: a broken body gets the 429, not a 400.
    broken = client.post(AN, data=b"{", content_type="application/json", **caller)
    assert broken.status_code == 429
    assert len(analyses) == 3, "no refused request reached the engine"
    # Another caller in the same second is served.
    served = client.post(AN, json=TEXT, **other)
    assert served.status_code == 200
    assert served.headers["X-RateLimit-Limit"] == "3"
    assert served.headers["X-RateLimit-Remaining"] == "2"
    # After Retry-After the caller has room again.
    clock.now += retry_after + 1
    assert client.post(AN, json=TEXT, **caller).status_code == 200


@pytest.fixture
def app_config(request, key_file):
    if getattr(request, "param", None) == "keys":
        return {"QUOTA_REQUESTS_PER_MINUTE": 3, "API_KEYS_FILE": str(key_file)}
    return getattr(request, "param", {})


@pytest.mark.parametrize(
    "app_config", [{"QUOTA_CHARS_PER_MINUTE": 1000, **SMALL_LIMITS}], indirect=True
)
def test_the_character_quota_counts_the_texts(client, analyses):
    a, b = from_addr("10.0.0.1"), from_addr("10.0.0.2")
    text = {"text": "Peace talks. " * 46}  # 598 characters
    assert client.post(AN, json=text, **a).status_code == 200
    # 598 + 2 x 201 = 1,000: the batch's documents count together, and fit exactly.
    batch = {"documents": [{"text": "x" * 201}, {"text": "y" * 201}, {"title": "no text"}]}
    assert client.post(BATCH, json=batch, **a).status_code == 200
    check_refusal(client.post(AN, json={"text": "z"}, **a), quotas.CHARS, 1000)
    # A body the view refuses costs nothing, and is refused as without quotas.
    assert client.post(AN, json={"text": 5}, **b).status_code == 422
    assert client.post(AN, data=b"[", content_type="application/json", **b).status_code == 400
    assert client.post(AN, json=text, **b).status_code == 200
    assert len(analyses) == 4


@pytest.mark.parametrize(
    ("body", "chars"),
    [
        ({"text": "abc"}, 3),
        ({"text": "é😀"}, 2),  # code points, not bytes
        ({"documents": [{"text": "ab"}, {"text": "cde"}, {"text": 7}, "x", {}]}, 5),
        ({"documents": "abc"}, 0),
        ({"text": ["a", "b"]}, 0),
        ([{"text": "abc"}], 0),
        (None, 0),
    ],
)
def test_text_chars(body, chars):
    assert quotas.text_chars(body) == chars


def test_no_quota_by_default(client):
    response = client.post(AN, json=TEXT)
    assert response.status_code == 200 and "X-RateLimit-Limit" not in response.headers


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"QUOTA_CHARS_PER_MINUTE": 99_999}, "NAS_QUOTA_CHARS_PER_MINUTE=99999"),
        ({"QUOTA_CHARS_PER_MINUTE": 200_000}, "NAS_MAX_BATCH_CHARS"),
    ],
)
def test_a_character_quota_must_admit_every_admissible_request(nlp, settings, message):
    with pytest.raises(ValueError, match=message):
        create_app({"LOG_LEVEL": "WARNING", **settings})


@pytest.mark.parametrize(
    ("var", "raw"),
    [
        ("NAS_QUOTA_STORAGE_URI", "memcached://x:11211"),
        ("NAS_QUOTA_STORAGE_URI", "redis"),
        ("NAS_QUOTA_REQUESTS_PER_MINUTE", "-1"),
        ("NAS_QUOTA_CHARS_PER_MINUTE", "lots"),
        ("NAS_TRUSTED_PROXIES", "-2"),
    ],
)
def test_bad_quota_settings_stop_start_up(nlp, monkeypatch, var, raw):
    monkeypatch.setenv(var, raw)
    with pytest.raises(ValueError, match=var):
        create_app({"LOG_LEVEL": "WARNING"})


@pytest.mark.parametrize(
    ("app_config", "expected"),
    [
        ({"QUOTA_REQUESTS_PER_MINUTE": 1}, 429),
        ({"QUOTA_REQUESTS_PER_MINUTE": 1, "TRUSTED_PROXIES": 1}, 200),
    ],
    indirect=["app_config"],
    ids=["proxy-not-trusted", "proxy-trusted"],
)
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_caller(client, expected):
    proxy = from_addr("10.9.9.9")
    first = client.post(AN, json=TEXT, headers={"X-Forwarded-For": "192.0.2.1"}, **proxy)
    assert first.status_code == 200
    second = client.post(AN, json=TEXT, headers={"X-Forwarded-For": "192.0.2.2"}, **proxy)
    assert second.status_code == expected


# --- several replicas: one Redis ------------------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture
def redis_uri(tmp_path):
    """A redis-server of our own on a free 127.0.0.1 port (Debian's ``redis-server``)."""
    server = shutil.which("redis-server")
    if server is None:
        if _in_ci():
            pytest.fail("redis-server is missing; .ci/run installs it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_replicas_sharing_a_redis_share_the_quota(nlp, client_for, key_file, redis_uri):
    settings = {
        "LOG_LEVEL": "WARNING",
        "API_KEYS_FILE": str(key_file),
        "QUOTA_REQUESTS_PER_MINUTE": 2,
        "QUOTA_STORAGE_URI": redis_uri,
    }
    one, two = client_for(create_app(settings)), client_for(create_app(settings))
    assert one.post(AN, json=TEXT, **as_key(KEY_A)).status_code == 200
    assert two.post(AN, json=TEXT, **as_key(KEY_A)).status_code == 200
    check_refusal(one.post(AN, json=TEXT, **as_key(KEY_A)), quotas.REQUESTS, 2)
    check_refusal(two.post(AN, json=TEXT, **as_key(KEY_A)), quotas.REQUESTS, 2)
    assert two.post(AN, json=TEXT, **as_key(KEY_B)).status_code == 200


def test_an_unreachable_store_serves_unmetered(nlp, client_for, capsys):
    # Nothing listens on port 1: the quota cannot be counted, the request is served and logged.
    settings = {"LOG_LEVEL": "WARNING", "QUOTA_REQUESTS_PER_MINUTE": 1}
    client = client_for(create_app({**settings, "QUOTA_STORAGE_URI": "redis://127.0.0.1:1"}))
    for _ in range(2):
        assert client.post(AN, json=TEXT).status_code == 200
    logged = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    failures = [line for line in logged if line["logger"] == "flask-limiter"]
    assert failures and failures[0]["level"] == "ERROR" and failures[0]["request_id"]
