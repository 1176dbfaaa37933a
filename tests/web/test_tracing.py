"""Tracing: one request's trace, exported to memory, holds the HTTP span and a span per engine stage
with the request id; the caller's ``traceparent`` is honoured; every log line of a request carries
the request and trace ids; off, nothing of OpenTelemetry is even imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from service import tracing
from service.nlp import engine
from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
# The engine's stages as service/nlp/engine.py wraps them, in order.
ENGINE_STAGES = (
    "actors",
    "quotes",
    "speakers",
    "finalize",
    "principals",
    "targets",
    "stances",
    "timing",
)
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"
TEXT = {"text": "France urged Russia to halt its attacks on Ukraine, the foreign ministry said."}


@pytest.fixture
def exporter():
    memory = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(memory))
    memory.provider = provider
    yield memory
    tracing.activate(None)  # the stages' tracer is process-wide: leave it off for other tests


@pytest.fixture
def app_config(exporter):
    return {"TRACER_PROVIDER": exporter.provider}


def test_one_request_makes_one_trace_with_a_span_per_stage(client, exporter):
    response = client.post(
        "/v1/analyze", json=TEXT, headers={"X-Request-ID": "trace-me-1", "traceparent": TRACEPARENT}
    )
    assert response.status_code == 200
    spans = exporter.get_finished_spans()
    (http,) = [s for s in spans if s.kind == SpanKind.SERVER]
    assert http.name == "POST /v1/analyze"
    assert http.attributes["nas.request_id"] == "trace-me-1"
    assert http.attributes["http.route"] == "/v1/analyze"
    # The caller's traceparent: same trace, and the request's span is the caller's span's child.
    assert f"{http.context.trace_id:032x}" == TRACE_ID
    assert f"{http.parent.span_id:016x}" == PARENT_ID
    stages = [s for s in spans if s.name.startswith(tracing.STAGE_PREFIX)]
    names = [s.name.removeprefix(tracing.STAGE_PREFIX) for s in stages]
    assert names == ["language", "parse", *ENGINE_STAGES], "each once, in order"
    for span in stages:
        assert span.parent.span_id == http.context.span_id
        assert span.context.trace_id == http.context.trace_id
        assert span.attributes["nas.request_id"] == "trace-me-1"
    # No header makes a span attribute, the key's least of all.
    assert not any(k.startswith("http.request.header") for k in http.attributes)


def test_a_batch_has_the_stages_of_each_document(client, exporter):
    response = client.post("/v1/analyze/batch", json={"documents": [TEXT, TEXT]})
    assert response.status_code == 200
    names = [s.name for s in exporter.get_finished_spans()]
    assert names.count("nlp.actors") == 2 and names.count("nlp.stances") == 2


def test_without_a_traceparent_a_new_trace_begins(client, exporter):
    client.post("/v1/analyze", json=TEXT)
    (http,) = [s for s in exporter.get_finished_spans() if s.kind == SpanKind.SERVER]
    assert http.parent is None and f"{http.context.trace_id:032x}" != TRACE_ID


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/metrics"])
def test_probes_make_no_spans(client, exporter, path):
    assert client.get(path).status_code == 200
    assert exporter.get_finished_spans() == ()


def test_the_engine_traces_its_stages_without_flask(nlp, exporter):
    tracing.activate(exporter.provider)
    engine.analyze_doc(nlp(TEXT["text"]))
    names = [s.name for s in exporter.get_finished_spans()]
    assert names == [tracing.STAGE_PREFIX + n for n in ENGINE_STAGES]


# --- the ids in every log line --------------------------------------------------------------------


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


@pytest.mark.parametrize("traced", [True, False], ids=["tracing-on", "tracing-off"])
def test_every_log_line_of_a_request_has_its_ids(nlp, exporter, capsys, monkeypatch, traced):
    settings = {"LOG_LEVEL": "DEBUG"} | ({"TRACER_PROVIDER": exporter.provider} if traced else {})
    app = create_app(settings)
    capsys.readouterr()

    def noisy(doc, **dates):  # a log line from the depth of the engine, inside the request
        import logging

        logging.getLogger("service.nlp").warning("deep in the engine")
        return real(doc, **dates)

    real = engine.analyze_doc
    monkeypatch.setattr(engine, "analyze_doc", noisy)
    headers = {"X-Request-ID": "ids-1", "traceparent": TRACEPARENT}
    assert app.test_client().post("/v1/analyze", json=TEXT, headers=headers).status_code == 200
    lines = _lines(capsys)
    assert {line["message"] for line in lines} >= {"deep in the engine", "request"}
    for line in lines:
        assert line["request_id"] == "ids-1" and line["trace_id"] == TRACE_ID, line
    # After the request, lines carry no request's ids.
    import logging

    logging.getLogger("service.web").warning("between requests")
    (after,) = _lines(capsys)
    assert "request_id" not in after and "trace_id" not in after


@pytest.mark.parametrize(
    ("header", "trace_id"),
    [
        (TRACEPARENT, TRACE_ID),
        (TRACEPARENT.upper(), TRACE_ID),
        (f"00-{'0' * 32}-{PARENT_ID}-01", None),  # all-zero trace id: invalid
        (f"00-{TRACE_ID}-{PARENT_ID}", None),
        ("not a traceparent", None),
        ("", None),
        (None, None),
    ],
)
def test_upstream_trace_id(header, trace_id):
    assert tracing.upstream_trace_id(header) == trace_id


# --- off by default, at no cost -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"}, False),
    ],
)
def test_configured(environ, on):
    assert tracing.configured(environ) is on


def test_off_a_stage_is_one_shared_do_nothing():
    tracing.activate(None)
    assert tracing.stage("actors") is tracing.stage("stances")
    with tracing.stage("actors") as span:
        assert span is None


def test_off_nothing_of_opentelemetry_is_imported():
    code = (
        "import sys; from service.web.app import create_app; from service.nlp import engine;"
        "app = create_app({'PRELOAD_MODEL': False, 'LOG_LEVEL': 'WARNING'});"
        "app.test_client().get('/livez');"
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry')))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"


def test_only_otlp_over_http_is_shipped(nlp, monkeypatch):
    monkeypatch.setattr(tracing, "_env_provider", None)
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    with pytest.raises(ValueError, match="http/protobuf"):
        create_app({"LOG_LEVEL": "WARNING"})
