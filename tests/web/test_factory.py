"""The factory honours its configuration: defaults, ``NAS_*`` environment, ``test_config``."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

from service import config
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
QUIET = {"LOG_LEVEL": "WARNING"}


def test_defaults(nlp, monkeypatch):
    for name in config.SETTINGS:
        monkeypatch.delenv(config.PREFIX + name, raising=False)
    app = create_app(QUIET)
    assert app.config["MAX_TEXT_CHARS"] == 100_000
    assert app.config["MAX_BATCH_DOCS"] == 32
    assert app.config["MODEL"] == "en_core_web_sm"
    assert app.config["CORS_ORIGINS"] == ()
    assert app.config["WORKERS"] == config.default_workers() >= 1
    assert app.config["REQUEST_TIMEOUT"] > 0
    assert not app.debug and not app.testing


TWO_ORIGINS = ("https://a.example", "https://b.example")

# (variable, raw value, config key, parsed value)
ENV_CASES = [
    ("NAS_MAX_TEXT_CHARS", "5000", "MAX_TEXT_CHARS", 5000),
    ("NAS_MAX_BATCH_DOCS", "4", "MAX_BATCH_DOCS", 4),
    ("NAS_MAX_BODY_BYTES", "65536", "MAX_BODY_BYTES", 65536),
    ("NAS_WORKERS", "3", "WORKERS", 3),
    ("NAS_MODEL", "en_core_web_sm", "MODEL", "en_core_web_sm"),
    ("NAS_LOG_LEVEL", "debug", "LOG_LEVEL", "DEBUG"),
    ("NAS_CORS_ORIGINS", "https://a.example, https://b.example/", "CORS_ORIGINS", TWO_ORIGINS),
    ("NAS_CORS_ORIGINS", "", "CORS_ORIGINS", ()),
    ("NAS_REQUEST_TIMEOUT", "2.5", "REQUEST_TIMEOUT", 2.5),
    ("NAS_PRELOAD_MODEL", "false", "PRELOAD_MODEL", False),
]  # fmt: skip


@pytest.mark.parametrize(("var", "raw", "key", "value"), ENV_CASES)
def test_environment_overrides_defaults(nlp, monkeypatch, var, raw, key, value):
    monkeypatch.setenv(var, raw)
    test_config = {k: v for k, v in QUIET.items() if k != key}
    assert create_app(test_config).config[key] == value


@pytest.mark.parametrize(
    ("var", "raw"),
    [
        ("NAS_MAX_TEXT_CHARS", "lots"),
        ("NAS_MAX_TEXT_CHARS", "0"),
        ("NAS_MAX_BATCH_DOCS", "-1"),
        ("NAS_WORKERS", "2.5"),
        ("NAS_LOG_LEVEL", "chatty"),
        ("NAS_REQUEST_TIMEOUT", "0"),
        ("NAS_PRELOAD_MODEL", "maybe"),
    ],
)
def test_bad_environment_values_stop_start_up(nlp, monkeypatch, var, raw):
    monkeypatch.setenv(var, raw)
    with pytest.raises(ValueError, match=var):
        create_app(QUIET)


@pytest.mark.parametrize("var", ["FLASK_DEBUG", "NAS_DEBUG"])
def test_debug_never_comes_from_the_environment(nlp, monkeypatch, var):
    monkeypatch.setenv(var, "1")
    assert not create_app(QUIET).debug


def test_unprefixed_variables_are_ignored(nlp, monkeypatch):
    monkeypatch.setenv("MAX_TEXT_CHARS", "7")
    monkeypatch.setenv("FLASK_MAX_TEXT_CHARS", "7")
    assert create_app(QUIET).config["MAX_TEXT_CHARS"] == 100_000


def test_test_config_wins_over_environment(nlp, monkeypatch):
    monkeypatch.setenv("NAS_MAX_TEXT_CHARS", "5000")
    assert create_app({**QUIET, "MAX_TEXT_CHARS": 40}).config["MAX_TEXT_CHARS"] == 40


@pytest.mark.parametrize("source", ["test_config", "env"])
def test_configured_limits_are_enforced(nlp, monkeypatch, client_for, source):
    if source == "env":
        monkeypatch.setenv("NAS_MAX_TEXT_CHARS", "20")
        monkeypatch.setenv("NAS_MAX_BATCH_DOCS", "2")
        app = create_app(QUIET)
    else:
        app = create_app({**QUIET, "MAX_TEXT_CHARS": 20, "MAX_BATCH_DOCS": 2})
    client = client_for(app)
    assert client.post("/v1/analyze", json={"text": "Ann said yes."}).status_code == 200
    too_long = client.post("/v1/analyze", json={"text": "Ann said yes, twice over."})
    assert too_long.status_code == 422 and "20" in too_long.get_json()["errors"]["text"][0]
    docs = [{"text": "Ann said yes."}] * 3
    assert client.post("/v1/analyze/batch", json={"documents": docs}).status_code == 422
    batch = client.post("/v1/analyze/batch", json={"documents": docs[:2]})
    assert batch.status_code == 200


def test_model_limit_follows_max_text_chars(nlp):
    limit = nlp.max_length + 10
    create_app({**QUIET, "MAX_TEXT_CHARS": limit})
    assert nlp.max_length > limit  # spaCy's own guard never answers before ours


@pytest.mark.parametrize(
    ("raw", "port"),
    [(None, 8080), ("18080", 18080), ("1", 1)],
)
def test_port(raw, port):
    environ = {} if raw is None else {"PORT": raw}
    assert config.port(environ) == port


@pytest.mark.parametrize("raw", ["http", "0", "70000", ""])
def test_bad_port(raw):
    with pytest.raises(ValueError, match="PORT"):
        config.port({"PORT": raw})


def test_gunicorn_settings(monkeypatch, tmp_path):
    # Set the metrics directory first so loading the file does not change this process's env.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("PORT", "18123")
    monkeypatch.setenv("NAS_WORKERS", "3")
    monkeypatch.setenv("NAS_REQUEST_TIMEOUT", "10")
    monkeypatch.setenv("NAS_THREADS", "5")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"] == "0.0.0.0:18123"
    assert settings["workers"] == 3
    # Request threads (stalled clients hold a thread, not the worker); no keep-alive.
    assert settings["worker_class"] == "service.web.worker.AnalysisWorker"
    assert settings["threads"] == 5
    assert settings["keepalive"] == 0
    assert settings["preload_app"] is True
    assert settings["timeout"] > 10, "gunicorn must not kill a worker before the app's deadline"
    assert settings["max_requests"] > 0 and settings["max_requests_jitter"] > 0
    assert settings["accesslog"] is None
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path)


def test_gunicorn_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    for name in ("PORT", "NAS_WORKERS", "NAS_REQUEST_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"] == "0.0.0.0:8080"
    assert settings["workers"] == config.default_workers()
    assert settings["timeout"] > config.defaults()["REQUEST_TIMEOUT"]
