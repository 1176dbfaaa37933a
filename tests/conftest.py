"""Shared fixtures: one spaCy pipeline per test session, the seed article, factory-built app/client."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.nlp import pipeline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    return pipeline.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / "000_08f99502b94fa4d8.txt").read_text(encoding="utf-8")
