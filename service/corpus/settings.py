"""What every process of one corpus run must agree on. No spaCy here: the processes that only
hand out work (the command, a Dask driver) import this and never load a pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Settings:
    """Passed to every task, so that all workers answer alike whatever their own environment."""

    run_id: str  # stands in for the HTTP request id: one per command run, in every answer
    max_text_chars: int  # the API's limit, as configured where the command runs
    batch_size: int = 16  # texts per nlp.pipe batch
    published_field: str = "published"  # the record field holding the article's date
    today: date | None = None  # the day of the run: dates a dateline that gives no year
