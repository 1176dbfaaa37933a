"""Actors: entities with a best name, a type, a country, an affiliation chain, titles and mentions.

Sources, strongest first: gazetteer names (countries, demonyms, metonymic capitals, bodies,
organisations, ministries), spaCy NER corrected by evidence across mentions, titles and
appositions ("Ned Price, a State Department spokesperson"), definite nominals ("the alliance"),
role noun phrases ("his foreign minister") and pronouns. ``ActorIndex.link`` maps the speaker /
addressee mentions found by the quote extractor to actor ids, creating actors for mentions it
cannot map.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_ALPHA, IS_TITLE, IS_UPPER, ORTH, POS, SENT_START, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.nlp import doccache
from service.nlp import gazetteer as gz
from service.nlp.types import Actor, Span


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_POSSESSIVE = frozenset({"'s", "’s", "'", "’", "s"})
_ARTICLES = _wordset("the a an this that these those")
_DEFINITE = _wordset("the this that these those")
_LOCATIVE = _wordset(
    "in at to from into near outside inside across through toward towards via around within "
    "throughout over under onto between"
)
_ROLE_SKIP = _wordset("former then acting late outgoing incoming new current interim deputy top")
_ROLE_SKIP |= {"senior", "-", "–", "then-"}
# subject and object forms; quotes.py derives its pronoun speakers from these ("me" was never
# one there: its confidence table has no such row, so it stays with the other forms below)
PERSONAL_PRONOUNS = {
    "he": "m",
    "him": "m",
    "she": "f",
    "her": "f",
    "it": "it",
    "they": "pl",
    "them": "pl",
    "we": "we",
    "us": "we",
    "i": "i",
}
_PRONOUNS = {
    **PERSONAL_PRONOUNS,
    "his": "m",
    "himself": "m",
    "hers": "f",
    "herself": "f",
    "its": "it",
    "itself": "it",
    "their": "pl",
    "theirs": "pl",
    "themselves": "pl",
    "our": "we",
    "ours": "we",
    "ourselves": "we",
    "me": "i",
    "my": "i",
    "mine": "i",
    "myself": "i",
}
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_ORG_STOP = _wordset("of the and for in on de du des la le at &")
_BYLINE = re.compile(r"^[ \t]*(?:[Bb]y|BY|Written by|Reporting by)[ \t]+([^\n]+?)[ \t]*$", re.M)
_NAME_LINK = _wordset("and de van von der la le al bin da di del")
_UNRESOLVABLE = _wordset(
    "you your yours this that these those some someone somebody anyone everyone nobody one others "
    "many few all both each either neither what whoever"
)
_QUANTIFIERS = _wordset("many some most majority half one none all few several number each dozens")
_NON_ANAPHORIC = _wordset(
    "only first last next other another new future former previous same such whole entire"
)
_MODIFIER_DEPS = _wordset("compound poss amod nmod pobj prep npadvmod case det")
_PRONOUN_WINDOW = 6  # sentences back
_NOMINAL_WINDOW = 12


@dataclass(slots=True)
class _Rec:
    """A mutable actor under construction."""

    key: str
    type: str
    country: str | None = None
    parent: str | None = None  # key of the body or country it speaks for
    name: str | None = None  # fixed display name (gazetteer, role)
    names: list[str] = field(default_factory=list)  # surface names seen
    titles: list[str] = field(default_factory=list)
    gender: str | None = None  # from a title or honorific ("spokeswoman", "Mr.")
    votes: Counter = field(default_factory=Counter)  # pronouns resolved to it: he/she

    def sex(self) -> str | None:
        """The gender hint: a gendered title wins, else the majority of resolved pronouns."""
        if self.gender or not self.votes:
            return self.gender
        (top, n), *rest = [*self.votes.most_common(2), ("", 0)]
        return top if n > rest[0][1] else None

    heads: set[str] = field(default_factory=set)
    portfolio: str | None = None
    first: int = 1 << 30


@dataclass(frozen=True, slots=True, order=True)
class _Mention:
    start: int
    end: int
    key: str
    head: int  # token index of the mention's syntactic head
    sent: int
    role: int  # 3 main-clause speaker, 2 main-clause subject, 1 subject, 0 other
    quote: int  # index of the enclosing quotation, -1 outside


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token offsets, end-exclusive
    end: int
    entry: gz.Entry
    ambiguous: bool = False


def _quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks; used to keep quoted words from being antecedents.

    Not quotes._quoted_spans on purpose (tried): that scanner's per-paragraph pairing changes
    pronoun links (on dev, a "she" after a quote went to the wrong actor), so keep this one until
    pronoun resolution is re-tuned against it.
    """
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for m in re.finditer(r"[“”\"«»]", text):
        ch = m.group()
        if ch in "“«" or (ch == '"' and opened is None):
            opened = m.start()
        elif opened is not None:
            out.append((opened, m.end()))
            opened = None
    return out


def _find_author(text: str) -> tuple[Span | None, tuple[int, int]]:
    """The byline name within the first lines, and the byline's character range."""
    head = text[: min(len(text), 800)]
    for m in _BYLINE.finditer(head):
        raw = m.group(1)
        parts = re.split(r"\s*(?:,|\||\s[-–—]\s|/)\s*", raw, maxsplit=1)
        cut = parts[0]
        words = cut.split()
        if not 1 <= len(words) <= 8 or raw.rstrip()[-1:] in {".", "!", "?"}:
            continue  # a sentence that starts with "By", not a byline
        if words[0] in _CALENDAR or (len(parts) > 1 and _lower_words(parts[1]) > 2):
            continue
        if not words[0][:1].isupper() or not all(w[:1].isupper() or w in _NAME_LINK for w in words):
            continue
        s = m.start(1)
        return Span.of(text, s, s + len(cut)), (m.start(), m.end())
    return None, (0, 0)


_CALENDAR = _wordset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Then Now Today Tomorrow Yesterday"
)


def _lower_words(text: str) -> int:
    return sum(1 for w in text.split() if w[:1].islower() and w not in _NAME_LINK)


_CREDITS = re.compile(
    r"(?m)(?:^|\()[ \t]*(?:Additional[ \t]+)?(?:Reporting|Editing|Writing|Compiled|Edited|Written)"
    r"[ \t]+by\b[^\n)]*"
)


