"""Named, frozen results of the engine. Offsets are Unicode code points, end-exclusive."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

ActorType = Literal["person", "organization", "country", "group", "other"]
QuoteType = Literal["direct", "indirect", "mixed"]
#: which rule found a quote
QuoteKind = Literal["verb", "nominal", "according", "colon", "direct", "continuation", "tagged"]
TargetRole = Literal["addressee", "subject", "beneficiary"]
StanceLabel = Literal["supportive", "critical", "neutral"]
TimePrecision = Literal["day", "week", "month"]
#: where a statement's date comes from: an expression of the text, the dateline, the request
TimeSource = Literal["text", "dateline", "published"]
#: the stance labels, as data (the lexicon's acts are checked against them)
STANCE_LABELS: tuple[StanceLabel, ...] = get_args(StanceLabel)
#: the labels that take a side
POLAR_LABELS: frozenset[StanceLabel] = frozenset(STANCE_LABELS) - {"neutral"}


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
    type: ActorType
    country: str | None = None  # ISO 3166-1 alpha-2
    affiliation: str | None = None  # actor id
    titles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    members: tuple[str, ...] = ()  # actor ids of a coordinated group ("Ghana and Togo")


@dataclass(frozen=True, slots=True)
class RawQuote:
    """A quote as the quote rules find it, before its mentions are linked to actors."""

    fragments: tuple[Span, ...]  # content, several for a discontinuous mixed quote
    type: QuoteType
    cue: Cue | None
    speaker: Span | None  # the words that name the speaker here (pronoun included)
    addressees: tuple[Span, ...] = ()
    via: Span | None = None  # "…, the State Department said"
    confidence: float = 0.5
    kind: QuoteKind = "verb"
    evidence: str = ""  # the calibration cell behind ``confidence``: kind|cue class|speaker|marks

    @property
    def start(self) -> int:
        return self.fragments[0].start

    @property
    def end(self) -> int:
        return self.fragments[-1].end


@dataclass(frozen=True, slots=True)
class StatementTime:
    """When a statement was made: a day, or the first day of its week (a Monday) or month."""

    date: date
    precision: TimePrecision
    source: TimeSource
    span: Span | None = None  # the words that give the date ("on Sunday"); None for ``published``


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    start: int
    end: int
    fragments: tuple[Span, ...]
    type: QuoteType
    speaker: str | None
    speaker_mention: Span | None
    cue: Cue | None
    addressees: tuple[str, ...] = ()
    via: str | None = None
    confidence: float = 0.5
    time: StatementTime | None = None


@dataclass(frozen=True, slots=True)
class LinkedQuote:
    """A quote whose speaker and addressees are linked to actors, beside what the rules found."""

    quote: Quote
    found: RawQuote
    # addressee span (start, end) → the actor it was linked to, where it was linked
    addressee_actors: Mapping[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Target:
    quote: str
    actor: str
    role: TargetRole
    mention: Span


@dataclass(frozen=True, slots=True)
class Stance:
    id: str
    source: str
    target: str
    label: StanceLabel
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
    label: StanceLabel
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
    published: date | None = None  # the article's date as the request gave it
    extras: dict = field(default_factory=dict)
