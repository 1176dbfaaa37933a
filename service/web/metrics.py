"""Prometheus metrics: requests and latency by route and status, and the loaded model.

Under gunicorn every worker is its own process, so ``gunicorn.conf.py`` sets
``PROMETHEUS_MULTIPROC_DIR`` before anything imports ``prometheus_client``; the values then live in
per-process files and ``/metrics`` aggregates them, whichever worker answers.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from service.web.logs import route_label

REQUESTS = Counter(
    "nas_http_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
LATENCY = Histogram(
    "nas_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60),
)
MODEL_INFO = Gauge(
    "nas_model_info",
    "The spaCy pipeline this service runs (value 1).",
    ["name", "version", "spacy_version"],
    multiprocess_mode="max",
)


# Any token is a valid HTTP method; unknown ones share a label so callers cannot grow the series.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def record_model(name: str, version: str, spacy_version: str) -> None:
    MODEL_INFO.labels(name=name, version=version, spacy_version=spacy_version).set(1)


def render() -> Response:
    """The exposition text: aggregated over workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})


def init_app(app: Flask) -> None:
    @app.after_request
    def _observe(response: Response) -> Response:
        started = getattr(g, "started", None)
        labels = {
            "method": request.method if request.method in _METHODS else "other",
            "route": route_label(),
            "status": str(response.status_code),
        }
        REQUESTS.labels(**labels).inc()
        if started is not None:
            LATENCY.labels(**labels).observe(time.perf_counter() - started)
        return response
