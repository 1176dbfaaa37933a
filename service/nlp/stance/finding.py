"""A stance as a rule or the classifier finds it, before the stances of an article are merged."""

from __future__ import annotations

from dataclasses import dataclass

from service.nlp.types import StanceLabel


@dataclass(frozen=True, slots=True)
class Finding:
    source: str  # actor ids
    target: str
    label: StanceLabel
    act: str
    negated: bool
    quotes: tuple[str, ...]  # the quotes it rests on
    confidence: float
    guess: bool = False  # the classifier's reading, not a rule's
