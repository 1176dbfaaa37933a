"""The spaCy pipeline in the web app: loaded once per process, and one analysis at a time on it.

Each worker process runs several request threads (gunicorn ``gthread``) so that a slow client or a
probe never waits for an analysis; the analyses themselves take turns through :data:`slot`, one at
a time per process, as with one sync worker: CPU-bound work gains nothing from threads (the GIL),
and one parse at a time keeps a worker's memory to one request's worth.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from spacy.language import Language

from service.nlp import pipeline
from service.web import metrics
from service.web.errors import NotReady

log = logging.getLogger("service.web")


class Slot:
    """A lock for the analyses of this process that also says whether one is running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    @contextmanager
    def hold(self, timeout: float) -> Iterator[bool]:
        """Wait at most ``timeout`` seconds for the slot; yields whether it was had."""
        acquired = self._lock.acquire(timeout=max(0.0, timeout))
        try:
            yield acquired
        finally:
            if acquired:
                self._lock.release()


slot = Slot()


def get_nlp() -> Language:
    """The app's pipeline: loaded at start-up (``PRELOAD_MODEL``) or here on first use."""
    name = current_app.config["MODEL"]
    try:
        nlp = pipeline.load(name)
    except (OSError, ImportError) as exc:
        log.error("model not available", extra={"model": name, "error": type(exc).__name__})
        raise NotReady(f"The language model {name!r} could not be loaded.") from None
    prepare(nlp, current_app.config["MAX_TEXT_CHARS"])
    return nlp


def prepare(nlp: Language, max_text_chars: int) -> None:
    """Make spaCy's own length guard looser than ours, so it never surfaces as a 500."""
    pipeline.allow_length(nlp, max_text_chars)
    info = pipeline.model_info(nlp)
    metrics.record_model(info.name, info.version, info.spacy_version)


def ready(app: Flask) -> Language | None:
    """The pipeline if it is loaded, else None (``/readyz``): never loads it."""
    name = app.config["MODEL"]
    return pipeline.load(name) if pipeline.is_loaded(name) else None


def init_app(app: Flask) -> None:
    """Load the pipeline now when ``PRELOAD_MODEL`` (under gunicorn: once, in the master)."""
    if app.config["PRELOAD_MODEL"]:
        prepare(pipeline.load(app.config["MODEL"]), app.config["MAX_TEXT_CHARS"])
