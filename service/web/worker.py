"""The gunicorn worker: gunicorn's ``gthread`` worker with read timeouts and idle-first accepts.

Why threads: a sync worker reads each request body itself, so a client that sends its headers and
then stalls holds the whole worker (and ``/readyz``, ``/livez`` and every analysis behind it) until
gunicorn kills it. Here a stalled client holds one request thread, and for ``NAS_READ_TIMEOUT``
seconds at most; the analyses still run one at a time per worker (``service.web.model.slot``).

Two changes to ``gthread``, both measured (``docs/performance.md``):

- The socket of a connection times out after ``NAS_READ_TIMEOUT`` seconds of silence, for the
  request line and headers too (gunicorn reads them blocking, with no timeout): such a client is
  disconnected, and one stalled in its body gets a 408 (``routes.read_json``).
- A connection is closed in its request thread. gunicorn closes it in the worker's main loop,
  waiting up to 2 s there for the client to close its side; a stalled client never does, and the
  loop (accepts, probes, every other connection) stood still for 2 s per such client (measured: 8
  clients stalled in their headers were disconnected at 4, 4, 6, 8, 8, 10, 12 and 12 s).
- A worker already serving a request lets an idle worker take a new connection first: it stops
  accepting for ``ACCEPT_DEFER`` seconds and takes the connection only if no other worker has by
  then. With plain ``gthread`` the busy worker takes its share of new connections and queues them
  behind its running analysis while the other worker idles; sync workers never did that, since a
  busy one does not accept.
"""

from __future__ import annotations

import errno
import time
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

from service import config

# Long enough for an idle worker (blocked in select on the same listener) to take the connection,
# short enough to be lost in an analysis' time when every worker is busy.
ACCEPT_DEFER = 0.05


class _Conn(TConn):
    read_timeout: float | None = None

    def init(self) -> None:
        super().init()
        # gunicorn made the socket blocking (no timeout) to read the request.
        self.sock.settimeout(self.read_timeout)


class AnalysisWorker(ThreadWorker):
    """``gthread`` with socket read timeouts and idle-first accepts (see the module's doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = config.load()["READ_TIMEOUT"]
        self._deferred_until = 0.0  # accepts paused until then (monotonic)
        self._resumed_at = -1.0  # when the last pause ended

    def set_accept_enabled(self, enabled: bool) -> None:
        if enabled and time.monotonic() < self._deferred_until:
            enabled = False
        super().set_accept_enabled(enabled)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if self._deferred_until:
            # Wake when the pause ends, so that accepting resumes on time.
            timeout = min(timeout, max(0.0, self._deferred_until - time.monotonic()))
        super().wait_for_and_dispatch_events(timeout)
        if self._deferred_until and time.monotonic() >= self._deferred_until:
            self._deferred_until = 0.0
            self._resumed_at = time.monotonic()
            if self.alive and self.nr_conns < self.worker_connections:
                self.set_accept_enabled(True)

    def handle(self, conn: TConn) -> Any:
        result = super().handle(conn)
        if result is False:
            # Done with the connection: the lingering close happens here, in this thread. The
            # main loop's own close then finds the socket closed and returns at once.
            conn.close(graceful=True)
        return result

    def accept(self, listener: Any) -> None:
        now = time.monotonic()
        if self.nr_conns > 0 and now - self._resumed_at > ACCEPT_DEFER:
            # Busy: leave the connection to an idle worker; take it when the pause ends if it is
            # still waiting then (every worker busy).
            self._deferred_until = now + ACCEPT_DEFER
            super().set_accept_enabled(False)
            return
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        client_sock.setblocking(True)
        conn = _Conn(self.cfg, client_sock, client_addr, listener.getsockname())
        conn.read_timeout = self.read_timeout
        self.enqueue_req(conn)
