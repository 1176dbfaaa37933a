"""The project as a package: ``pip wheel --no-deps .`` from the tracked files, installed away from
the repo, serves its package data and answers through its console command.

The wheel is built from a copy of the tracked files (as a clean clone has them), without build
isolation (setuptools is pinned in the lock file, so no download), and installed with ``--target``
into a folder whose only ``service`` is the wheel's; the dependencies come from this venv.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

import service

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
SEED = "000_08f99502b94fa4d8"
PACKAGE_DATA = [
    "service/openapi.yaml",
    "service/gunicorn_conf.py",
    "service/lexicons/cues.yaml",
    "service/models/stance_textcat/textcat/model",
    "service/models/attribution_spans/ner/model",
    "service/models/quote_ranker.json",
    "service/web/static/index.html",
    "service/web/static/main.js",
    f"service/web/samples/{SEED}.txt",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    source = tmp_path_factory.mktemp("clone")
    for name in filter(None, (t.decode() for t in tracked)):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            target.symlink_to(os.readlink(ROOT / name))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, target)
    out = tmp_path_factory.mktemp("wheel")
    pip_wheel = ["pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), "."]
    subprocess.run(
        [sys.executable, "-m", *pip_wheel],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _env(installed: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(installed), "NAS_LOG_LEVEL": "WARNING"}


def test_wheel_holds_the_service_and_its_data_only(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(meta).decode()
        entry_points = zf.read(meta.replace("METADATA", "entry_points.txt")).decode()
        # The links in the repo are files in the wheel, with the same bytes.
        assert zf.read("service/openapi.yaml") == (ROOT / "openapi.yaml").read_bytes()
        assert zf.read("service/gunicorn_conf.py") == (ROOT / "gunicorn.conf.py").read_bytes()
    assert set(PACKAGE_DATA) <= names
    top = {n.split("/")[0] for n in names}
    assert top == {"service", meta.split("/")[0]}, "no tools/, tests/ or scripts/ in the wheel"
    assert f"Version: {service.__version__}\n" in metadata
    assert "Requires-Dist: spacy" in metadata and "Requires-Dist: flask-swagger-ui" in metadata
    assert "news-attribution = service.__main__:main" in entry_points


def test_console_command_analyses_the_seed(installed):
    script = installed / "bin" / "news-attribution"
    assert script.exists()
    result = subprocess.run(
        [sys.executable, str(script), "analyze", str(ROOT / "seeds" / f"{SEED}.txt")],
        cwd=installed.parent,  # not the repo: only the wheel's ``service`` is importable
        env=_env(installed),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["meta"]["service_version"] == service.__version__
    assert any("Blinken" in actor["name"] for actor in answer["actors"])
    assert answer["quotes"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_installed_serve_answers_with_its_package_data(installed):
    port = _free_port()
    env = {**_env(installed), "PORT": str(port), "NAS_WORKERS": "1"}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, str(installed / "bin" / "news-attribution"), "serve"],
        cwd=installed.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "not ready within 120 s"
            time.sleep(0.3)
        spec = requests.get(f"{base}/openapi.yaml", timeout=5)
        assert spec.content == (ROOT / "openapi.yaml").read_bytes()
        assert "SwaggerUIBundle" in requests.get(f"{base}/docs", timeout=5).text
        assert requests.get(f"{base}/docs/swagger-ui-bundle.js", timeout=5).status_code == 200
        assert "Attribution desk" in requests.get(f"{base}/", timeout=5).text
        samples = requests.get(f"{base}/samples", timeout=5).json()["samples"]
        assert [s["name"] for s in samples] == [SEED]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
