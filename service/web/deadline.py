"""A per-request deadline, kept cooperatively: the work asks whether time is up between steps.

The workers run requests in threads (gunicorn ``gthread``), where signals cannot interrupt code,
so the analysis checks its :class:`Deadline` between parse groups, between the documents of a
batch and before each engine call (``service.nlp.parse``, ``service.web.routes``). It can overshoot
by one such step: a parse group of at most ``NAS_SLICE_CHARS`` characters or one engine call
(measured: under 1 s each on an idle core for the largest admissible text, ``docs/performance.md``).
"""

from __future__ import annotations

import time

from service.web.errors import AnalysisTimeout


class DeadlineExceeded(Exception):
    """Raised by :meth:`Deadline.check` once time is up; the views turn it into a problem."""


class Deadline:
    """``seconds`` from ``started``: a ``time.perf_counter()`` reading such as ``g.started``
    (default: now)."""

    def __init__(self, seconds: float, started: float | None = None) -> None:
        self.seconds = seconds
        self.expires = (time.perf_counter() if started is None else started) + seconds

    def remaining(self) -> float:
        return max(0.0, self.expires - time.perf_counter())

    def expired(self) -> bool:
        return time.perf_counter() >= self.expires

    def check(self) -> None:
        """Raise :class:`DeadlineExceeded` when time is up."""
        if self.expired():
            raise DeadlineExceeded

    def problem(self) -> AnalysisTimeout:
        return AnalysisTimeout(self.seconds)
