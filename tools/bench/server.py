"""Start and stop the service under gunicorn for a benchmark, and read its workers' memory."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class WorkerMemory:
    pid: int
    rss_mb: float
    pss_mb: float | None  # proportional share: copy-on-write pages shared with the master split


class Server:
    """``scripts/serve.sh`` on 127.0.0.1 with ``workers`` workers; a context manager. ``port``
    (default: a free one) and ``env`` (more ``NAS_*`` settings) are optional."""

    def __init__(
        self,
        workers: int,
        *,
        log_path: Path,
        extra_args: str = "",
        boot_timeout: float = 120,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.workers = workers
        self.port = port or free_port()
        self._env = env or {}
        self.url = f"http://127.0.0.1:{self.port}"
        self._log_path = log_path
        self._extra_args = extra_args
        self._boot_timeout = boot_timeout
        self._proc: subprocess.Popen | None = None
        self._log = None

    def __enter__(self) -> Server:
        env = {
            **os.environ,
            "VENV": str(ROOT / ".venv"),
            "PORT": str(self.port),
            "NAS_WORKERS": str(self.workers),
            "NAS_LOG_LEVEL": "WARNING",  # a JSON log line per request would be measured too
            # The same start command as `make run`, bound to the loopback interface only.
            "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{self.port} {self._extra_args}".strip(),
            **self._env,
        }
        self._log = open(self._log_path, "ab")
        self._proc = subprocess.Popen(
            ["sh", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self._boot_timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                code = self._proc.returncode
                raise RuntimeError(f"gunicorn exited with {code}; see {self._log_path}")
            try:
                if requests.get(self.url + "/readyz", timeout=2).status_code == 200 and (
                    len(self.worker_pids()) == self.workers
                ):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {self._boot_timeout} s; see {self._log_path}")

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()  # gunicorn's graceful shutdown on SIGTERM
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._log is not None:
            self._log.close()

    @property
    def master_pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid  # serve.sh execs gunicorn, so the shell's pid is the master's

    def worker_pids(self) -> list[int]:
        try:
            return sorted(c.pid for c in psutil.Process(self.master_pid).children())
        except psutil.NoSuchProcess:
            return []

    def cpu_ns(self) -> dict[int, int]:
        """CPU time used so far by each live worker, in ns, summed over its threads (the requests
        run in threads: /proc/PID/task/TID/schedstat, ns resolution)."""
        out = {}
        for pid in self.worker_pids():
            total = 0
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    with suppress(OSError, ValueError, IndexError):  # a thread that just ended
                        total += int((task / "schedstat").read_text().split()[0])
            except OSError:
                continue  # the worker itself is gone
            out[pid] = total
        return out

    def memory(self, *, pss: bool = True) -> list[WorkerMemory]:
        """Memory of each live worker (PSS reads /proc/PID/smaps: a little slower)."""
        out = []
        for pid in self.worker_pids():
            try:
                proc = psutil.Process(pid)
                if pss:
                    full = proc.memory_full_info()
                    out.append(WorkerMemory(pid, full.rss / 2**20, full.pss / 2**20))
                else:
                    out.append(WorkerMemory(pid, proc.memory_info().rss / 2**20, None))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue  # recycled between listing and reading
        return out
