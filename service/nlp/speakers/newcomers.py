"""Actors first met as a speaker, channel or addressee that no actor rule found ("the campaign", "a
senior official", "her spokesman"): typed from the noun phrase, owned by the actor a possessive
pronoun names, in the country the phrase names."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.lexicons.gazetteer import PRONOUNS
from service.nlp.actors.coref import resolve_pronoun
from service.nlp.actors.store import ActorStore, Mention, display_name
from service.nlp.actors.words import ARTICLES, QUANTIFIERS
from service.nlp.types import ActorType


def new_actor(store: ActorStore, span: SpacySpan, inside: list[Mention]) -> str:
    """RETURNS the key of a new actor for the noun phrase ``span``; ``inside``: the mentions of
    known actors within it."""
    head = span.root
    words = list(span)
    while words and (words[0].lower_ in ARTICLES or words[0].is_punct):
        words = words[1:]
    name = " ".join(t.text for t in words) if words else span.text
    name = " ".join(name.split())
    type_ = _type_of(head, words)
    owner = None
    for c in head.children:
        if c.dep_ == "poss" and c.lower_ in PRONOUNS:
            okey = resolve_pronoun(store, c)
            owner = store.recs[okey] if okey else None
    if owner is not None:  # "her campaign" → campaign of Hillary Clinton
        rest = [t for t in words if t.dep_ != "poss" or t.head.i != head.i]
        name = f"{' '.join(t.text for t in rest)} of {display_name(owner)}"
    countries = {store.recs[m.key].country for m in inside if store.recs[m.key].type == "country"}
    bodies = {m.key for m in inside if store.recs[m.key].type == "organization"}
    key = f"new:{type_}:{name.lower()}"
    rec = store.rec(key, type_)
    rec.names.append(name)
    if owner is not None:
        rec.name = name
        rec.parent = owner.key
        rec.country = owner.country
    elif type_ in {"person", "group"} and len(bodies) == 1:
        # "a U.S. Treasury Department spokesperson": the body the phrase names
        body = store.recs[bodies.pop()]
        rec.parent, rec.country = body.key, body.country
    elif len(countries) == 1:
        rec.country = countries.pop()
        rec.parent = f"country:{rec.country}"
        store.ensure_parents()
    return key


def _type_of(head: Token, words: list[Token]) -> ActorType:
    """A group for plural people or a group noun, a person for a human noun or a proper name the
    model missed, an organisation by its entity label or noun."""
    low = head.lower_
    kind = head  # "many of his supporters": the kind of actor is the supporters
    if low in QUANTIFIERS:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                kind = next((g for g in c.children if g.dep_ == "pobj"), head)
    lemma = kind.lemma_.lower()
    human_lemma = lemma in gz.NOMINAL["human"] or lemma in gz.TITLE_HEADS
    human_lemma = human_lemma or (lemma.endswith(("ist", "ian")) and kind.tag_.startswith("NN"))
    plural = kind.tag_ in {"NNS", "NNPS"} or (low in QUANTIFIERS and kind is not head)
    type_: ActorType
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
    return type_
