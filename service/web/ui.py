"""The article page at ``/``: static files only; it talks to the public API like any client.

The page can also load sample articles through two read-only routes, ``GET /samples`` and
``GET /samples/<name>``: by default the ``samples/`` folder beside this file (package data; in the
repo a link to the top-level ``seeds/``), or the folder named by ``SAMPLES_DIR`` in the app config.
Only ``*.txt`` files directly inside that folder are ever read.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, send_from_directory

STATIC = Path(__file__).resolve().parent / "static"
SEEDS = Path(__file__).resolve().parent / "samples"
_TITLE_CHARS = 120

bp = Blueprint("ui", __name__, static_folder=str(STATIC), static_url_path="/static")


@bp.get("/")
def index() -> Response:
    """The article page."""
    return send_from_directory(STATIC, "index.html")


def _samples_dir() -> Path:
    return Path(current_app.config.get("SAMPLES_DIR") or SEEDS)


def _sample_files() -> dict[str, Path]:
    """Sample name (file stem) -> path; looked up by name so a request can never pick a path."""
    folder = _samples_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.txt")) if p.is_file()}


def _title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= _TITLE_CHARS else first[: _TITLE_CHARS - 1] + "…"


@bp.get("/samples")
def samples() -> dict[str, list[dict[str, str | int]]]:
    """The sample articles the page offers: name, title (first line) and length in code points."""
    out = []
    for name, path in _sample_files().items():
        text = path.read_text(encoding="utf-8")
        out.append({"name": name, "title": _title(text), "chars": len(text)})
    return {"samples": out}


@bp.get("/samples/<name>")
def sample(name: str) -> dict[str, str]:
    """One sample article's text, exactly as stored."""
    path = _sample_files().get(name)
    if path is None:
        abort(404, description=f"No sample article named {name!r}.")
    text = path.read_text(encoding="utf-8")
    return {"name": name, "title": _title(text), "text": text}
