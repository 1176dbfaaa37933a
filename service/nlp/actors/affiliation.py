"""Who a person is and speaks for: titles, gender, country and body read from the words before the
name ("Russian Foreign Minister Sergei Lavrov"), appositions ("Ned Price, a State Department
spokesperson") and "of" phrases ("Olaf Scholz of Germany"); then the body a person's titles
belong to ("Secretary of State" → State Department)."""

from __future__ import annotations

from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.nlp.actors.coref import antecedent_by_head
from service.nlp.actors.store import ActorStore, Mention, Record
from service.nlp.actors.words import MODIFIER_DEPS, POSSESSIVE, ROLE_SKIP

#: what a phrase says of a person: ("title" | "gender" | "country" | "org", value)
Fact = tuple[str, str]


def attach_person_roles(store: ActorStore) -> None:
    """Titles, country and affiliation of named persons from premodifiers and appositions."""
    for m in list(store.mentions):
        rec = store.recs[m.key]
        if rec.type == "person" and not m.key.startswith("role:"):
            _apply(store, rec, _facts_of(store, m))
    for rec in list(store.recs.values()):
        if rec.type != "person" or rec.key.startswith("role:"):
            continue
        if rec.parent is None:
            body = _body_for_titles(store, rec)
            rec.country = rec.country or (None if body else _known_country(rec))
            if body:
                rec.parent = body
            elif rec.country:
                rec.parent = f"country:{rec.country}"


def _known_country(rec: Record) -> str | None:
    """The country world knowledge gives a person the article gives none: one that every full
    name of the person agrees on."""
    found = {gz.PEOPLE.get(gz.person_key(n)) for n in rec.names if " " in n.strip()}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def attach_role_bodies(store: ActorStore) -> None:
    """Unnamed ministers join their ministry when the article names it."""
    for rec in list(store.recs.values()):
        if rec.key.startswith("role:") and rec.portfolio and rec.country:
            body = _body_for_titles(store, rec)
            if body:
                rec.parent = body


def resolve_unknown_ministries(store: ActorStore) -> None:
    """'the Foreign Ministry' with no country named is the ministry of that portfolio the article
    last spoke of: the latest ministry, or minister, of a known country before it ("Saudi Arabia's
    Foreign Minister … The foreign ministry also asked …"), else that of the dateline's country
    ("HANOI (Reuters) – … foreign ministry spokesperson …"), else the first after it."""
    for key in [k for k in store.recs if k.startswith("ministry:?:")]:
        portfolio = key.split(":", 2)[2]
        evidence = _ministry_evidence(store, portfolio)
        home = store.facts.home_country

        def destination(pos: int, evidence=evidence, home=home, portfolio=portfolio) -> str | None:
            before = [e for e in evidence if e[0] < pos]
            after = [e for e in evidence if e[0] >= pos]
            if before:
                return before[-1][1]
            country = home or _speaking_country(store, pos)
            if country:
                return f"ministry:{country}:{portfolio}"
            return after[0][1] if after else None

        moved = {m: destination(m.start) for m in store.mentions if m.key == key}
        if not any(moved.values()):
            continue
        for m, dst in moved.items():
            if dst is not None:
                _ensure_ministry(store, dst, portfolio)
                store.move(m, dst)
        first = store.recs[key].first
        for rec in store.recs.values():
            if rec.parent == key:
                rec.parent = destination(min(rec.first, first)) or key
        if all(moved.values()):
            store.recs.pop(key)


def _speaking_country(store: ActorStore, pos: int) -> str | None:
    """The country the latest main clause before ``pos`` has as its subject ("China had claimed
    …"): whose ministry a bare "the Foreign Ministry" most likely is."""
    for m in reversed(store.mentions):
        if m.start < pos and m.role >= 2 and store.recs[m.key].type == "country":
            return store.recs[m.key].country
    return None


def _ministry_evidence(store: ActorStore, portfolio: str) -> list[tuple[int, str]]:
    """(position, ministry key) of each mention of a ministry of ``portfolio`` with a known
    country, or of a person whose title belongs to such a ministry, in text order."""
    out: list[tuple[int, str]] = []
    for m in store.mentions:
        rec = store.recs[m.key]
        if m.key.startswith("ministry:") and not m.key.startswith("ministry:?:"):
            if m.key.endswith(f":{portfolio}"):
                out.append((m.start, m.key))
        elif rec.type == "person" and rec.country and portfolio in _portfolios(rec):
            out.append((m.start, f"ministry:{rec.country}:{portfolio}"))
    return out


