"""Gazetteer matches: the names of countries, demonyms, capitals, bodies and organisations of
``actors.yaml``, and ministries ("the Russian Foreign Ministry", "Ministry of Defence")."""

from __future__ import annotations

from dataclasses import dataclass

from service.lexicons import gazetteer as gz
from service.nlp.actors.facts import ActorFacts
from service.nlp.actors.words import LOCATIVE, POSSESSIVE

#: a place named by a capital or region, not an actor: (start token, end token, country)
Place = tuple[int, int, str | None]


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token offsets, end-exclusive
    end: int
    entry: gz.Entry
    ambiguous: bool = False  # "Jordan", "Chad": a country only if the model calls it a place


@dataclass(frozen=True, slots=True)
class Matches:
    strong: list[Match]  # the gazetteer names, overlaps resolved
    places: list[Place]  # capitals used as places ("in Moscow")


def match_gazetteer(facts: ActorFacts) -> Matches:
    """The gazetteer names and ministries of the article, the longest winning overlaps."""
    return _resolve_overlaps(facts, _match_names(facts) + _match_ministries(facts))


def _match_names(facts: ActorFacts) -> list[Match]:
    out: list[Match] = []
    i, n = 0, len(facts.words)
    words, firsts = facts.words, gz.NAMES.firsts
    while i < n:
        hit = gz.NAMES.match(words, i) if words[i] in firsts else None
        if hit:
            k, (entry, ambiguous) = hit
            out.append(Match(i, i + k, entry, ambiguous))
            i += k
        else:
            i += 1
    return out


def _match_ministries(facts: ActorFacts) -> list[Match]:
    """'the Russian Foreign Ministry', "Russia's defence ministry", 'Ministry of Defence'."""
    out: list[Match] = []
    for i, w in enumerate(facts.lower):
        if w == "ministry" and (m := _ministry_at(facts, i)) is not None:
            out.append(m)
    return out


def _ministry_at(facts: ActorFacts, i: int) -> Match | None:
    low = facts.lower
    start, end, portfolio, country = i, i + 1, None, None
    for k in (3, 2, 1):  # portfolio before: longest first
        if i - k >= 0:
            hit = gz.PORTFOLIOS.match(low, i - k)
            if hit and hit[0] == k:
                portfolio, start = hit[1], i - k
                break
    if end < len(low) and low[end] == "of":
        hit = gz.PORTFOLIOS.match(low, end + 1) if end + 1 < len(low) else None
        if hit:
            portfolio, end = hit[1], end + 1 + hit[0]
            if end < len(low) and low[end] == "of":  # "Ministry of Defence of the Republic of X"
                country, end = _country_after(facts, end + 1, end)
        elif portfolio is not None:  # "the Foreign Ministry of Russia"
            country, end = _country_after(facts, end + 1, end)
    if country is None:
        country, start = _country_before(facts, start)
    if portfolio is None and not (facts.texts[i][0].isupper() and country):
        return None
    key = f"ministry:{country or '?'}:{portfolio or ''}"
    entry = gz.Entry(
        key,
        "ministry",
        facts.doc[start:end].text,
        "organization",
        country,
        parent=f"country:{country}" if country else None,
        heads=("ministry",),
        portfolio=portfolio,
    )
    return Match(start, end, entry)


def _country_after(facts: ActorFacts, j: int, end: int) -> tuple[str | None, int]:
    """The country named from token ``j`` on ("the Republic of Armenia"), and the new end."""
    low = facts.lower
    while j < len(low) and low[j] in {"the", "republic", "of"}:
        j += 1
    c = gz.NAMES.match(facts.words, j) if j < len(low) else None
    if c and c[1][0].kind == "country":
        return c[1][0].country, j + c[0]
    return None, end


def _country_before(facts: ActorFacts, start: int) -> tuple[str | None, int]:
    """The country or demonym right before token ``start`` ("Russia's", "the Russian"), and the
    new start."""
    p = start - 1
    if p >= 0 and facts.lower[p] in POSSESSIVE:
        p -= 1
    for q in range(max(0, p - 3), p + 1):
        c = gz.NAMES.match(facts.words, q)
        if c and q + c[0] == p + 1 and c[1][0].kind in {"country", "demonym"}:
            return c[1][0].country, q
    return None, start


def _resolve_overlaps(facts: ActorFacts, matches: list[Match]) -> Matches:
    """Longest match wins; metonymic capitals only outside locative phrases and larger names."""
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Match] = []
    places: list[Place] = []
    last_end = -1
    for m in matches:
        if m.start < last_end:
            if out and m.end - m.start > out[-1].end - out[-1].start and m.start <= out[-1].start:
                out[-1] = m
                last_end = m.end
            continue
        if facts.in_byline(facts.idx[m.start]):
            continue
        if m.entry.kind == "capital" and not _metonymic(facts, m.start, m.end):
            places.append((m.start, m.end, m.entry.country))  # a place, not a person
            continue
        out.append(m)
        last_end = m.end
    return Matches(out, places)


def _metonymic(facts: ActorFacts, start: int, end: int) -> bool:
    """A place name used for its government: not the object of a locative preposition."""
    head = facts.doc[start:end].root
    if head.dep_ == "compound":
        return False
    t = head
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return not (t.dep_ == "pobj" and t.head.lower_ in LOCATIVE)
