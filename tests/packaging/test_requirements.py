"""The lock files install the same everywhere: pinned, hashed, and naming no package source.

pip-compile copies the local pip configuration's indexes and find-links into its output unless told
not to; on another machine pip warns about them, and a directory of the same name there would
silently become a package source. The registry is pip's default index everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = sorted((ROOT / "requirements").glob("*.txt"))
SOURCE_OPTIONS = re.compile(
    r"^\s*(-i|-f|--index-url|--extra-index-url|--find-links|--trusted-host|--no-index)\b"
)


def test_there_are_lock_files():
    assert {p.name for p in LOCKS} >= {"base.txt", "dev.txt"}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_lock_names_no_package_source(lock):
    text = lock.read_text(encoding="utf-8")
    offending = [ln for ln in text.splitlines() if SOURCE_OPTIONS.match(ln)]
    assert offending == []
    assert "file://" not in text and "/opt/" not in text
    # ...and says how to regenerate it without them.
    assert "--no-emit-index-url" in text and "--no-emit-find-links" in text


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_lock_pins_every_package_by_hash(lock):
    text = re.sub(r"\s*\\\n\s*", " ", lock.read_text(encoding="utf-8"))
    requirements = [ln for ln in text.splitlines() if ln and not ln.lstrip().startswith("#")]
    assert requirements
    for line in requirements:
        assert re.match(r"^[A-Za-z0-9._-]+==[^ ]+ (--hash=sha256:[0-9a-f]{64} ?)+$", line), line


@pytest.mark.parametrize(
    "line",
    [
        "--extra-index-url file:///opt/pypi/simple",
        "--find-links /opt/wheels",
        "-i https://x/simple",
    ],
)
def test_source_options_are_recognised(line):
    assert SOURCE_OPTIONS.match(line)
