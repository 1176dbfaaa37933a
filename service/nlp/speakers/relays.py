"""5. Relays: "X urged Y to …, the State Department said" is X's quote, and the State Department
its channel (``via``); the reporting clause that only relays it is no quote of its own."""

from __future__ import annotations

from service.nlp.quotes.candidates import Candidate, Candidates
from service.nlp.quotes.facts import PRONOUNS, RELATIVE, QuoteFacts


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
