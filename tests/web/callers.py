"""Two callers with keys, for the tests of keys, quotas and their logs."""

from __future__ import annotations

from pathlib import Path

from service import keys

# Sentinels: a test fails if either shows up in an answer or a log line.
KEY_A = "Alpha-SENTINEL-KEY-" + "a" * 30
KEY_B = "Bravo-SENTINEL-KEY-" + "b" * 30


def write_key_file(path: Path) -> Path:
    """A key file naming ``alpha`` (``KEY_A``) and ``bravo`` (``KEY_B``)."""
    keys.add(path, "alpha", KEY_A)
    keys.add(path, "bravo", KEY_B)
    return path


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}
