"""A per-request deadline: a slow analysis gets a clean 503 instead of a killed worker.

gunicorn's sync worker runs each request in the process's main thread; there ``SIGALRM`` (via
``signal.setitimer``) interrupts the analysis between two Python bytecodes. Elsewhere (threads,
other servers) signals cannot be used and the deadline is skipped: the server's timeout applies.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from service.web.errors import AnalysisTimeout


class DeadlineExceeded(BaseException):
    """Raised inside the analysis when time is up.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that no ``except Exception`` in engine code
    can swallow it; :func:`deadline` turns it into an HTTP problem at the boundary.
    """


def usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Run the body with at most ``seconds`` of wall time; raise ``AnalysisTimeout`` past it."""
    if not seconds or not usable():
        yield
        return
    armed = True

    def expired(signum: int, frame: object) -> None:
        # A signal handled after the body finished must not raise into unrelated code.
        if armed:
            raise DeadlineExceeded

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        try:
            yield
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except DeadlineExceeded:
        raise AnalysisTimeout(seconds) from None
    finally:
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
