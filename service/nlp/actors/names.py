"""Named actors: one record per gazetteer concept, per person (full names clustered by first and
last name, a lone surname to the person it names) and per other name (acronyms and short forms
joined to the full name: "NATO", "the Post" after "the New York Post")."""

from __future__ import annotations

import re

from service.lexicons import gazetteer as gz
from service.nlp.actors.matching import Match
from service.nlp.actors.ner import Entity, Names
from service.nlp.actors.store import ActorStore
from service.nlp.actors.words import ORG_STOP
from service.nlp.types import ActorType


def add_names(store: ActorStore, names: Names) -> None:
    """Records and mentions for the gazetteer matches, the persons and the other names."""
    for m in names.strong:
        _add_strong(store, m)
    _add_persons(store, names.persons)
    _add_others(store, names.others, names.ent_country)
    _link_acronyms(store)


_DEFINED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")


def _link_acronyms(store: ActorStore) -> None:
    """ "the Southern African Development Community (SADC)": the acronym names the same
    organisation wherever it appears."""
    facts = store.facts
    for match in _DEFINED_ACRONYM.finditer(facts.text):
        paren = facts.ctx.span(match.start(), match.start() + 1)
        full = store.mention_ending(paren.start) if paren is not None else None
        if full is None or store.recs[full.key].type not in {"organization", "group"}:
            continue
        acronym = match.group(1)
        rec = store.recs[full.key]
        if acronym not in rec.names:
            rec.names.append(acronym)
        for m in [m for m in store.mentions if facts.text[m.start : m.end] == acronym]:
            if m.key != full.key:
                old = m.key
                store.move(m, full.key)
                if not any(x.key == old for x in store.mentions):
                    store.drop(old, full.key)
        for i, w in enumerate(facts.texts):
            if w == acronym and store.mention_at(i) is None:
                store.tok_mention(full.key, i, i + 1)


def _add_strong(store: ActorStore, m: Match) -> None:
    entry = m.entry
    rec = store.rec(
        entry.key,
        entry.type,
        country=entry.country,
        parent=entry.parent,
        name=entry.name if entry.kind != "ministry" else None,
        heads=set(entry.heads),
        portfolio=entry.portfolio,
    )
    if entry.kind == "ministry":
        rec.names.append(store.facts.doc[m.start : m.end].text)
    store.tok_mention(entry.key, m.start, m.end)


def _add_persons(store: ActorStore, persons: list[tuple[int, int]]) -> None:
    """Cluster person names: full names by (first, last), a lone word to the nearest one."""
    facts = store.facts
    full: dict[tuple[str, str], list[int]] = {}
    for s, e in persons:
        words = facts.name_words(s, e)
        if len(words) >= 2:
            full.setdefault((words[0], words[-1]), []).append(s)
    for s, e in persons:
        words = facts.name_words(s, e)
        if not words:
            continue
        if len(words) >= 2:
            key = f"person:{words[0]} {words[-1]}"
        else:
            key = _person_of_word(full, words[0], s)
        rec = store.rec(key, "person")
        rec.names.append(" ".join(facts.doc[s:e].text.split()))
        store.tok_mention(key, s, e)


def _person_of_word(full: dict[tuple[str, str], list[int]], w: str, s: int) -> str:
    """The person a lone name ``w`` at token ``s`` names: the one named in full most often
    ("Clinton" is Hillary, not Chelsea, in a story about Hillary), then the nearest preceding full
    mention; itself if no full name has that word."""
    cands = [k for k in full if k[1] == w] or [k for k in full if k[0] == w]
    if not cands:
        return f"person:{w}"

    def dist(k: tuple[str, str]) -> tuple[int, int, int]:
        before = [p for p in full[k] if p <= s]
        near = (0, s - max(before)) if before else (1, min(full[k]) - s)
        return (-len(full[k]), *near)

    best = min(cands, key=dist)
    return f"person:{best[0]} {best[1]}"


