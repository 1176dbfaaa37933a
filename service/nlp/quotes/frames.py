"""Frames: "In a phone call with X, …" makes X an addressee of the quotes of that sentence."""

from __future__ import annotations

from service.nlp.quotes.candidates import Candidates
from service.nlp.quotes.facts import QuoteFacts, mention


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
