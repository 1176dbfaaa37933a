"""Relays and frames: "X urged Y …, the State Department said" keeps X's quote and records the
State Department as its channel; "In a phone call with X, …" makes X an addressee of the quotes of
that sentence."""

from __future__ import annotations

from service.nlp.quotes.candidates import Candidate, Candidates
from service.nlp.quotes.facts import PRONOUNS, RELATIVE, QuoteFacts
from service.nlp.quotes.speakers import mention


def relays(facts: QuoteFacts, cands: Candidates) -> None:
    """Mark a reporting clause after a quote it relays as dropped; its speaker becomes ``via``."""
    lex, text = facts.lex, facts.text
    for a in cands:
        if a.kind != "verb" or a.lemma not in lex.relay or a.root_tok is None:
            continue
        inner = cands.by_cue.get(a.root_tok)
        if inner is None or not inner.explicit or inner.dropped or inner is a:
            continue
        if not (
            inner.lemma in lex.speech or inner.lemma in lex.directive or inner.lemma in lex.phrasal
        ):
            continue  # "…it is challenging …,” he said": not a reported act of speech
        if inner.speaker is None or text[inner.speaker[0] : inner.speaker[1]].lower() in (
            PRONOUNS | RELATIVE
        ):
            continue
        if inner not in cands.items:
            continue
        if a.cue is None or a.cue.start < max(e for _, e in inner.content):
            continue  # only a reporting clause after the content is a mere channel
        a.dropped = True
        for c in cands:
            related = c is inner or (c.inherit_from is not None and _inherits(cands, c, inner))
            if related and c.via is None:
                c.via = a.speaker


def _inherits(cands: Candidates, c: Candidate, inner: Candidate) -> bool:
    """``c`` takes its speaker, through up to five inheritances, from ``inner``."""
    seen = 0
    while c.inherit_from is not None and seen < 5:
        if c.inherit_from == inner.cue_tok:
            return True
        nxt = cands.by_cue.get(c.inherit_from)
        if nxt is None:
            return False
        c, seen = nxt, seen + 1
    return False


def frames(facts: QuoteFacts, cands: Candidates) -> None:
    """'In a phone call with X, …': X is an addressee of the quotes of that sentence."""
    frames_ = facts.lex.addressee_frames
    for t in facts.toks:
        if t.lower_ != "with" or t.dep_ != "prep":
            continue
        h = t.head
        if h.lemma_.lower() not in frames_ and (
            h.head.lemma_.lower() not in frames_ or h.pos_ != "PROPN"
        ):
            continue
        obj = next((g for g in t.children if g.dep_ == "pobj"), None)
        if obj is None:
            continue
        ment = mention(obj)
        si = facts.sent_of[t.i]
        for c in cands:
            if c.sent == si and c.speaker != ment and ment not in c.addressees:
                c.addressees.append(ment)