def _portfolios(rec: Record) -> set[str]:
    out = set()
    for t in rec.titles:
        hit = gz.TITLES.match([w.lower() for w in gz.tokens_of(t)], 0)
        if hit and hit[1].portfolio:
            out.add(hit[1].portfolio)
    return out


def _ensure_ministry(store: ActorStore, key: str, portfolio: str) -> None:
    country = key.split(":", 2)[1]
    if key not in store.recs:
        rec = store.rec(
            key,
            "organization",
            country=country,
            parent=f"country:{country}",
            heads={"ministry"},
            portfolio=portfolio,
        )
        rec.name = f"{portfolio} Ministry of {gz.COUNTRY_NAME.get(country, country)}"


def _facts_of(store: ActorStore, m: Mention) -> list[Fact]:
    """What the words around one mention of a person say of the person."""
    span = store.facts.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    found = _premodifiers(store, span.start)
    head = span.root
    appos = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos":
        # "the governor of West Virginia, Jim Justice": the apposition may hang on the
        # object of the title's preposition
        t = head.head
        while t.lower_ not in gz.TITLE_HEADS and t.dep_ in {"pobj", "prep"} and t.head is not t:
            t = t.head
        if t.lower_ in gz.TITLE_HEADS:
            appos.append(t)
    for c in head.children:  # "Olaf Scholz of Germany"
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                m2 = store.mention_at(g.i)
                if m2 is None or m2.key == m.key:
                    continue
                other = store.recs[m2.key]
                if other.type == "country":
                    found.append(("country", other.country))
                elif other.type in {"organization", "group"}:
                    found.append(("org", other.key))
    for a in appos:
        if a.i in range(span.start, span.end):
            continue
        found.extend(_describe(store, a, exclude=(span.start, span.end)))
    return found


def _apply(store: ActorStore, rec: Record, found: list[Fact]) -> None:
    """Give ``rec`` the facts it does not have yet; a body wins over a bare country."""
    for kind, value in found:
        if kind == "title" and value.lower() not in {t.lower() for t in rec.titles}:
            rec.titles.append(value)
        elif kind == "gender" and rec.gender is None:
            rec.gender = value
        elif kind == "country" and rec.country is None:
            rec.country = value
        elif kind == "org" and (rec.parent is None or rec.parent.startswith("country:")):
            rec.parent = value
            org = store.recs[value]
            rec.country = rec.country or org.country


def _body_for_titles(store: ActorStore, rec: Record) -> str | None:
    """A body of the article that the person's titles belong to, in the person's country."""
    for t in rec.titles:
        hit = gz.TITLES.match([w.lower() for w in gz.tokens_of(t)], 0)
        portfolio = hit[1].portfolio if hit else None
        if portfolio:
            key = f"ministry:{rec.country}:{portfolio}"
            if key in store.recs:
                return key
        for body in gz.ROLE_BODIES.get(t.lower(), ()):
            brec = store.recs.get(body)
            if brec and (rec.country is None or brec.country == rec.country):
                return body
    return None


def _premodifiers(store: ActorStore, s: int) -> list[Fact]:
    """Titles, honorifics, countries and bodies right before a name, right to left."""
    facts = store.facts
    out: list[Fact] = []
    i = s
    while i > 0:
        t = facts.titles_by_end.get(i)
        if t and t[0] < i:
            i = _title_before(store, t, out)
            continue
        if facts.lower[i - 1] in ROLE_SKIP:
            i -= 1
            continue
        if facts.lower[i - 1] in POSSESSIVE and i >= 2:
            i -= 1
        m = store.mention_ending(i)
        if m is None:
            break
        rec = store.recs[m.key]
        if rec.type == "country":
            out.append(("country", rec.country))
        elif rec.type in {"organization", "group"}:
            out.append(("org", rec.key))
        else:
            break
        span = facts.doc.char_span(m.start, m.end, alignment_mode="expand")
        i = span.start if span is not None else i - 1
    # read right to left; titles in the order of the text
    titles = [kv for kv in out if kv[0] == "title"][::-1]
    return titles + [kv for kv in out if kv[0] != "title"]


