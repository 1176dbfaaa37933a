"""Trained models shipped as package data (each a spaCy pipeline directory), and their folder."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

DIR = Path(__file__).resolve().parent


def load_shipped(path: Path, what: str, remedy: str) -> Language:
    """The spaCy pipeline at ``path``. A missing one is an error, not a reason to fetch or to go
    on without it: it ships with the package (``remedy`` says how to rebuild or switch it off)."""
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"{what} missing at {path} (package data; {remedy})")
    return spacy.load(path)
