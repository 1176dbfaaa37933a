"""One answer of the corpus mode to the facts of its stances: who, toward whom, when, on what.

A stance counts under the principals of its two actors, found from the answer as the engine
finds the principals of its ``relations`` (``service.nlp.principals.principal_of``: the
topmost country or organisation of the affiliation chain, a body under the state the article
names). An actor that counts under no principal (a person who speaks for no one, a group, a news
medium) stands for itself, so that every stance is counted. States are keyed by their ISO code;
anyone else by a canonical form of their name, the same in every article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.nlp.principals import affiliation_chain, countries_of, principal_of
from service.nlp.types import Actor

TEXT_CHARS = 200  # of a quote's text kept as evidence
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame"})
_INITIAL = re.compile(r"^[A-Z]\.$")


@dataclass(frozen=True, slots=True)
class Principal:
    key: str  # ISO 3166-1 alpha-2 for a state, else the canonical name
    name: str  # the name the article gives it
    kind: str  # country, organization, group, person or other


@dataclass(frozen=True, slots=True)
class Evidence:
    article: str | None  # the answer's id
    stance: str
    quotes: tuple[str, ...]
    label: str
    act: str
    date: date | None
    text: str  # the first quote's text, shortened; "" for a reported act


@dataclass(frozen=True, slots=True)
class StanceFact:
    source: Principal
    target: Principal
    label: str  # critical, supportive or neutral
    date: date | None  # when it was said: its quote's time, else the article's date
    evidence: Evidence


def canonical(name: str, kind: str) -> str:
    """One form of a name for every article: no leading "the", one kind of apostrophe, and for a
    person no honorific or middle initial ("Mr. Donald J. Trump" → "Donald Trump")."""
    words = name.replace("’", "'").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if kind == "person":
        kept = [w for w in words if w.lower().rstrip(".") not in _HONORIFICS]
        if kept and not _INITIAL.match(kept[0]):  # "J. K. Rowling" keeps her initials
            kept = [
                w for i, w in enumerate(kept) if not (0 < i < len(kept) - 1 and _INITIAL.match(w))
            ]
        words = kept
    return " ".join(words) or name.strip()


def stance_facts(answer: dict[str, Any]) -> Iterator[StanceFact]:
    """The facts of every stance of one answer (none for an error record)."""
    if "error" in answer or not answer.get("stances"):
        return
    actors = {a["id"]: _actor(a) for a in answer["actors"]}
    by_country = countries_of(list(actors.values()))
    quotes = {q["id"]: q for q in answer["quotes"]}
    published = _day(answer.get("published"))
    cache: dict[str, Principal] = {}

    def principal(aid: str) -> Principal:
        if aid not in cache:
            found = principal_of(actors, by_country, affiliation_chain(actors, aid))
            cache[aid] = _principal(actors[aid if found is None else found])
        return cache[aid]

    for s in answer["stances"]:
        ids = tuple(s["quotes"])
        first = quotes.get(ids[0]) if ids else None
        if first is None:
            when = published  # a reported act: the article's date
        else:
            time = first.get("time")
            when = _day(time["date"]) if time else None
        text = " ".join(first["text"].split()) if first else ""
        if len(text) > TEXT_CHARS:
            text = text[: TEXT_CHARS - 1].rstrip() + "…"
        evidence = Evidence(answer.get("id"), s["id"], ids, s["label"], s["act"], when, text)
        yield StanceFact(principal(s["source"]), principal(s["target"]), s["label"], when, evidence)


def _actor(a: dict[str, Any]) -> Actor:
    return Actor(
        id=a["id"],
        name=a["name"],
        type=a["type"],
        country=a.get("country"),
        affiliation=a.get("affiliation"),
    )


def _principal(actor: Actor) -> Principal:
    if actor.type == "country" and actor.country:
        return Principal(actor.country, actor.name, "country")
    return Principal(canonical(actor.name, actor.type), actor.name, actor.type)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
