"""OpenTelemetry in the web app: a server span per request (the Flask instrumentation, which honours
the caller's W3C ``traceparent``), the NLP stages' spans under it (``service.tracing.stage``).

On when the environment names an OTLP endpoint (``service.tracing.configured``), or when a test
hands the factory a ``TRACER_PROVIDER``; off, nothing of OpenTelemetry is imported. The probes and
the metrics scrape make no spans: they come every few seconds and say nothing about a request.
"""

from __future__ import annotations

import os

from flask import Flask

from service import tracing

UNTRACED = "livez,readyz,metrics"
SANITIZE = "OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_SANITIZE_FIELDS"


def init_app(app: Flask) -> None:
    provider = app.config.get("TRACER_PROVIDER") or tracing.provider_from_env()
    if provider is None:
        return
    from opentelemetry.instrumentation.flask import FlaskInstrumentor

    tracing.activate(provider)
    _never_record_keys()
    FlaskInstrumentor().instrument_app(
        app, tracer_provider=provider, excluded_urls=UNTRACED, enable_commenter=False
    )


def _never_record_keys() -> None:
    """Headers make span attributes only when OTEL_INSTRUMENTATION_HTTP_CAPTURE_HEADERS_* ask for
    them; if one asks for Authorization (or ".*"), its value is still replaced by "[REDACTED]"."""
    fields = [f.strip() for f in os.environ.get(SANITIZE, "").split(",") if f.strip()]
    if "authorization" not in {f.lower() for f in fields}:
        os.environ[SANITIZE] = ",".join([*fields, "authorization"])
