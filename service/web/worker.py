"""The gunicorn worker: gunicorn's ``gthread`` worker with read timeouts and idle-first accepts.

Why threads: a sync worker reads each request body itself, so a client that sends its headers and
then stalls holds the whole worker (and ``/readyz``, ``/livez`` and every analysis behind it) until
gunicorn kills it. Here a stalled client holds one request thread, and for ``NAS_READ_TIMEOUT``
seconds at most; the analyses still run one at a time per worker (``service.web.model.slot``).

Three changes to ``gthread``, all measured (``docs/performance.md``):

- The socket of a connection times out after ``NAS_READ_TIMEOUT`` seconds of silence, for the
  request line and headers too (gunicorn reads them blocking, with no timeout): such a client is
  disconnected, and one stalled in its body gets a 408 (``routes.read_json``).
- A connection is closed in its request thread. gunicorn closes it in the worker's main loop,
  waiting up to 2 s there for the client to close its side; a stalled client never does, and the
  loop (accepts, probes, every other connection) stood still for 2 s per such client (measured: 8
  clients stalled in their headers were disconnected at 4, 4, 6, 8, 8, 10, 12 and 12 s).
- A worker with an analysis to do leaves new connections to an idle worker, as a sync worker does:
  it stops accepting until its requests are answered, or for ``BUSY_PAUSE`` seconds at most, and
  then takes one connection if it is still waiting (every worker busy). With plain ``gthread`` a
  busy worker takes its share of new connections and queues them behind its running analysis
  while the other worker idles (2 workers gave 1.58 times the words per second of 1, against 1.92
  for raw spaCy in 2 processes); a sync worker never does that, but there a probe waits for the
  analysis to end, here for ``BUSY_PAUSE`` seconds at most once it is at the head of the queue.
  Busy means an analysis running (``model.slot``), or a connection accepted less than
  ``READ_GRACE`` seconds ago whose request has not reached the analysis yet; after that, a client
  stalled in its request no longer keeps probes out.
"""

from __future__ import annotations

import errno
import time
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

from service import config
from service.web import model

# Under the 2 s timeout of the deployment's probes; long against one article's analysis, so that
# few requests queue behind a running one while another worker is about to be free.
BUSY_PAUSE = 0.5
# A client on the same network sends its request well within this after its connection is
# accepted; until then the connection counts as an analysis to come (in a burst, many connections
# are accepted before the first request is read).
READ_GRACE = 0.1


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
        # Kept on the main loop's thread (request threads report through its method queue).
        self._taken: dict[TConn, float] = {}  # connections in a request thread: when handed over
        self._paused_until = 0.0  # accepts paused until then (monotonic); 0: not paused
        self._may_take_one = False  # a pause ran out: one connection may be taken though busy

    def _busy_for(self) -> float:
        """How long to pause accepting now (0: not busy)."""
        if model.slot.busy:
            return BUSY_PAUSE
        now = time.monotonic()
        # until the youngest is no longer fresh: one pause for a burst
        fresh = [t + READ_GRACE - now for t in self._taken.values() if now - t < READ_GRACE]
        return max(fresh, default=0.0)

    def _resume(self) -> None:
        self._paused_until = 0.0
        if self.alive and self.nr_conns < self.worker_connections:
            self.set_accept_enabled(True)

    def _answered(self, conn: TConn) -> None:
        self._taken.pop(conn, None)
        if self._paused_until and not self._busy_for():
            self._resume()

    def set_accept_enabled(self, enabled: bool) -> None:
        if enabled and self._paused_until:
            enabled = False
        super().set_accept_enabled(enabled)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        if self._paused_until:
            # Wake when the pause runs out, so that accepting resumes on time.
            timeout = min(timeout, max(0.0, self._paused_until - time.monotonic()))
        super().wait_for_and_dispatch_events(timeout)
        if self._paused_until and time.monotonic() >= self._paused_until:
            self._resume()
            if model.slot.busy:
                # still busy after a full pause: every worker is, so take a connection that
                # waits now (a probe), but not the next one to come, which an idle worker may take
                self._may_take_one = True
                super().wait_for_and_dispatch_events(0)
                self._may_take_one = False

    def enqueue_req(self, conn: TConn) -> None:
        # each call runs ``handle`` once (new and kept-alive connections alike); counted once
        # submitted, so that a refused submit leaves nothing behind
        super().enqueue_req(conn)
        self._taken[conn] = time.monotonic()

    def handle(self, conn: TConn) -> Any:
        try:
            result = super().handle(conn)
        finally:
            self.method_queue.defer(self._answered, conn)
        if result is False:
            # Done with the connection: the lingering close happens here, in this thread. The
            # main loop's own close then finds the socket closed and returns at once.
            conn.close(graceful=True)
        return result

    def accept(self, listener: Any) -> None:
        pause = self._busy_for()
        if pause and not self._may_take_one:
            self._paused_until = time.monotonic() + pause
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
