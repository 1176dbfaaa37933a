"""Named, frozen results of the engine. Offsets are Unicode code points, end-exclusive."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """A span from offsets, so that ``text[start:end] == span.text`` holds by construction."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    text: str
    lemma: str


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str  # person | organization | country | group | other
    country: str | None = None  # ISO 3166-1 alpha-2
    affiliation: str | None = None  # actor id
    titles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    start: int
    end: int
    fragments: tuple[Span, ...]
    type: str  # direct | indirect | mixed
    speaker: str | None
    speaker_mention: Span | None
    cue: Cue | None
    addressees: tuple[str, ...] = ()
    via: str | None = None
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Target:
    quote: str
    actor: str
    role: str  # addressee | subject | beneficiary
    mention: Span


@dataclass(frozen=True, slots=True)
class Stance:
    id: str
    source: str
    target: str
    label: str  # supportive | critical | neutral
    act: str
    plover_event: str | None
    plover_mode: str | None
    cameo: str | None
    negated: bool
    quotes: tuple[str, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class Relation:
    """Article-level stance between principals (countries and organisations)."""

    source: str
    target: str
    label: str
    quotes: tuple[str, ...]
    stances: tuple[str, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class Analysis:
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    targets: tuple[Target, ...] = ()
    stances: tuple[Stance, ...] = ()
    relations: tuple[Relation, ...] = ()
    author: Span | None = None
    extras: dict = field(default_factory=dict)
