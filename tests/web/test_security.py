"""Security checks: no debug mode, no root, no exception text in answers, no article text in logs.

The sentinel strings below stand for article text: if any of them shows up in a response body of
an error, or in any log line (the service's JSON lines on stdout or any logger), the test fails.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from service.nlp import engine
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "Qzxv7 SENTINEL-ARTICLE-TEXT 9kjw"
TITLE_SENTINEL = "Wpmq3 SENTINEL-TITLE 2hxd"
SECRET = "Ukdy5 SENTINEL-EXCEPTION-MESSAGE 0pqe"
TRACE_MARKERS = ("Traceback", 'File "', "RuntimeError", "ValueError", SECRET)


# --- no debug mode in any served configuration ----------------------------------------------------


def test_app_is_not_in_debug_mode_by_default(nlp):
    app = create_app({"LOG_LEVEL": "WARNING"})
    assert not app.debug and not app.testing and not app.config.get("PROPAGATE_EXCEPTIONS")


def test_flask_debug_in_the_environment_does_not_turn_debug_on(nlp, monkeypatch):
    """gunicorn imports the app with the caller's environment; FLASK_DEBUG must not reach it."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert not create_app({"LOG_LEVEL": "WARNING"}).debug


DEBUG_SWITCHES = re.compile(
    r"FLASK_DEBUG\s*[:=]\s*[\"']?(1|true|yes|on)|--reload\b|\breload\s*=\s*True|--debug\b"
    r"|\bdebug\s*=\s*True|app\.run\(|FLASK_ENV\s*[:=]\s*[\"']?development|--log-level[= ]debug",
    re.IGNORECASE,
)
SERVED = ["gunicorn.conf.py", "scripts/serve.sh", "Dockerfile", "docker-compose.yml", "Makefile"]


@pytest.mark.parametrize("name", SERVED)
def test_no_debug_switch_in_served_configuration(name):
    path = ROOT / name
    assert path.exists(), f"{name} is not in the tree"
    found = DEBUG_SWITCHES.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{name}: {found}"


@pytest.mark.parametrize("line", ["FLASK_DEBUG=1", "  reload = True", "gunicorn --reload x"])
def test_debug_switch_pattern_catches(line):
    assert DEBUG_SWITCHES.search(line)


# --- not root -------------------------------------------------------------------------------------


def _final_stage_user(dockerfile: str) -> str | None:
    user = None
    for raw in dockerfile.splitlines():
        words = raw.strip().split()
        if not words:
            continue
        if words[0].upper() == "FROM":
            user = None  # USER does not carry over into a new stage
        elif words[0].upper() == "USER" and len(words) > 1:
            user = words[1].split(":")[0]
    return user


@pytest.mark.parametrize(
    ("dockerfile", "user"),
    [
        ("FROM a\nUSER app\nFROM b\n", None),
        ("FROM a\nUSER 10001:10001\n", "10001"),
        ("FROM a\nUSER root\n", "root"),
    ],
)
def test_final_stage_user_parser(dockerfile, user):
    assert _final_stage_user(dockerfile) == user


def test_container_runs_as_a_non_root_user():
    path = ROOT / "Dockerfile"
    assert path.exists(), "no Dockerfile in the tree"
    user = _final_stage_user(path.read_text(encoding="utf-8"))
    assert user is not None, "the runtime stage has no USER: it would run as root"
    assert user not in {"root", "0"}, user


def test_gunicorn_does_not_switch_to_root():
    text = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(user|group)\s*=\s*(0|[\"']root[\"'])", text, re.MULTILINE)


# --- 500s carry no exception text; logs carry no article text -------------------------------------


@pytest.fixture
def exploding_engine(monkeypatch):
    """The engine raises with the text and a secret in its message, as careless code might."""

    def explode(doc, **dates):
        raise RuntimeError(f"{SECRET}: could not analyse {doc.text!r}")

    monkeypatch.setattr(engine, "analyze_doc", explode)


@pytest.fixture
def logs(capsys, caplog):
    """Everything logged in the test: JSON lines on stdout/stderr and every captured record."""
    caplog.set_level(logging.DEBUG)

    def read() -> str:
        out, err = capsys.readouterr()
        records = "\n".join(
            f"{r.getMessage()} {json.dumps(vars(r), default=str)}" for r in caplog.records
        )
        return "\n".join([out, err, records, caplog.text])

    return read


@pytest.fixture
def debug_client(client_for, nlp):
    # DEBUG logging: even the most verbose level must not log the text.
    return client_for(create_app({"LOG_LEVEL": "DEBUG"}))


ARTICLE = {"id": "sec-1", "title": TITLE_SENTINEL, "text": f"“{SENTINEL},” Biden said."}


def test_500_carries_no_exception_text(debug_client, exploding_engine, logs):
    response = debug_client.post("/v1/analyze", json=ARTICLE)
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert not [m for m in TRACE_MARKERS if m in body], body
    assert SENTINEL not in body
    logged = logs()
    assert SENTINEL not in logged and SECRET not in logged


def test_batch_item_500_carries_no_exception_text(debug_client, exploding_engine, logs):
    response = debug_client.post("/v1/analyze/batch", json={"documents": [ARTICLE]})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert response.get_json()["results"][0]["status"] == 500
    assert not [m for m in (*TRACE_MARKERS, SENTINEL) if m in body], body
    assert SENTINEL not in logs()


@pytest.mark.parametrize(
    ("path", "payload", "status"),
    [
        ("/v1/analyze", ARTICLE, 200),
        ("/v1/analyze/batch", {"documents": [ARTICLE, {"text": " "}]}, 200),
        ("/v1/analyze", {**ARTICLE, "unknown": SENTINEL}, 422),
        ("/v1/analyze", {"text": SENTINEL * 5000}, 422),  # over MAX_TEXT_CHARS
        ("/v1/analyze", {"text": [SENTINEL]}, 422),
    ],
)
def test_logs_never_contain_the_article_text(debug_client, logs, path, payload, status):
    response = debug_client.post(path, json=payload)
    assert response.status_code == status
    logged = logs()
    assert '"logger": "service.access"' in logged  # the access line was captured
    assert SENTINEL not in logged and TITLE_SENTINEL not in logged


def test_log_capture_sees_a_leak(debug_client, logs):
    """The harness can fail: text logged by the app is found."""
    logging.getLogger("service.web").warning("leak %s", SENTINEL)
    assert SENTINEL in logs()


def test_malformed_json_is_not_echoed(debug_client, logs):
    response = debug_client.post(
        "/v1/analyze", data=f'{{"text": "{SENTINEL}"'.encode(), content_type="application/json"
    )
    assert response.status_code == 400
    assert SENTINEL not in response.get_data(as_text=True) and SENTINEL not in logs()


# --- CORS off unless configured; pinned dependencies ----------------------------------------------


def test_cors_is_off_by_default(client):
    response = client.get("/livez", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("name", ["base.txt", "dev.txt"])
def test_requirements_are_pinned_with_hashes(name):
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    reqs = [
        line
        for line in text.splitlines()
        if line and not line[0].isspace() and not line.startswith(("#", "-"))
    ]
    assert reqs
    unpinned = [r for r in reqs if "==" not in r]
    assert not unpinned, unpinned
    # every requirement is followed by at least one --hash line (pip-compile --generate-hashes)
    blocks = re.split(r"\n(?=\S)", text)
    unhashed = [b.split()[0] for b in blocks if "==" in b.split("\n")[0] and "--hash=" not in b]
    assert not unhashed, unhashed
