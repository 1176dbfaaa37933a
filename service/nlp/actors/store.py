"""Actors under construction and their mentions, with the indexes the rules look them up by."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field

from service.lexicons import gazetteer as gz
from service.nlp.actors.facts import ActorFacts
from service.nlp.deps import NOUN_SUBJ
from service.nlp.types import ActorType


@dataclass(slots=True)
class Record:
    """A mutable actor under construction, keyed by what identifies it (``country:FR``,
    ``person:Ned Price``, ``role:foreign minister:country:FR``…)."""

    key: str
    type: ActorType
    country: str | None = None
    parent: str | None = None  # key of the body or country it speaks for
    name: str | None = None  # fixed display name (gazetteer, role)
    names: list[str] = field(default_factory=list)  # surface names seen
    titles: list[str] = field(default_factory=list)
    gender: str | None = None  # from a title or honorific ("spokeswoman", "Mr.")
    votes: Counter = field(default_factory=Counter)  # pronouns resolved to it: he/she
    heads: set[str] = field(default_factory=set)  # nouns that refer back to it ("the alliance")
    portfolio: str | None = None
    first: int = 1 << 30  # its first mention's start
    members: list[str] = field(default_factory=list)  # keys of a coordinated group's actors

    def sex(self) -> str | None:
        """The gender hint: a gendered title wins, else the majority of resolved pronouns."""
        if self.gender or not self.votes:
            return self.gender
        (top, n), *rest = [*self.votes.most_common(2), ("", 0)]
        return top if n > rest[0][1] else None


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    start: int
    end: int
    key: str
    head: int  # token index of the mention's syntactic head
    sent: int
    role: int  # 3 main-clause speaker, 2 main-clause subject, 1 subject, 0 other
    quote: int  # index of the enclosing quotation, -1 outside

    @staticmethod
    def at(start: int) -> Mention:
        """A probe that sorts before every mention starting at ``start`` (for bisection)."""
        return Mention(start, 0, "", 0, 0, 0, 0)


class ActorStore:
    """The records and mentions of one article. Mentions stay sorted by position."""

    def __init__(self, facts: ActorFacts) -> None:
        self.facts = facts
        self.recs: dict[str, Record] = {}
        self.mentions: list[Mention] = []
        self._at_tok: dict[int, list[Mention]] = {}  # token index → mentions covering it
        self._end_tok: dict[int, list[Mention]] = {}  # exclusive end token → mentions ending there

    def rec(self, key: str, type_: ActorType, **kw) -> Record:
        """The record ``key``, made with the fields ``kw`` if it is new."""
        rec = self.recs.get(key)
        if rec is None:
            rec = self.recs[key] = Record(key, type_)
            for k, v in kw.items():
                setattr(rec, k, v)
        return rec

    def mention(self, key: str, start_char: int, end_char: int) -> None:
        """Record characters [start_char, end_char) as a mention of ``key`` (once)."""
        facts = self.facts
        span = facts.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return
        head = span.root
        role = 0
        if head.dep_ in NOUN_SUBJ:
            role = 2 if head.head.dep_ == "ROOT" else 1
            if role == 2 and head.head.lemma_ in facts.speaker_verbs:
                role = 3  # the speaker of the sentence: later pronouns prefer previous speakers
        quote = facts.quote_at(start_char)
        m = Mention(start_char, end_char, key, head.i, facts.sent[head.i], role, quote)
        i = bisect_left(self.mentions, m)
        if i < len(self.mentions) and self.mentions[i] == m:
            return
        if any(
            x.start == start_char and x.end == end_char and x.key == key
            for x in self.mentions[max(0, i - 2) : i + 2]
        ):
            return
        insort(self.mentions, m)
        self._index(m, span.start, span.end)
        rec = self.recs[key]
        rec.first = min(rec.first, start_char)

    def tok_mention(self, key: str, s: int, e: int) -> None:
        """Record tokens [s, e) as a mention of ``key``."""
        self.mention(key, *self.facts.char_range(s, e))

    def _index(self, m: Mention, s: int, e: int) -> None:
        for i in range(s, e):
            self._at_tok.setdefault(i, []).append(m)
        self._end_tok.setdefault(e, []).append(m)

    def mentions_near(self, s: int) -> list[Mention]:
        """Mentions starting in the four tokens before token ``s``."""
        idx = self.facts.idx
        start, end = idx[max(0, s - 4)], idx[s]
        i = bisect_left(self.mentions, Mention.at(start))
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def mentions_in(self, s: int, e: int) -> list[Mention]:
        """Mentions inside tokens [s, e)."""
        if s >= e:
            return []
        start, end = self.facts.char_range(s, e)
        i = bisect_left(self.mentions, Mention.at(start))
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def mention_at(self, i: int) -> Mention | None:
        """The mention covering token ``i`` (smallest)."""
        found = self._at_tok.get(i)
        return min(found, key=lambda m: m.end - m.start) if found else None

    def mention_ending(self, i: int) -> Mention | None:
        """A mention that ends right at token ``i`` (exclusive), the longest."""
        found = self._end_tok.get(i)
        return max(found, key=lambda m: m.end - m.start) if found else None

    def move(self, m: Mention, dst: str) -> None:
        """Mention ``m`` names actor ``dst``, not the one it was recorded for."""
        self._rekey({m}, dst)
        src, rec = self.recs.get(m.key), self.recs[dst]
        if src is not None:
            rec.names.extend(n for n in src.names if n not in rec.names)
        rec.first = min(rec.first, m.start)

    def drop(self, key: str, heir: str) -> None:
        """Forget record ``key``, which has no mention left; what was affiliated with it is
        affiliated with ``heir``."""
        self.recs.pop(key)
        for rec in self.recs.values():
            if rec.parent == key:
                rec.parent = heir

    def _rekey(self, moving: set[Mention], dst: str) -> None:
        old = self.mentions
        self.mentions, self._at_tok, self._end_tok = [], {}, {}
        for m in old:
            if m in moving:
                m = Mention(m.start, m.end, dst, m.head, m.sent, m.role, m.quote)
            span = self.facts.doc.char_span(m.start, m.end, alignment_mode="expand")
            self.mentions.append(m)
            self._index(m, span.start, span.end)
        self.mentions.sort()

    def ensure_parents(self) -> None:
        """Every affiliation points at an actor: create the country of a body if not mentioned."""
        for rec in list(self.recs.values()):
            key = rec.parent
            while key and key not in self.recs:
                if key.startswith("country:"):
                    code = key.split(":", 1)[1]
                    self.rec(key, "country", country=code, name=gz.COUNTRY_NAME.get(code, code))
                    break
                entry = gz.ENTRIES.get(key)
                if entry is None:
                    rec.parent = None
                    break
                self.rec(
                    key,
                    entry.type,
                    country=entry.country,
                    parent=entry.parent,
                    name=entry.name,
                    heads=set(entry.heads),
                )
                key = entry.parent


def display_name(rec: Record) -> str:
    """The name an actor is shown by: its fixed name, else the best of the names seen."""
    if rec.name:
        return rec.name
    names = [_strip_name(n) for n in rec.names if _strip_name(n)]
    if not names:
        return next((n.strip() for n in rec.names if n.strip()), rec.key.rsplit(":", 1)[-1])
    if rec.key.startswith("ministry:") and rec.country:
        plain = [n for n in names if "'" not in n and "’" not in n]
        if not plain:  # "Azerbaijan's Defense Ministry" → "Defense Ministry of Azerbaijan"
            rest = re.split(r"['’]s?\s+", names[0], maxsplit=1)[-1]
            return f"{rest} of {gz.COUNTRY_NAME.get(rec.country, rec.country)}"
    # the longest proper form; "Russian Foreign Ministry" over "Russia's Foreign Ministry"
    return max(names, key=lambda n: ("'" not in n and "’" not in n, len(n.split()), len(n)))


def _strip_name(name: str) -> str:
    name = name.strip()
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"(?:'s|’s|'|’)$", "", name)
    return name.strip()
