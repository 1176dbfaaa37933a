"""JSON-lines logs on stdout and the request id.

One line per request with the request id, method, route, status, latency, caller and text length.
Every line logged while a request is served, by any logger, carries its ``request_id`` and
``trace_id`` (``service.tracing``: the span's, or the caller's ``traceparent``), so that logs and
traces join. Article text and API keys are never logged: views record only the text's length in
``g.text_chars``, and the caller by name (``g.caller``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, request

from service import tracing

REQUEST_ID_HEADER = "X-Request-ID"
# Echo a caller's id only when it is short and plain, so it cannot inject into logs or headers.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")

# Attributes every LogRecord has; anything else was passed through ``extra=`` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

access_log = logging.getLogger("service.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        # The ids of the request being served, whoever logs (the context variables are per thread).
        rid = tracing.request_id.get()
        if rid is not None:
            line.setdefault("request_id", rid)
            line.setdefault("trace_id", tracing.trace_id())
        if record.exc_info:
            # Exception type only: messages and tracebacks may contain article text.
            line["error"] = record.exc_info[0].__name__ if record.exc_info[0] else "unknown"
        return json.dumps(line, default=str, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler):
    """A handler bound to whatever ``sys.stdout`` is now (test capture, a redirected stream)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:
        pass


# Libraries whose warnings belong in the service's log: the quota store unreachable, say. Their
# INFO lines (each refusal) are left out: the access line already says 429, and for whom.
_LIBRARIES = ("flask-limiter", "opentelemetry")


def configure(level: str) -> None:
    """JSON lines on stdout for the service's loggers (idempotent: tests build many apps)."""
    for name in ("service", *_LIBRARIES):
        logger = logging.getLogger(name)
        floor = logging.getLevelName(level) if name == "service" else logging.WARNING
        logger.setLevel(max(logging.getLevelName(level), floor))
        if not any(isinstance(h, StdoutHandler) for h in logger.handlers):
            handler = StdoutHandler()
            handler.setFormatter(JsonFormatter())
            logger.addHandler(handler)
        logger.propagate = False


def request_id_from(header_value: str | None) -> str:
    """The caller's id when it is sane, else a fresh one."""
    if header_value and _SANE_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def route_label() -> str:
    """The matched URL rule, not the path: bounded cardinality for logs and metrics."""
    rule = request.url_rule
    return rule.rule if rule is not None else "<unmatched>"


def init_app(app: Flask) -> None:
    configure(app.config["LOG_LEVEL"])

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        g.trace_tokens = tracing.begin_request(g.request_id, request.headers.get("traceparent"))

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        tokens = g.pop("trace_tokens", None)
        if tokens is not None:
            tracing.end_request(tokens)

    @app.after_request
    def _finish(response: Response) -> Response:
        request_id = getattr(g, "request_id", None) or request_id_from(None)
        response.headers[REQUEST_ID_HEADER] = request_id
        started = getattr(g, "started", None)
        latency_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        route = route_label()
        access_log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "latency_ms": round(latency_ms, 1),
                "caller": getattr(g, "caller", None),
                "text_chars": getattr(g, "text_chars", None),
                "documents": getattr(g, "documents", None),
            },
        )
        return response
