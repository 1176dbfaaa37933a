"""Coreference within the article: pronouns to the best agreeing antecedent, "the alliance" to the
latest actor that noun can name, "the spokesperson" to the latest person with that title."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from service.lexicons.gazetteer import PRONOUNS
from service.nlp.actors.store import ActorStore, Mention, Record
from service.nlp.actors.words import NON_ANAPHORIC
from service.nlp.deps import NOUN_SUBJ

_PRONOUN_WINDOW = 6  # sentences back
_NOMINAL_WINDOW = 12


def resolve_pronoun(store: ActorStore, tok: Token) -> str | None:
    """Antecedent of a pronoun by agreement, role (subjects first) and recency.

    A he/she resolved to a person counts as a vote for that person's gender.
    """
    facts = store.facts
    cls = PRONOUNS.get(tok.lower_)
    if cls is None or (cls == "it" and tok.dep_ == "expl"):
        return None
    sent = facts.sent[tok.i]
    quote = facts.quote_at(tok.idx)
    j = bisect_left(store.mentions, Mention.at(tok.idx)) - 1
    best, best_score, rank = None, None, 0
    verb = tok.head
    while j >= 0:
        m = store.mentions[j]
        j -= 1
        dist = sent - m.sent
        if dist > _PRONOUN_WINDOW:
            break
        if m.end > tok.idx or (m.quote >= 0 and m.quote != quote):
            continue
        rec = store.recs[m.key]
        if not agrees(cls, rec):
            continue
        head = facts.doc[m.head]
        if cls == "it" and head.tag_ == "NNS":
            continue  # "editorials" are no "it"
        if tok.dep_ in {"dobj", "pobj", "dative"} and head.dep_ in NOUN_SUBJ and head.head == verb:
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
        store.recs[best].votes[cls] += 1
    return best


def antecedent_by_head(store: ActorStore, i: int, head: str) -> str | None:
    """The latest actor before token ``i`` that ``the <head>`` can name."""
    facts = store.facts
    sent = facts.sent[i]
    j = bisect_left(store.mentions, Mention.at(facts.idx[i])) - 1
    while j >= 0:
        m = store.mentions[j]
        if sent - m.sent > _NOMINAL_WINDOW:
            break
        if head in store.recs[m.key].heads:
            return m.key
        j -= 1
    return None


def latest_with_title(store: ActorStore, head: Token) -> str | None:
    """'the spokesperson' → the latest person whose titles end with that noun."""
    j = bisect_left(store.mentions, Mention.at(head.idx)) - 1
    sent = store.facts.sent[head.i]
    if not anaphoric(head):
        return None  # "the next president" is someone else
    while j >= 0:
        m = store.mentions[j]
        j -= 1
        if sent - m.sent > _NOMINAL_WINDOW:
            break
        rec = store.recs[m.key]
        if rec.type == "person" and any(t.lower().split()[-1] == head.lower_ for t in rec.titles):
            return m.key
    return None


def anaphoric(noun: Token) -> bool:
    """'the alliance' points back; 'the only country that…' and 'the next president' do not."""
    return not any(c.dep_ in {"relcl", "acl"} or c.lower_ in NON_ANAPHORIC for c in noun.children)


def agrees(cls: str, rec: Record) -> bool:
    """A pronoun of class ``cls`` can stand for the actor ``rec``."""
    if cls in {"m", "f"}:
        return rec.type == "person" and rec.sex() in (None, cls)
    if cls == "it":
        return rec.type in {"organization", "country", "other"}
    if cls == "pl":
        return rec.type in {"group", "organization", "country"}
    if cls == "i":
        return rec.type == "person"
    return True  # we: any speaker
