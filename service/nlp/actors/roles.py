"""Actors named by a noun rather than a name: "the alliance" (the latest actor that noun can
name), and unnamed people named by their role ("his foreign minister", "the French ambassador"),
who become actors of their own affiliated with the country or body the phrase names."""

from __future__ import annotations

from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.lexicons.gazetteer import PRONOUNS
from service.nlp.actors.coref import (
    anaphoric,
    antecedent_by_head,
    latest_with_title,
    resolve_pronoun,
)
from service.nlp.actors.store import ActorStore, Record, display_name
from service.nlp.actors.words import DEFINITE


def add_nominals(store: ActorStore, roles: bool) -> None:
    """'the alliance' → the latest alliance; with ``roles``, 'his foreign minister' → an unnamed
    role actor (after the named persons got their countries, which 'his' may inherit)."""
    facts = store.facts
    heads = set(gz.TITLE_HEADS)
    if not roles:
        heads = set().union(*(r.heads for r in store.recs.values()))
    for i, low in enumerate(facts.lower):
        if low not in heads or facts.pos[i] not in {"NOUN", "PROPN"}:
            continue
        if facts.in_byline(facts.idx[i]) or store.mention_at(i) is not None:
            continue
        tok = facts.doc[i]
        if tok.dep_ == "compound":
            continue
        dets = [c for c in tok.children if c.dep_ == "det"]
        poss = [c for c in tok.children if c.dep_ == "poss"]
        definite = any(d.lower_ in DEFINITE for d in dets)
        if low in gz.TITLE_HEADS and tok.tag_ in {"NN", "NNP"} and (poss or definite):
            if roles:
                _add_role(store, tok, poss)
            continue
        if not roles and definite and not poss and tok.tag_ in {"NN", "NNP"}:
            if not anaphoric(tok):
                continue
            key = antecedent_by_head(store, tok.i, low)
            if key:
                start = min(c.idx for c in [tok, *dets])
                store.mention(key, start, tok.idx + len(tok))


def _add_role(store: ActorStore, tok: Token, poss: list[Token]) -> None:
    """An unnamed person named by role: 'his foreign minister', 'the French ambassador'."""
    facts = store.facts
    doc = facts.doc
    if any(c.dep_ == "appos" for c in tok.children) or tok.dep_ == "appos":
        return  # described by an apposition; the named person carries the title
    if tok.i + 1 < len(doc) and store.mention_at(tok.i + 1) is not None:
        nxt = store.recs[store.mention_at(tok.i + 1).key]
        if nxt.type == "person":
            return  # "foreign minister Sergei Lavrov"
    named = store.mentions_in(tok.i + 1, tok.right_edge.i + 1)
    if any(store.recs[m.key].type == "person" for m in named):
        return  # "the governor of West Virginia, Jim Justice": the name carries the title
    s, e = min([tok.i, *(c.i for c in tok.lefts)]), tok.i + 1
    title = facts.title_covering(tok.i)
    title_text = doc[title[0] : title[1]].text if title and title[0] >= s else tok.text
    title_obj = title[2] if title and title[0] >= s else None
    owner = _owner(store, poss)
    country, org = _affiliation(store, tok, s)
    if owner is not None and owner.type == "person" and tok.lower_ in {"counterpart", "colleague"}:
        if owner.titles:
            title_text = owner.titles[0]  # her Azerbaijani counterpart: the same office
    elif owner is not None and owner.type in {"person", "country"}:
        country = country or owner.country
    elif owner is not None:
        org = org or owner
    if country is None and org is None:
        if not poss and title_obj is not None:
            key = latest_with_title(store, tok)  # "the president" → the latest President
            if key:
                store.tok_mention(key, s, e)
        return
    if not poss and title_obj is not None and _describes_named(store, tok, s, e, country, org):
        return  # "Jane Doe's comments … The Irish Prime Minister ruled out …"
    if org is not None:
        affil_key, where = org.key, display_name(org)
        country = country or org.country
    else:
        affil_key, where = f"country:{country}", gz.COUNTRY_NAME.get(country, country)
    title_text = " ".join(title_text.split())
    key = f"role:{title_text.lower()}:{affil_key}"
    rec = store.rec(key, "person", country=country, parent=affil_key)
    rec.name = f"{title_text} of {where}"
    if title_text not in rec.titles:
        rec.titles.append(title_text)
    if title_obj and title_obj.gender:
        rec.gender = title_obj.gender
    if title_obj and title_obj.portfolio and country:
        rec.portfolio = title_obj.portfolio
    store.tok_mention(key, s, e)


def _owner(store: ActorStore, poss: list[Token]) -> Record | None:
    """The actor a possessive names ("his", "France's"); the last one if several."""
    owner: Record | None = None
    for p in poss:
        if p.lower_ in PRONOUNS:
            key = resolve_pronoun(store, p)
            owner = store.recs[key] if key else None
        else:
            m = store.mention_at(p.i)
            owner = store.recs[m.key] if m else None
    return owner


def _affiliation(store: ActorStore, tok: Token, s: int) -> tuple[str | None, Record | None]:
    """The country and the body a role phrase names before its noun ("the French ambassador")
    or in an "of" phrase ("the foreign minister of France")."""
    country: str | None = None
    org: Record | None = None
    for m in store.mentions_in(s, tok.i):
        rec = store.recs[m.key]
        if rec.type == "country":
            country = rec.country
        elif rec.type in {"organization", "group"}:
            org = rec
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                m = store.mention_at(g.i)
                if m is not None:
                    rec = store.recs[m.key]
                    if rec.type == "country":
                        country = rec.country
                    elif rec.type != "person":
                        org = rec
    return country, org


def _describes_named(
    store: ActorStore, tok: Token, s: int, e: int, country: str | None, org: Record | None
) -> bool:
    """A definite role phrase ("the British Prime Minister") right after a person the article
    names with no country or title yet describes that person: the person gets the title, country
    and affiliation, and the phrase is a mention of the person."""
    facts = store.facts
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return False
    sent = facts.sent[tok.i]
    person = None
    for m in reversed(store.mentions):
        if m.start >= facts.idx[s]:
            continue
        if sent - m.sent > 1:
            break
        rec = store.recs[m.key]
        if rec.type == "person" and not m.key.startswith("role:"):
            person = rec
            break
    if person is None or person.titles or person.country or person.parent:
        return False
    title = facts.title_covering(tok.i)
    person.titles.append(
        " ".join(facts.doc[title[0] : title[1]].text.split()) if title else tok.text
    )
    person.country = country or (org.country if org else None)
    person.parent = org.key if org is not None else f"country:{country}"
    store.tok_mention(person.key, s, e)
    return True
