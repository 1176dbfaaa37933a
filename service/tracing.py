"""Tracing: OpenTelemetry spans around the NLP stages, and the ids every log line carries.

No Flask here, so the NLP layer can use it: ``with stage("actors"): …`` opens a span
``nlp.actors`` under the current one (the request's, in the service) when tracing is on, and is a
shared do-nothing context manager when it is off. OpenTelemetry is imported only when tracing is
turned on (``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` set, and
``OTEL_SDK_DISABLED`` not true): off, tracing costs one attribute read per stage.

The request id and the trace id live in context variables, set by the web layer for each request
(``service.web.logs``), so the log formatter and the spans can read them from anywhere. The trace
id is the span's when tracing is on; when it is off, the caller's W3C ``traceparent`` still gives
it, so that the service's logs join a trace begun upstream.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from contextvars import ContextVar
from typing import Any

SERVICE_NAME = "news-attribution"
STAGE_PREFIX = "nlp."
ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# W3C Trace Context: version-traceid-parentid-flags; an all-zero trace id is invalid.
_TRACEPARENT = re.compile(r"[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}")

request_id: ContextVar[str | None] = ContextVar("nas_request_id", default=None)
_upstream_trace_id: ContextVar[str | None] = ContextVar("nas_upstream_trace_id", default=None)

_OFF: AbstractContextManager[Any] = nullcontext()
_tracer: Any = None  # an opentelemetry Tracer while tracing is on
_env_provider: Any = None  # the provider built from the environment, once per process


def stage(name: str) -> AbstractContextManager[Any]:
    """A span ``nlp.<name>`` with the request id, or nothing when tracing is off."""
    tracer = _tracer
    if tracer is None:
        return _OFF
    attributes = {"nas.stage": name}
    rid = request_id.get()
    if rid is not None:
        attributes["nas.request_id"] = rid
    return tracer.start_as_current_span(STAGE_PREFIX + name, attributes=attributes)


def enabled() -> bool:
    return _tracer is not None


def activate(provider: Any) -> None:
    """Send the stages' spans to ``provider`` (an SDK TracerProvider), or stop with None."""
    global _tracer
    if provider is None:
        _tracer = None
        return
    import service

    _tracer = provider.get_tracer("service.nlp", service.__version__)


def configured(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment asks for traces: an OTLP endpoint, and the SDK not disabled."""
    environ = os.environ if environ is None else environ
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return any(environ.get(name, "").strip() for name in ENDPOINT_VARIABLES)


def provider_from_env() -> Any:
    """The process's TracerProvider exporting over OTLP/HTTP, built on first call; None when the
    environment does not ask for traces. Also made the global provider, for other libraries.

    The exporter and the sampler read the standard ``OTEL_*`` variables themselves (endpoint,
    headers, timeout, ``OTEL_TRACES_SAMPLER``; ``OTEL_SERVICE_NAME`` and
    ``OTEL_RESOURCE_ATTRIBUTES`` name the service). Spans are batched and sent from a background
    thread that the SDK restarts in each forked gunicorn worker.
    """
    global _env_provider
    if _env_provider is not None or not configured():
        return _env_provider
    protocol = os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", os.environ.get("OTEL_EXPORTER_OTLP_PROTOCOL", "")
    )
    if protocol.strip() not in {"", "http/protobuf"}:
        raise ValueError(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol!r}: only http/protobuf is shipped "
            "(an OTLP/HTTP endpoint, port 4318 on a collector)"
        )
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = new_provider()
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _env_provider = provider
    return provider


def new_provider() -> Any:
    """An SDK TracerProvider naming this service (``OTEL_SERVICE_NAME`` wins when set)."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    import service

    resource = Resource.create({"service.version": service.__version__})
    if not os.environ.get("OTEL_SERVICE_NAME") and resource.attributes.get(
        "service.name", ""
    ).startswith("unknown_service"):
        resource = resource.merge(Resource({"service.name": SERVICE_NAME}))
    return TracerProvider(resource=resource)


# --- the ids of the request being served ----------------------------------------------------------


def upstream_trace_id(traceparent: str | None) -> str | None:
    """The trace id of a well-formed W3C ``traceparent`` header, else None."""
    if not traceparent:
        return None
    match = _TRACEPARENT.fullmatch(traceparent.strip().lower())
    if match is None or set(match.group(1)) == {"0"}:
        return None
    return match.group(1)


def begin_request(rid: str, traceparent: str | None) -> tuple[Any, Any]:
    """Bind the request's ids to this context; returns the tokens for :func:`end_request`. With
    tracing on, the request's span gets the id as ``nas.request_id``."""
    tokens = (request_id.set(rid), _upstream_trace_id.set(upstream_trace_id(traceparent)))
    if _tracer is not None:
        annotate(**{"nas.request_id": rid})
    return tokens


def end_request(tokens: tuple[Any, Any]) -> None:
    request_id.reset(tokens[0])
    _upstream_trace_id.reset(tokens[1])


def annotate(**attributes: str) -> None:
    """Set attributes on the current span (the request's), when tracing is on."""
    if _tracer is None:
        return
    from opentelemetry import trace

    span = trace.get_current_span()
    if span.is_recording():
        span.set_attributes(attributes)


def trace_id() -> str | None:
    """The current trace id (32 hex digits): the span's with tracing on, else the caller's."""
    if _tracer is not None:
        from opentelemetry import trace

        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            return f"{context.trace_id:032x}"
    return _upstream_trace_id.get()
