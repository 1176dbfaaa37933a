"""One container of the service's image on a free 127.0.0.1 port, with docker or podman
(``PODMAN_FLAGS``): run, exec, inspect, wait until ready, remove (``tools.image_test``)."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import time
import uuid

import requests

READY_BUDGET_S = 120.0


class Container:
    """One container of the image, on a free 127.0.0.1 port; removed by ``remove()``."""

    def __init__(self, engine: str, image: str, extra: list[str] | None = None) -> None:
        self.engine, self.image = engine, image
        self.name = f"nas-image-test-{uuid.uuid4().hex[:8]}"
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        run = ["run", *self.engine_flags(), "--detach", "--name", self.name]
        run += ["--publish", f"127.0.0.1:{self.port}:8080", *(extra or [])]
        if engine == "podman":
            run += ["--health-interval", "disable"]  # no systemd timer here; run it by hand
        self.cli(*run, image)

    def engine_flags(self) -> list[str]:
        return shlex.split(os.environ.get("PODMAN_FLAGS", "")) if self.engine == "podman" else []

    def cli(self, *args: str, check: bool = True, timeout: float = 120) -> str:
        result = subprocess.run(
            [self.engine, *args], capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{self.engine} {args[0]}: {result.stderr.strip()[-500:]}")
        return result.stdout

    def exec(self, *command: str) -> str:
        return self.cli("exec", self.name, *command)

    def pids(self) -> list[tuple[str, int]]:
        """(user, pid) of every process in the container, as the container sees them."""
        out = self.exec(
            "sh", "-c", "for p in /proc/[0-9]*; do echo $(stat -c %u $p) ${p#/proc/}; done"
        )
        return [(u, int(p)) for u, p in (ln.split() for ln in out.splitlines() if ln.strip())]

    def workers(self) -> list[int]:
        """The gunicorn workers: the processes whose parent is PID 1 (the arbiter)."""
        out = self.exec("sh", "-c", "grep -l '^PPid:[[:space:]]*1$' /proc/[0-9]*/status || true")
        return sorted(int(line.split("/")[2]) for line in out.split())

    def logs(self) -> str:
        result = subprocess.run(
            [self.engine, "logs", self.name], capture_output=True, text=True, timeout=60
        )
        return result.stdout + result.stderr

    def wait_ready(self) -> float:
        started = time.monotonic()
        while True:
            try:
                if requests.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            state = self.cli("inspect", "--format", "{{.State.Status}}", self.name).strip()
            if state not in {"running", "created", "configured"}:
                raise RuntimeError(f"container {state}:\n{self.logs()[-2000:]}")
            if time.monotonic() - started > READY_BUDGET_S:
                raise RuntimeError(f"not ready within {READY_BUDGET_S:.0f} s")
            time.sleep(0.5)

    def remove(self) -> None:
        self.cli("rm", "--force", self.name, check=False, timeout=120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