def _title_before(store: ActorStore, match: tuple[int, gz.Title], out: list[Fact]) -> int:
    """Add what a title ending before a name says; RETURNS the token where the title starts."""
    facts = store.facts
    start, title = match
    if title.honorific:
        if title.gender:
            out.append(("gender", title.gender))
        return start
    # "EU foreign policy chief": the lower-case words belong to the title
    j = start
    while j > 0 and start - j < 3:
        if (
            facts.texts[j - 1].islower()
            and facts.pos[j - 1] in {"NOUN", "ADJ"}
            and facts.lower[j - 1] not in ROLE_SKIP
        ) or _portfolio_word(store, j - 1):
            j -= 1  # "Information Minister": a portfolio the title list does not hold
        else:
            break
    out.append(("title", " ".join([*facts.texts[j:start], title.title])))
    for k in range(j, start):  # "ministry spokesperson": the ministry the article spoke of
        body = antecedent_by_head(store, k, facts.lower[k])
        if body is not None and store.recs[body].type == "organization":
            out.append(("org", body))
            break
    if title.gender:
        out.append(("gender", title.gender))
    return j


def _portfolio_word(store: ActorStore, i: int) -> bool:
    """Token ``i`` is a capitalised ministry portfolio that no actor mention covers."""
    hit = gz.PORTFOLIOS.match(store.facts.lower, i)
    return bool(hit and hit[0] == 1 and store.mention_at(i) is None)


def _describe(store: ActorStore, a: Token, exclude: tuple[int, int]) -> list[Fact]:
    """Title, country and body named by an apposition ('a State Department spokesperson')."""
    facts = store.facts
    out: list[Fact] = []
    title = facts.title_covering(a.i)
    human = a.lower_ in gz.TITLE_HEADS or a.lower_ in gz.NOMINAL["human"]
    if not human:
        return out
    sub = [t.i for t in a.subtree if not exclude[0] <= t.i < exclude[1]]
    if not sub:
        return out
    s, e = min(sub), max(sub) + 1
    if title:
        out.append(("title", " ".join(facts.doc[title[0] : title[1]].text.split())))
        if title[2].gender:
            out.append(("gender", title[2].gender))
    else:
        out.append(("title", a.text))
    for m in store.mentions_in(s, e):
        if not _modifies(facts.doc[m.head], a):
            continue  # "…, the foreign minister of France, a member of the Council"
        rec = store.recs[m.key]
        if rec.type == "country":
            out.append(("country", rec.country))
        elif rec.type in {"organization", "group"}:
            out.append(("org", rec.key))
    if not any(kind in {"country", "org"} for kind, _ in out):
        body = _named_body(store, a)
        if body is not None:
            out.append(("org", body))
    return out


def _named_body(store: ActorStore, a: Token) -> str | None:
    """ "spokesperson for the Transitional Council": a proper name the model did not tag, after
    "for" or "of" a title noun, is the body the person speaks for (the one longer name of the
    article it begins, if any: "the Transitional Council of Freedonia")."""
    facts = store.facts
    for prep in a.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"for", "of"}:
            continue
        obj = next((g for g in prep.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
        if obj is None or store.mention_at(obj.i) is not None:
            continue
        words = [t for t in obj.subtree if t.pos_ == "PROPN" and t.i <= obj.i]
        if not words or not all(facts.cap[t.i] for t in words):
            continue
        name = " ".join(t.text for t in words)
        longer = [
            k
            for k, r in store.recs.items()
            if r.type == "organization" and any(n.startswith(name + " of ") for n in r.names)
        ]
        key = longer[0] if len(longer) == 1 else f"organization:{name.lower()}"
        rec = store.rec(key, "organization")
        if name not in rec.names:
            rec.names.append(name)
        store.tok_mention(key, words[0].i, words[-1].i + 1)
        return key
    return None


def _modifies(tok: Token, head: Token) -> bool:
    """``tok`` reaches ``head`` through modifiers only (compound, possessive, 'of' phrase)."""
    for _ in range(6):
        if tok.i == head.i:
            return True
        if tok.dep_ not in MODIFIER_DEPS or tok.head is tok:
            return False
        tok = tok.head
    return False