_TYPE_OF_LABEL: dict[str, ActorType] = {
    "ORG": "organization",
    "GPE": "other",  # a place that is no country: a city, state or region
    "NORP": "group",  # "Muslim", "Republican" without a gazetteer entry
}


def _add_others(
    store: ActorStore, others: list[Entity], ent_country: dict[tuple[int, int], str]
) -> None:
    doc = store.facts.doc
    keyed = [
        (s, e, _TYPE_OF_LABEL[label], doc[s:e].text)
        for s, e, label in others
        if label in _TYPE_OF_LABEL
    ]
    expand, short_form = _org_forms(keyed)
    for s, e, type_, text in keyed:
        norm_text = text
        if type_ == "organization" and text.isupper() and expand(text, s) is not None:
            norm_text = expand(text, s)
        elif type_ == "organization" and short_form(text) is not None:
            norm_text = short_form(text)
        key = f"{type_}:{norm_text.lower()}"
        country = ent_country.get((s, e)) or _country_before(store, s)
        rec = store.rec(key, type_)
        rec.names.append(text)
        if type_ == "other" and rec.country is None:
            rec.country = ent_country.get((s, e)) or gz.SUBDIVISION_COUNTRY.get(text)
        if " " not in norm_text and norm_text != text:
            rec.names.append(norm_text)
        if type_ == "organization":
            last = norm_text.split()[-1].lower()
            rec.heads.add(last)
            if country and rec.country is None:
                rec.country = country
                if any(w in gz.GOVERNMENT_WORDS for w in norm_text.split()):
                    rec.parent = f"country:{country}"
        store.tok_mention(key, s, e)


def _org_forms(keyed: list[tuple[int, int, ActorType, str]]):
    """Two lookups over the article's organisation names: an acronym at a token → its full
    name ("… Organization (XYZO)" or the initials of another name), and a one-word short form →
    the one full name it ends ("the Post" after "the New York Post")."""
    # (first mention, name) in text order: output must not depend on set order (hash seed)
    first_seen: dict[str, int] = {}
    for s, _, ty, t in keyed:
        if ty == "organization" and " " in t:
            first_seen.setdefault(t, s)
    full_names = list(first_seen)
    # Initials can be ambiguous ("RNC": the Republican National Convention and Committee):
    # an acronym takes the latest full name introduced before it, else the first one.
    initials: dict[str, list[str]] = {}
    for name in full_names:
        letters = "".join(
            w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in ORG_STOP
        )
        if len(letters) >= 2:
            initials.setdefault(letters.upper(), []).append(name)
    by_word: dict[str, list[str]] = {}
    for name in full_names:
        w = name.split()[-1]  # "the Post"; a first word ("House") is too generic
        if w[:1].isupper() and w.lower() not in ORG_STOP:
            by_word.setdefault(w, []).append(name)

    def expand(acronym: str, at: int) -> str | None:
        names = initials.get(acronym)
        if not names:
            return None
        before = [n for n in names if first_seen[n] < at]
        return before[-1] if before else names[0]

    def short_form(name: str) -> str | None:
        """ "the Post" after "the New York Post"; "Transitional Council" of "Transitional
        Council of Freedonia": the one longer name it ends or begins."""
        names = by_word.get(name, ())
        if len(names) == 1:
            return names[0]
        longer = [n for n in full_names if n != name and n.startswith(name + " of ")]
        return longer[0] if len(longer) == 1 else None

    return expand, short_form


def _country_before(store: ActorStore, s: int) -> str | None:
    """The country named by a modifier right before token ``s`` ("the Russian TASS agency")."""
    facts = store.facts
    for m in store.mentions_near(s):
        rec = store.recs[m.key]
        head = facts.doc[m.head].head.i
        if rec.type == "country" and s <= head < s + 8 and m.end <= facts.idx[s]:
            return rec.country
    return None