def _headline(text: str) -> tuple[int, int]:
    """The first line when it is a title-case headline, else an empty range."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    words = [w for w in text[start:end].split() if w[:1].isalpha()]
    if len(words) < 3 or len(words) > 30 or not text[end:].strip():
        return (0, 0)  # a one-paragraph text has no headline
    caps = sum(1 for w in words if w[0].isupper())
    return (start, end) if caps >= 0.7 * len(words) else (0, 0)


class ActorIndex:
    """The actors of one article and the means to map a mention span to one of them."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._text = doccache.text(doc)  # spaCy rebuilds Doc.text from all tokens on each read
        self.author, byline = _find_author(self._text)
        self._excluded = [byline, *((m.start(), m.end()) for m in _CREDITS.finditer(self._text))]
        self._headline = _headline(self._text)
        self._ent_country: dict[tuple[int, int], str] = {}
        self._places: list[tuple[int, int, str | None]] = []  # capitals used as places
        self._recs: dict[str, _Rec] = {}
        self._mentions: list[_Mention] = []
        self._at_tok: dict[int, list[_Mention]] = {}  # token index → mentions covering it
        self._end_tok: dict[int, list[_Mention]] = {}  # exclusive end token → mentions ending there
        self._quotes = _quote_ranges(self._text)
        self._quote_starts = [qs for qs, _ in self._quotes]  # sorted, the ranges never overlap
        # one pass over the tokens: spaCy Token objects are costly to create again and again
        # (doc.to_array, not Token objects, which are costly to create again and again)
        strings = doc.vocab.strings
        cols = doc.to_array([ORTH, IDX, POS, TAG, IS_TITLE, IS_UPPER, IS_ALPHA]).T.tolist()
        orth, self._idx, pos, tag, title, upper, alpha = cols if len(doc) else [[]] * 7
        texts = [strings[o] for o in orth]
        self._pos = [strings[p] for p in pos]
        self._tag = [strings[t] for t in tag]
        self._cap = [bool(a or b) for a, b in zip(title, upper, strict=True)]
        self._alpha = [bool(a) for a in alpha]
        self._sent = [0] * len(doc)
        if len(doc):
            starts = doc.to_array(SENT_START).tolist()
            n = 0
            for i in range(1, len(doc)):
                n += starts[i] == 1
                self._sent[i] = n
        self._words = [gz.norm(t) for t in texts]
        self._lower = [w.lower() for w in self._words]
        self._texts = texts
        self._ids: dict[str, str] = {}
        self._link_memo: dict[tuple[int, int], str | None] = {}
        self._new_n = 0

        self._titles = self._match_titles()
        strong = self._match_names() + self._match_ministries()
        strong = self._resolve_overlaps(strong)
        persons, others, strong = self._read_ner(strong)
        for m in strong:
            self._add_strong(m)
        self._add_persons(persons)
        self._add_others(others)
        self._add_nominals(roles=False)
        self._attach_person_roles()
        self._add_nominals(roles=True)
        self._attach_role_bodies()
        self._merge_unknown_ministries()
        self._ensure_parents()
        order = sorted(self._recs.values(), key=lambda r: r.first)
        for n, rec in enumerate(order, start=1):
            self._ids[rec.key] = f"a{n}"
        self._new_n = len(order)

    # ------------------------------------------------------------------ matching

    def _quote_at(self, pos: int) -> int:
        """The index of the quoted range holding ``pos``, or -1 (bisect: the ranges are sorted
        and disjoint, so only the last one starting at or before ``pos`` can hold it)."""
        n = bisect_right(self._quote_starts, pos) - 1
        return n if n >= 0 and pos < self._quotes[n][1] else -1

    def _in_byline(self, start_char: int) -> bool:
        """In the byline or a credit line ("(Reporting by …; Editing by …)"): not the story."""
        return any(s <= start_char < e for s, e in self._excluded)

    def _match_titles(self) -> dict[int, tuple[int, gz.Title]]:
        """Title matches by end token (longest per end)."""
        by_end: dict[int, tuple[int, gz.Title]] = {}
        firsts = gz.TITLES.firsts
        for i, w in enumerate(self._lower):
            # (no entry starts with most words: skip the call)
            hit = gz.TITLES.match(self._lower, i) if w in firsts else None
            if hit:
                n, title = hit
                prev = by_end.get(i + n)
                if prev is None or prev[0] > i:
                    by_end[i + n] = (i, title)
        self._title_at: dict[int, tuple[int, int, gz.Title]] = {}
        for end, (start, title) in by_end.items():
            for i in range(start, end):
                best = self._title_at.get(i)
                if best is None or end - start > best[1] - best[0]:
                    self._title_at[i] = (start, end, title)
        return by_end

    def _title_covering(self, i: int) -> tuple[int, int, gz.Title] | None:
        return self._title_at.get(i)

    def _match_names(self) -> list[_Match]:
        out: list[_Match] = []
        i, n = 0, len(self._doc)
        words, firsts = self._words, gz.NAMES.firsts
        while i < n:
            hit = gz.NAMES.match(words, i) if words[i] in firsts else None
            if hit:
                k, (entry, ambiguous) = hit
                out.append(_Match(i, i + k, entry, ambiguous))
                i += k
            else:
                i += 1
        return out

    def _match_ministries(self) -> list[_Match]:
        """'the Russian Foreign Ministry', "Russia's defence ministry", 'Ministry of Defence'."""
        doc, low = self._doc, self._lower
        out: list[_Match] = []
        for i, w in enumerate(low):
            if w != "ministry":
                continue
            tok = doc[i]
            start, end, portfolio, country = i, i + 1, None, None
            for k in (3, 2, 1):  # portfolio before: longest first
                if i - k >= 0:
                    hit = gz.PORTFOLIOS.match(low, i - k)
                    if hit and hit[0] == k:
                        portfolio, start = hit[1], i - k
                        break
            if end < len(doc) and low[end] == "of":
                hit = gz.PORTFOLIOS.match(low, end + 1) if end + 1 < len(doc) else None
                if hit:
                    portfolio, end = hit[1], end + 1 + hit[0]
                    country_at = end + 1 if end < len(doc) and low[end] == "of" else None
                    if country_at is not None:
                        j = country_at
                        while j < len(doc) and low[j] in {"the", "republic", "of"}:
                            j += 1
                        c = gz.NAMES.match(self._words, j) if j < len(doc) else None
                        if c and c[1][0].kind == "country":
                            country, end = c[1][0].country, j + c[0]
            if country is None:
                p = start - 1
                if p >= 0 and low[p] in _POSSESSIVE:
                    p -= 1
                for q in range(max(0, p - 3), p + 1):
                    c = gz.NAMES.match(self._words, q)
                    if c and q + c[0] == p + 1 and c[1][0].kind in {"country", "demonym"}:
                        country, start = c[1][0].country, q
                        break
            if portfolio is None and not (tok.text[0].isupper() and country):
                continue
            key = f"ministry:{country or '?'}:{portfolio or ''}"
            name = doc[start:end].text
            entry = gz.Entry(
                key,
                "ministry",
                name,
                "organization",
                country,
                parent=f"country:{country}" if country else None,
                heads=("ministry",),
                portfolio=portfolio,
            )
            out.append(_Match(start, end, entry))
        return out

    def _resolve_overlaps(self, matches: list[_Match]) -> list[_Match]:
        """Longest match wins; metonymic capitals only outside locative phrases and larger names."""
        matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[_Match] = []
        last_end = -1
        for m in matches:
            if m.start < last_end:
                if (
                    out
                    and m.end - m.start > out[-1].end - out[-1].start
                    and m.start <= out[-1].start
                ):
                    out[-1] = m
                    last_end = m.end
                continue
            if self._in_byline(self._idx[m.start]):
                continue
            if m.entry.kind == "capital" and not self._metonymic(m.start, m.end):
                self._places.append((m.start, m.end, m.entry.country))  # a place, not a person
                continue
            out.append(m)
            last_end = m.end
        return out

    def _metonymic(self, start: int, end: int) -> bool:
        """A place name used for its government: not the object of a locative preposition."""
        doc = self._doc
        head = doc[start:end].root
        if head.dep_ == "compound":
            return False
        t = head
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        return not (t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE)

    # ------------------------------------------------------------------ NER

    def _ent_tokens(self, ent: SpacySpan) -> tuple[int, int]:
        """Token range of ``ent`` without a leading article and a trailing possessive."""
        s, e = ent.start, ent.end
        while s < e and self._lower[s] in {"the"}:
            s += 1
        while e > s and self._lower[e - 1] in _POSSESSIVE:
            e -= 1
        return s, e

    def _read_ner(
        self, strong: list[_Match]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]], list[_Match]]:
        """Split NER entities into persons and other names, against the gazetteer matches.

        Gazetteer matches win over the model's label ("Armenia" tagged PERSON stays a country); an
        entity that extends a match with more proper words ("New Jersey", "the Washington Post")
        wins over the match. A single word that is the surname or first name of a person of the
        article is that person whatever its label ("Blinken" tagged GPE).
        """
        doc = self._doc
        covered: dict[int, int] = {}
        for n, m in enumerate(strong):
            for i in range(m.start, m.end):
                covered[i] = n
        drop: set[int] = set()
        ents_found: list[tuple[int, int, str]] = []
        ents = list(doc.ents)
        in_ent = set()
        for ent in ents:
            in_ent.update(range(ent.start, ent.end))
            if ent.label_ not in _NAME_LABELS or self._in_byline(ent.start_char):
                continue
            s, e = self._ent_tokens(ent)
            if s >= e or any(ps <= s and e <= pe for ps, pe, _ in self._places):
                continue
            inside = [covered[i] for i in range(s, e) if i in covered]
            rest = [i for i in range(s, e) if i not in covered and self._cap[i] and self._alpha[i]]
            if inside and not rest:
                for n in set(inside):
                    if strong[n].ambiguous and ent.label_ not in {"GPE", "LOC", "NORP"}:
                        drop.add(n)  # "Jordan" the person, "Chad" the name
                if any(strong[n].ambiguous for n in inside) and ent.label_ == "PERSON":
                    ents_found.append((s, e, "PERSON"))
                continue
            title = self._title_covering(s)
            if title and title[0] <= s and e <= title[1] and ent.label_ != "PERSON":
                continue  # "State" in "Secretary of State"
            # title-case headlines fool the model ("Obama Power Plant Rules Face Key Test"):
            # keep a headline name only if the story repeats it
            in_headline = self._headline[0] <= ent.start_char < self._headline[1]
            if in_headline and self._text.find(ent.text, self._headline[1]) < 0:
                continue
            if inside:
                drop.update(inside)
                for n in inside:  # "U.S. Supreme Court": the country of the organisation
                    if strong[n].entry.kind in {"country", "demonym"}:
                        self._ent_country.setdefault((s, e), strong[n].entry.country)
            ents_found.append((s, e, ent.label_))
        for n, m in enumerate(strong):
            if (
                m.ambiguous
                and n not in drop
                and not any(
                    s <= m.start and m.end <= e and lab in {"GPE", "LOC"}
                    for s, e, lab in ents_found
                )
            ):
                # an ambiguous country name needs the model to call it a place
                in_place = any(
                    ent.start <= m.start < ent.end and ent.label_ in {"GPE", "LOC"} for ent in ents
                )
                if not in_place:
                    drop.add(n)
        strong = [m for n, m in enumerate(strong) if n not in drop]

        # strip titles the model left inside a PERSON ("President Aliyev")
        persons: list[tuple[int, int]] = []
        rest_ents: list[tuple[int, int, str]] = []
        for s, e, label in ents_found:
            if label == "PERSON":
                while s < e:
                    hit = gz.TITLES.match(self._lower, s)
                    if hit and s + hit[0] < e:
                        s += hit[0]
                    else:
                        break
            if s < e and label == "PERSON" and self._words[e - 1] in gz.ORG_SUFFIXES:
                rest_ents.append((s, e, "ORG"))  # "Crosscut Strategies" is no person
            elif s < e and label == "PERSON":
                persons.append((s, e))
            elif s < e:
                rest_ents.append((s, e, label))
        persons = [(s, e) for s, e in persons if self._author_name(s, e) is False]
        surnames = Counter()
        firsts = Counter()
        for s, e in persons:
            words = self._name_words(s, e)
            if len(words) >= 2:
                surnames[words[-1]] += 1
                firsts[words[0]] += 1
        votes: dict[str, Counter] = {}
        for s, e, label in rest_ents:
            votes.setdefault(doc[s:e].text, Counter())[label] += 1
        for s, e in persons:
            votes.setdefault(doc[s:e].text, Counter())["PERSON"] += 1
        others: list[tuple[int, int, str]] = []
        for s, e, label in rest_ents:
            text = doc[s:e].text
            words = self._name_words(s, e)
            if len(words) == 1 and (words[0] in surnames or words[0] in firsts):
                persons.append((s, e))
                continue
            if label in {"ORG", "GPE", "NORP"} and self._described_as_person(s, e):
                persons.append((s, e))  # "French Foreign Minister Jean-Marc Ayrault" tagged ORG
                continue
            label = votes[text].most_common(1)[0][0]
            if label == "PERSON":
                if self._author_name(s, e) is False:
                    persons.append((s, e))
                continue
            others.append((s, e, label))
        # untagged: a proper noun that is the surname of a person of the article ("May said")
        for i, w in enumerate(self._words):
            if w not in surnames or i in in_ent or i in covered:
                continue
            # a modal before a past tense is a misread name ("May said")
            misread = i + 1 < len(self._tag) and self._tag[i] == "MD" and self._tag[i + 1] == "VBD"
            if self._tag[i] in {"NNP", "NNPS"} or misread:
                persons.append((i, i + 1))
        persons.sort()
        for ps, pe, code in self._places:
            others.append((ps, pe, "GPE"))
            if code:
                self._ent_country[(ps, pe)] = code
        others.sort()
        return persons, others, strong

    def _described_as_person(self, s: int, e: int) -> bool:
        """A title before the name or a human apposition after it ('X, the foreign minister')."""
        title = self._titles.get(s)
        if title and not title[1].honorific:
            return True
        root = self._doc[s:e].root
        return any(
            c.dep_ == "appos" and c.lower_ in gz.TITLE_HEADS and c.tag_ == "NN"
            for c in root.children
        )

    def _author_name(self, s: int, e: int) -> bool:
        if self.author is None:
            return False
        name = self._doc[s:e].text
        return name == self.author.text

    def _name_words(self, s: int, e: int) -> tuple[str, ...]:
        return tuple(self._words[i] for i in range(s, e) if self._alpha[i] or "-" in self._words[i])

    # ------------------------------------------------------------------ records and mentions

    def _rec(self, key: str, type_: str, **kw) -> _Rec:
        rec = self._recs.get(key)
        if rec is None:
            rec = self._recs[key] = _Rec(key, type_)
            for k, v in kw.items():
                setattr(rec, k, v)
        return rec

    def _mention(self, key: str, start_char: int, end_char: int) -> None:
        doc = self._doc
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return
        head = span.root
        role = 0
        if head.dep_ in _SUBJ:
            role = 2 if head.head.dep_ == "ROOT" else 1
            if role == 2 and head.head.lemma_ in gz.SPEECH_VERBS:
                role = 3  # the speaker of the sentence: later pronouns prefer previous speakers
        quote = self._quote_at(start_char)
        m = _Mention(start_char, end_char, key, head.i, self._sent[head.i], role, quote)
        i = bisect_left(self._mentions, m)
        if i < len(self._mentions) and self._mentions[i] == m:
            return
        if any(
            x.start == start_char and x.end == end_char and x.key == key
            for x in self._mentions[max(0, i - 2) : i + 2]
        ):
            return
        insort(self._mentions, m)
        self._index(m, span.start, span.end)
        rec = self._recs[key]
        rec.first = min(rec.first, start_char)

    def _index(self, m: _Mention, s: int, e: int) -> None:
        for i in range(s, e):
            self._at_tok.setdefault(i, []).append(m)
        self._end_tok.setdefault(e, []).append(m)

    def _tok_mention(self, key: str, s: int, e: int) -> None:
        self._mention(key, self._idx[s], self._idx[e - 1] + len(self._texts[e - 1]))

    def _add_strong(self, m: _Match) -> None:
        entry = m.entry
        rec = self._rec(
            entry.key,
            entry.type,
            country=entry.country,
            parent=entry.parent,
            name=entry.name if entry.kind != "ministry" else None,
            heads=set(entry.heads),
            portfolio=entry.portfolio,
        )
        if entry.kind == "ministry":
            rec.names.append(self._doc[m.start : m.end].text)
        self._tok_mention(entry.key, m.start, m.end)

    def _add_persons(self, persons: list[tuple[int, int]]) -> None:
        """Cluster person names: full names by (first, last), a lone word to the nearest one."""
        full: dict[tuple[str, str], list[int]] = {}
        for s, e in persons:
            words = self._name_words(s, e)
            if len(words) >= 2:
                full.setdefault((words[0], words[-1]), []).append(s)
        for s, e in persons:
            words = self._name_words(s, e)
            if not words:
                continue
            if len(words) >= 2:
                key = f"person:{words[0]} {words[-1]}"
            else:
                w = words[0]
                cands = [k for k in full if k[1] == w] or [k for k in full if k[0] == w]
                if cands:
                    # the person named in full most often ("Clinton" is Hillary, not Chelsea, in
                    # a story about Hillary), then the nearest preceding full mention
                    def dist(k: tuple[str, str], s: int = s) -> tuple[int, int, int]:
                        before = [p for p in full[k] if p <= s]
                        near = (0, s - max(before)) if before else (1, min(full[k]) - s)
                        return (-len(full[k]), *near)

                    best = min(cands, key=dist)
                    key = f"person:{best[0]} {best[1]}"
                else:
                    key = f"person:{w}"
            rec = self._rec(key, "person")
            rec.names.append(" ".join(self._doc[s:e].text.split()))
            self._tok_mention(key, s, e)

    def _add_others(self, others: list[tuple[int, int, str]]) -> None:
        doc = self._doc
        keyed: list[tuple[int, int, str, str]] = []
        for s, e, label in others:
            text = doc[s:e].text
            if label == "ORG":
                type_ = "organization"
            elif label == "GPE":
                type_ = "other"  # a place that is no country: a city, state or region
            elif label == "NORP":
                type_ = "group"  # "Muslim", "Republican" without a gazetteer entry
            else:
                continue
            keyed.append((s, e, type_, text))
        # acronyms: "... Organization (XYZO)" or initials of another organisation's name
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
                w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ORG_STOP
            )
            if len(letters) >= 2:
                initials.setdefault(letters.upper(), []).append(name)

        def expand(acronym: str, at: int) -> str:
            names = initials[acronym]
            before = [n for n in names if first_seen[n] < at]
            return before[-1] if before else names[0]

        # short forms: "the Post" after "the New York Post"
        by_word: dict[str, list[str]] = {}
        for name in full_names:
            parts = name.split()
            for w in parts[-1:]:  # "the Post"; a first word ("House") is too generic
                if w[:1].isupper() and w.lower() not in _ORG_STOP:
                    by_word.setdefault(w, []).append(name)
        for s, e, type_, text in keyed:
            norm_text = text
            if type_ == "organization" and text.isupper() and text in initials:
                norm_text = expand(text, s)
            elif type_ == "organization" and len(by_word.get(text, ())) == 1:
                norm_text = by_word[text][0]
            key = f"{type_}:{norm_text.lower()}"
            country = self._ent_country.get((s, e)) or self._country_before(s)
            rec = self._rec(key, type_)
            rec.names.append(text)
            if type_ == "other" and rec.country is None:
                rec.country = self._ent_country.get((s, e)) or gz.SUBDIVISION_COUNTRY.get(text)
            if " " not in norm_text and norm_text != text:
                rec.names.append(norm_text)
            if type_ == "organization":
                last = norm_text.split()[-1].lower()
                rec.heads.add(last)
                if country and rec.country is None:
                    rec.country = country
                    if any(w in gz.GOVERNMENT_WORDS for w in norm_text.split()):
                        rec.parent = f"country:{country}"
            self._tok_mention(key, s, e)

    def _country_before(self, s: int) -> str | None:
        """The country named by a modifier right before token ``s`` ("the Russian TASS agency")."""
        for m in self._mentions_near(s):
            rec = self._recs[m.key]
            head = self._doc[m.head].head.i
            if rec.type == "country" and s <= head < s + 8 and m.end <= self._idx[s]:
                return rec.country
        return None

    def _mentions_near(self, s: int) -> list[_Mention]:
        start = self._idx[max(0, s - 4)]
        end = self._idx[s]
        i = bisect_left(self._mentions, _Mention(start, 0, "", 0, 0, 0, 0))
        out = []
        while i < len(self._mentions) and self._mentions[i].start < end:
            out.append(self._mentions[i])
            i += 1
        return out

    def _mentions_in(self, s: int, e: int) -> list[_Mention]:
        """Mentions whose start lies in tokens [s, e)."""
        if s >= e:
            return []
        start, end = self._idx[s], self._idx[e - 1] + len(self._texts[e - 1])
        i = bisect_left(self._mentions, _Mention(start, 0, "", 0, 0, 0, 0))
        out = []
        while i < len(self._mentions) and self._mentions[i].start < end:
            if self._mentions[i].end <= end:
                out.append(self._mentions[i])
            i += 1
        return out

    def _mention_at(self, i: int) -> _Mention | None:
        """The mention covering token ``i`` (smallest)."""
        found = self._at_tok.get(i)
        return min(found, key=lambda m: m.end - m.start) if found else None

    # ------------------------------------------------------------------ nominals, roles, pronouns

    def _add_nominals(self, roles: bool) -> None:
        """'the alliance' → the latest alliance; with ``roles``, 'his foreign minister' → an unnamed
        role actor (after the named persons got their countries, which 'his' may inherit)."""
        doc = self._doc
        heads = set(gz.TITLE_HEADS)
        if not roles:
            heads = set().union(*(r.heads for r in self._recs.values()))
        for i, low in enumerate(self._lower):
            if low not in heads or self._pos[i] not in {"NOUN", "PROPN"}:
                continue
            if self._in_byline(self._idx[i]) or self._mention_at(i) is not None:
                continue
            tok = doc[i]
            if tok.dep_ == "compound":
                continue
            dets = [c for c in tok.children if c.dep_ == "det"]
            poss = [c for c in tok.children if c.dep_ == "poss"]
            definite = any(d.lower_ in _DEFINITE for d in dets)
            if low in gz.TITLE_HEADS and tok.tag_ in {"NN", "NNP"} and (poss or definite):
                if roles:
                    self._add_role(tok, poss)
                continue
            if not roles and definite and not poss and tok.tag_ in {"NN", "NNP"}:
                if not _anaphoric(tok):
                    continue
                key = self._antecedent_by_head(tok.i, low)
                if key:
                    start = min(c.idx for c in [tok, *dets])
                    self._mention(key, start, tok.idx + len(tok))

    def _antecedent_by_head(self, i: int, head: str) -> str | None:
        """The latest actor before token ``i`` that ``the <head>`` can name."""
        pos = self._idx[i]
        sent = self._sent[i]
        j = bisect_left(self._mentions, _Mention(pos, 0, "", 0, 0, 0, 0)) - 1
        while j >= 0:
            m = self._mentions[j]
            if sent - m.sent > _NOMINAL_WINDOW:
                break
            rec = self._recs[m.key]
            if head in rec.heads:
                return m.key
            j -= 1
        return None

    def _role_np(self, tok: Token) -> tuple[int, int]:
        """Token range of a role noun phrase ending at ``tok``: determiners, modifiers and tok."""
        s = tok.i
        for c in tok.lefts:
            s = min(s, c.i)
        return s, tok.i + 1

    def _add_role(self, tok: Token, poss: list[Token]) -> None:
        """An unnamed person named by role: 'his foreign minister', 'the French ambassador'."""
        doc = self._doc
        if any(c.dep_ == "appos" for c in tok.children) or tok.dep_ == "appos":
            return  # described by an apposition; the named person carries the title
        if tok.i + 1 < len(doc) and self._mention_at(tok.i + 1) is not None:
            nxt = self._recs[self._mention_at(tok.i + 1).key]
            if nxt.type == "person":
                return  # "foreign minister Sergei Lavrov"
        named = self._mentions_in(tok.i + 1, tok.right_edge.i + 1)
        if any(self._recs[m.key].type == "person" for m in named):
            return  # "the governor of West Virginia, Jim Justice": the name carries the title
        s, e = self._role_np(tok)
        title = self._title_covering(tok.i)
        title_text = doc[title[0] : title[1]].text if title and title[0] >= s else tok.text
        title_obj = title[2] if title and title[0] >= s else None
        owner: _Rec | None = None
        for p in poss:
            if p.lower_ in _PRONOUNS:
                key = self._resolve_pronoun(p)
                owner = self._recs[key] if key else None
            else:
                m = self._mention_at(p.i)
                owner = self._recs[m.key] if m else None
        country = None
        org: _Rec | None = None
        for m in self._mentions_in(s, tok.i):
            rec = self._recs[m.key]
            if rec.type == "country":
                country = rec.country
            elif rec.type in {"organization", "group"}:
                org = rec
        for c in tok.rights:  # "the foreign minister of France"
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    m = self._mention_at(g.i)
                    if m is not None:
                        rec = self._recs[m.key]
                        if rec.type == "country":
                            country = rec.country
                        elif rec.type != "person":
                            org = rec
        if owner is not None and owner.type == "person" and tok.lower_ == "counterpart":
            if owner.titles:
                title_text = owner.titles[0]  # her Azerbaijani counterpart: the same office
        elif (owner is not None and owner.type == "person") or (
            owner is not None and owner.type == "country"
        ):
            country = country or owner.country
        elif owner is not None:
            org = org or owner
        if country is None and org is None:
            if not poss and title_obj is not None:
                key = self._latest_with_title(tok)  # "the president" → the latest President
                if key:
                    self._tok_mention(key, s, e)
            return
        if org is not None:
            affil_key, where = org.key, self._display(org)
            country = country or org.country
        else:
            affil_key, where = f"country:{country}", gz.COUNTRY_NAME.get(country, country)
        title_text = " ".join(title_text.split())
        key = f"role:{title_text.lower()}:{affil_key}"
        rec = self._rec(key, "person", country=country, parent=affil_key)
        rec.name = f"{title_text} of {where}"
        if title_text not in rec.titles:
            rec.titles.append(title_text)
        if title_obj and title_obj.gender:
            rec.gender = title_obj.gender
        if title_obj and title_obj.portfolio and country:
            rec.portfolio = title_obj.portfolio
        self._tok_mention(key, s, e)

    def _resolve_pronoun(self, tok: Token) -> str | None:
        """Antecedent of a pronoun by agreement, role (subjects first) and recency."""
        cls = _PRONOUNS.get(tok.lower_)
        if cls is None or (cls == "it" and tok.dep_ == "expl"):
            return None
        sent = self._sent[tok.i]
        quote = self._quote_at(tok.idx)
        j = bisect_left(self._mentions, _Mention(tok.idx, 0, "", 0, 0, 0, 0)) - 1
        best, best_score, rank = None, None, 0
        verb = tok.head
        while j >= 0:
            m = self._mentions[j]
            j -= 1
            dist = sent - m.sent
            if dist > _PRONOUN_WINDOW:
                break
            if m.end > tok.idx or (m.quote >= 0 and m.quote != quote):
                continue
            rec = self._recs[m.key]
            if not _agrees(cls, rec):
                continue
            head = self._doc[m.head]
            if tok.dep_ in {"dobj", "pobj", "dative"} and head.dep_ in _SUBJ and head.head == verb:
                continue  # "Macron praised him": him is not Macron
            score = 3 * (m.role >= 2) + (m.role >= 1) + (m.role == 3) - 2 * dist - 0.05 * rank
            if cls in {"pl", "it"} and rec.type == "group":
                score += 0.5
            elif rec.type == "other":
                score -= 1  # places rarely speak
            rank += 1
            if best_score is None or score > best_score:
                best, best_score = m.key, score
        if best is not None and cls in {"m", "f"}:
            rec = self._recs[best]
            rec.votes[cls] += 1
        return best

    # ------------------------------------------------------------------ titles and affiliation

    def _attach_person_roles(self) -> None:
        """Titles, country and affiliation of named persons from premodifiers and appositions."""
        doc = self._doc
        for m in list(self._mentions):
            rec = self._recs[m.key]
            if rec.type != "person" or m.key.startswith("role:"):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            found = self._premodifiers(span.start)
            head = span.root
            appos = [c for c in head.children if c.dep_ == "appos"]
            if head.dep_ == "appos":
                # "the governor of West Virginia, Jim Justice": the apposition may hang on the
                # object of the title's preposition
                t = head.head
                while t.dep_ in {"pobj", "prep"} and t.head is not t:
                    t = t.head
                if t.lower_ in gz.TITLE_HEADS:
                    appos.append(t)
            for c in head.children:  # "Olaf Scholz of Germany"
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        m2 = self._mention_at(g.i)
                        if m2 is None or m2.key == m.key:
                            continue
                        other = self._recs[m2.key]
                        if other.type == "country":
                            found.append(("country", other.country))
                        elif other.type in {"organization", "group"}:
                            found.append(("org", other.key))
            for a in appos:
                if a.i in range(span.start, span.end):
                    continue
                found.extend(self._describe(a, exclude=(span.start, span.end)))
            for kind, value in found:
                if kind == "title" and value.lower() not in {t.lower() for t in rec.titles}:
                    rec.titles.append(value)
                elif kind == "gender" and rec.gender is None:
                    rec.gender = value
                elif kind == "country" and rec.country is None:
                    rec.country = value
                elif kind == "org" and (rec.parent is None or rec.parent.startswith("country:")):
                    rec.parent = value
                    org = self._recs[value]
                    rec.country = rec.country or org.country
        for rec in list(self._recs.values()):
            if rec.type != "person" or rec.key.startswith("role:"):
                continue
            if rec.parent is None:
                body = self._body_for_titles(rec)
                if body:
                    rec.parent = body
                elif rec.country:
                    rec.parent = f"country:{rec.country}"

    def _attach_role_bodies(self) -> None:
        """Unnamed ministers join their ministry when the article names it."""
        for rec in list(self._recs.values()):
            if rec.key.startswith("role:") and rec.portfolio and rec.country:
                body = self._body_for_titles(rec)
                if body:
                    rec.parent = body

    def _body_for_titles(self, rec: _Rec) -> str | None:
        """A body of the article that the person's titles belong to, in the person's country."""
        for t in rec.titles:
            hit = gz.TITLES.match([w.lower() for w in gz.tokens_of(t)], 0)
            portfolio = hit[1].portfolio if hit else None
            if portfolio:
                key = f"ministry:{rec.country}:{portfolio}"
                if key in self._recs:
                    return key
            for body in gz.ROLE_BODIES.get(t.lower(), ()):
                brec = self._recs.get(body)
                if brec and (rec.country is None or brec.country == rec.country):
                    return body
        return None

    def _premodifiers(self, s: int) -> list[tuple[str, str]]:
        """Titles, honorifics, countries and bodies right before a name, right to left."""
        doc = self._doc
        out: list[tuple[str, str]] = []
        i = s
        while i > 0:
            t = self._titles.get(i)
            if t and t[0] < i:
                start, title = t
                if title.honorific:
                    if title.gender:
                        out.append(("gender", title.gender))
                else:
                    # "EU foreign policy chief": the lower-case words belong to the title
                    j = start
                    while (
                        j > 0
                        and start - j < 3
                        and self._texts[j - 1].islower()
                        and self._pos[j - 1] in {"NOUN", "ADJ"}
                        and self._lower[j - 1] not in _ROLE_SKIP
                    ):
                        j -= 1
                    words = [*self._texts[j:start], title.title]
                    out.append(("title", " ".join(words)))
                    if title.gender:
                        out.append(("gender", title.gender))
                    start = j
                i = start
                continue
            if self._lower[i - 1] in _ROLE_SKIP:
                i -= 1
                continue
            if self._lower[i - 1] in _POSSESSIVE and i >= 2:
                i -= 1
            m = self._mention_ending(i)
            if m is None:
                break
            rec = self._recs[m.key]
            if rec.type == "country":
                out.append(("country", rec.country))
            elif rec.type in {"organization", "group"}:
                out.append(("org", rec.key))
            else:
                break
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            i = span.start if span is not None else i - 1
        # read right to left; titles in the order of the text
        titles = [kv for kv in out if kv[0] == "title"][::-1]
        return titles + [kv for kv in out if kv[0] != "title"]

    def _mention_ending(self, i: int) -> _Mention | None:
        """A mention that ends right at token ``i`` (exclusive)."""
        found = self._end_tok.get(i)
        return max(found, key=lambda m: m.end - m.start) if found else None

    def _describe(self, a: Token, exclude: tuple[int, int]) -> list[tuple[str, str]]:
        """Title, country and body named by an apposition ('a State Department spokesperson')."""
        out: list[tuple[str, str]] = []
        title = self._title_covering(a.i)
        human = a.lower_ in gz.TITLE_HEADS or a.lower_ in gz.NOMINAL["human"]
        if not human:
            return out
        sub = [t.i for t in a.subtree if not exclude[0] <= t.i < exclude[1]]
        if not sub:
            return out
        s, e = min(sub), max(sub) + 1
        if title:
            out.append(("title", " ".join(self._doc[title[0] : title[1]].text.split())))
            if title[2].gender:
                out.append(("gender", title[2].gender))
        else:
            out.append(("title", a.text))
        for m in self._mentions_in(s, e):
            if not self._modifies(self._doc[m.head], a):
                continue  # "…, the foreign minister of France, a member of the Council"
            rec = self._recs[m.key]
            if rec.type == "country":
                out.append(("country", rec.country))
            elif rec.type in {"organization", "group"}:
                out.append(("org", rec.key))
        return out

    @staticmethod
    def _modifies(tok: Token, head: Token) -> bool:
        """``tok`` reaches ``head`` through modifiers only (compound, possessive, 'of' phrase)."""
        for _ in range(6):
            if tok.i == head.i:
                return True
            if tok.dep_ not in _MODIFIER_DEPS or tok.head is tok:
                return False
            tok = tok.head
        return False

    def _merge_unknown_ministries(self) -> None:
        """'the Foreign Ministry' after 'the Russian Foreign Ministry' is the same ministry."""
        for key in [k for k in self._recs if k.startswith("ministry:?:")]:
            portfolio = key.split(":", 2)[2]
            known = [
                k
                for k in self._recs
                if k.startswith("ministry:") and k != key and k.endswith(f":{portfolio}")
            ]
            if len(known) == 1:
                self._merge(key, known[0])

    def _merge(self, src: str, dst: str) -> None:
        a, b = self._recs.pop(src), self._recs[dst]
        b.names.extend(a.names)
        b.first = min(a.first, b.first)
        old = self._mentions
        self._mentions, self._at_tok, self._end_tok = [], {}, {}
        for m in old:
            if m.key == src:
                m = _Mention(m.start, m.end, dst, m.head, m.sent, m.role, m.quote)
            span = self._doc.char_span(m.start, m.end, alignment_mode="expand")
            self._mentions.append(m)
            self._index(m, span.start, span.end)
        self._mentions.sort()
        for rec in self._recs.values():
            if rec.parent == src:
                rec.parent = dst

    def _ensure_parents(self) -> None:
        """Every affiliation points at an actor: create the country of a body if not mentioned."""
        for rec in list(self._recs.values()):
            key = rec.parent
            while key and key not in self._recs:
                if key.startswith("country:"):
                    code = key.split(":", 1)[1]
                    self._rec(key, "country", country=code, name=gz.COUNTRY_NAME.get(code, code))
                    break
                entry = gz.ENTRIES.get(key)
                if entry is None:
                    rec.parent = None
                    break
                self._rec(
                    key,
                    entry.type,
                    country=entry.country,
                    parent=entry.parent,
                    name=entry.name,
                    heads=set(entry.heads),
                )
                key = entry.parent

    # ------------------------------------------------------------------ public interface

    def _display(self, rec: _Rec) -> str:
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

    def _id(self, key: str) -> str:
        aid = self._ids.get(key)
        if aid is None:
            self._new_n += 1
            aid = self._ids[key] = f"a{self._new_n}"
        return aid

    def link(self, doc: Doc, mention: Span) -> str | None:
        """The actor that ``mention`` (a name, noun phrase, pronoun or nominal) refers to.

        Overlap with a known mention at the phrase's head wins; pronouns go to the best agreeing
        antecedent; definite nominals to the latest actor they can name; anything else becomes a new
        actor. The span is recorded as a mention of the actor. ``None`` for unresolvable pronouns.
        """
        memo = (mention.start, mention.end)
        if memo in self._link_memo:
            return self._link_memo[memo]
        key = self._link_key(doc, mention)
        self._link_memo[memo] = None if key is None else self._id(key)
        if key is not None:
            self._mention(key, mention.start, mention.end)
            self._id(key)
        return self._link_memo[memo]

    def _link_key(self, doc: Doc, mention: Span) -> str | None:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        head = span.root
        words = [t for t in span if not t.is_punct]
        if words and all(self._lower[t.i] in _POSSESSIVE for t in words):
            owner = words[0].head  # a bare "'s": the possessor it hangs on
            if owner.i == words[0].i or owner.i in range(span.start, span.end):
                return None
            return self._link_key(doc, Span.of(self._text, owner.idx, owner.idx + len(owner)))
        if not words:
            return None
        if head.lower_ in _PRONOUNS and len(words) <= 2:
            return self._resolve_pronoun(head)
        if head.tag_ in {"WP", "WDT"} or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            # "who"/"which" of a relative clause: the noun the clause is attached to
            verb = head.head
            if verb.dep_ in {"relcl", "acl"} and verb.head.i != head.i and len(words) == 1:
                # the antecedent with its own modifiers ("a spokesman for the army, who"): up to
                # where the relative clause starts, not just up to the noun
                noun = verb.head
                end = max(noun.i + 1, verb.left_edge.i)
                while end > noun.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                    end -= 1
                np = doc[noun.left_edge.i : end]
                return self._link_key(doc, Span.of(self._text, np.start_char, np.end_char))
            return None
        if len(words) == 1 and head.lower_ in _UNRESOLVABLE:
            return None
        inside = [m for m in self._mentions if m.start < mention.end and mention.start < m.end]
        at_head = [m for m in inside if m.start <= head.idx < m.end]
        if at_head:
            return min(at_head, key=lambda m: m.end - m.start).key
        low = head.lower_
        if len(words) == 1 and head.tag_ == "NNP" and head.is_upper and len(head) > 2:
            # transcripts: "WALLACE:" is the Wallace of the story
            for rec in self._recs.values():
                if rec.type == "person" and rec.key.lower().endswith(f" {low}"):
                    return rec.key
        human = low in gz.TITLE_HEADS or low in gz.NOMINAL["human"]
        persons = [m for m in inside if self._recs[m.key].type == "person"]
        if human and persons and head.tag_ in {"NN", "NNP"}:
            return persons[0].key  # "a State Department spokesperson, Ned Price"
        dets = {c.lower_ for c in head.children if c.dep_ == "det"}
        if dets & _DEFINITE and head.tag_ in {"NN", "NNP"}:
            if human:
                key = self._latest_with_title(head)
                if key:
                    return key
            else:
                key = self._antecedent_by_head(head.i, low)
                if key:
                    return key
        if not human and low not in gz.NOMINAL["group"] and inside:
            # "a French read-out", "a Kremlin statement": the actor that issued it
            return max(inside, key=lambda m: (self._recs[m.key].type != "country", m.end)).key
        return self._new_actor(span, inside)

    def _latest_with_title(self, head: Token) -> str | None:
        """'the spokesperson' → the latest person whose titles end with that noun."""
        j = bisect_left(self._mentions, _Mention(head.idx, 0, "", 0, 0, 0, 0)) - 1
        sent = self._sent[head.i]
        if not _anaphoric(head):
            return None  # "the next president" is someone else
        while j >= 0:
            m = self._mentions[j]
            j -= 1
            if sent - m.sent > _NOMINAL_WINDOW:
                break
            rec = self._recs[m.key]
            if rec.type == "person" and any(
                t.lower().split()[-1] == head.lower_ for t in rec.titles
            ):
                return m.key
        return None

    def _new_actor(self, span: SpacySpan, inside: list[_Mention]) -> str:
        head = span.root
        low = head.lower_
        kind = head  # "many of his supporters": the kind of actor is the supporters
        if low in _QUANTIFIERS:
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    kind = next((g for g in c.children if g.dep_ == "pobj"), head)
        words = list(span)
        while words and (words[0].lower_ in _ARTICLES or words[0].is_punct):
            words = words[1:]
        name = " ".join(t.text for t in words) if words else span.text
        name = " ".join(name.split())
        lemma = kind.lemma_.lower()
        human_lemma = lemma in gz.NOMINAL["human"] or lemma in gz.TITLE_HEADS
        human_lemma = human_lemma or (lemma.endswith(("ist", "ian")) and kind.tag_.startswith("NN"))
        plural = kind.tag_ in {"NNS", "NNPS"} or (low in _QUANTIFIERS and kind is not head)
        if kind.lower_ in gz.NOMINAL["group"] or (plural and human_lemma):
            type_ = "group"
        elif human_lemma or head.ent_type_ == "PERSON":
            type_ = "person"
        elif head.ent_type_ in {"ORG", "NORP"}:
            type_ = "organization" if head.ent_type_ == "ORG" else "group"
        else:
            type_ = "other"
        proper = [t for t in words if t.tag_ in {"NNP", "NNPS"} and (t.is_title or t.is_upper)]
        if type_ == "other" and words and len(proper) == len(words) <= 3:
            # an unknown proper name as a speaker is mostly a person the model missed
            type_ = "organization" if words[-1].text in gz.ORG_SUFFIXES else "person"
        elif type_ == "other" and low in gz.NOMINAL["organization"]:
            type_ = "organization"
        owner = None
        for c in head.children:
            if c.dep_ == "poss" and c.lower_ in _PRONOUNS:
                okey = self._resolve_pronoun(c)
                owner = self._recs[okey] if okey else None
        if owner is not None:  # "her campaign" → campaign of Hillary Clinton
            rest = [t for t in words if t.dep_ != "poss" or t.head.i != head.i]
            name = f"{' '.join(t.text for t in rest)} of {self._display(owner)}"
        countries = {
            self._recs[m.key].country for m in inside if self._recs[m.key].type == "country"
        }
        key = f"new:{type_}:{name.lower()}"
        rec = self._rec(key, type_)
        rec.names.append(name)
        if owner is not None:
            rec.name = name
            rec.parent = owner.key
            rec.country = owner.country
        elif len(countries) == 1:
            rec.country = countries.pop()
            rec.parent = f"country:{rec.country}"
            self._ensure_parents()
        return key

    def finalize(self) -> list[Actor]:
        """The actors with their best names, affiliations and mentions, in order of appearance."""
        by_key: dict[str, list[Span]] = {}
        for m in self._mentions:
            by_key.setdefault(m.key, []).append(Span.of(self._text, m.start, m.end))
        keep = {k for k in self._recs if k in by_key}
        for k in list(keep):  # keep the chain of every kept actor
            parent = self._recs[k].parent
            while parent and parent in self._recs and parent not in keep:
                keep.add(parent)
                parent = self._recs[parent].parent
        out = []
        for key in keep:
            rec = self._recs[key]
            parent = rec.parent if rec.parent in self._recs and rec.parent != key else None
            out.append(
                Actor(
                    id=self._id(key),
                    name=self._display(rec),
                    type=rec.type,
                    country=rec.country,
                    affiliation=self._id(parent) if parent else None,
                    titles=tuple(rec.titles),
                    mentions=tuple(
                        sorted(set(by_key.get(key, ())), key=lambda s: (s.start, s.end))
                    ),
                )
            )
        out.sort(key=lambda a: int(a.id[1:]))
        return out


def _anaphoric(noun: Token) -> bool:
    """'the alliance' points back; 'the only country that…' and 'the next president' do not."""
    for c in noun.children:
        if c.dep_ in {"relcl", "acl"} or c.lower_ in _NON_ANAPHORIC:
            return False
    return True


def _agrees(cls: str, rec: _Rec) -> bool:
    if cls in {"m", "f"}:
        return rec.type == "person" and rec.sex() in (None, cls)
    if cls == "it":
        return rec.type in {"organization", "country", "other"}
    if cls == "pl":
        return rec.type in {"group", "organization", "country"}
    if cls == "i":
        return rec.type == "person"
    return True  # we: any speaker


def _strip_name(name: str) -> str:
    name = name.strip()
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = re.sub(r"(?:'s|’s|'|’)$", "", name)
    return name.strip()


def extract_actors(doc: Doc) -> ActorIndex:
    """RETURNS the actor index of ``doc``: actors, their mentions and the article's author."""
    return ActorIndex(doc)
