"""The time-expression lexicon (``service/lexicons/timing.yaml``), loaded once into frozen sets."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from service.lexicons import DIR, load_yaml
from service.lexicons.cues import load_cues


@dataclass(frozen=True, slots=True)
class TimingLexicon:
    calendar: frozenset[str]  # heads of time phrases
    prepositions: frozenset[str]  # prepositions whose object is a time
    modifiers: tuple[str, ...]  # leading words the date arithmetic does without, longest first
    frames: frozenset[str]  # nouns a time reaches the cue through ("in a statement on …")
    speaking: frozenset[str]  # participle clauses that place the statement ("Speaking on …")


@lru_cache(maxsize=1)
def load() -> TimingLexicon:
    data = load_yaml(DIR / "timing.yaml")
    cues = load_cues()

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    modifiers = sorted((str(w).lower() for w in data["modifiers"]), key=len, reverse=True)
    return TimingLexicon(
        calendar=words("calendar"),
        prepositions=words("prepositions"),
        modifiers=tuple(modifiers),
        frames=words("frames") | cues.documents | cues.speech_events | cues.nominal,
        speaking=words("speaking"),
    )
