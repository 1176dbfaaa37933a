"""Stances of quoted statements: each (speaker, target) of the target stage, judged from the
quote's cue and content (``judge``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from spacy.tokens import Token

from service.lexicons.stance_acts import DIRECTIVE_ACTS
from service.nlp.clauses import content_tokens, party_phrase, relation_of
from service.nlp.context import DocContext
from service.nlp.deps import NOUN_SUBJ
from service.nlp.principals import Principals
from service.nlp.stance.acts import cue_act
from service.nlp.stance.content import read_content
from service.nlp.stance.finding import Finding
from service.nlp.stance.judge import judge
from service.nlp.stance.polarity import toward
from service.nlp.types import Quote, Target

# the subject or the owner of a content's head word leads the content
_LEADING = NOUN_SUBJ | {"poss"}


def quote_stances(
    ctx: DocContext, principals: Principals, quotes: Sequence[Quote], targets: Sequence[Target]
) -> list[Finding]:
    """One finding per target of every quote with a speaker."""
    amap, parties = principals.actors, principals.parties
    by_q: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_q[t.quote].append(t)
    out: list[Finding] = []
    text = ctx.text
    for q in quotes:
        if not q.speaker or q.id not in by_q:
            continue
        toks = content_tokens(ctx, q.fragments)
        inside = {t.i for t in toks}
        content = read_content(toks)
        cue_tok = None
        if q.cue is not None:
            span = ctx.span(q.cue.start, q.cue.end)
            cue_tok = span.root if span is not None else None
        cue = cue_act(q.cue.lemma if q.cue else None, cue_tok)
        if cue == "neutral_statement" and content.act:
            cue = content.act
        benefit = {amap.principal(t.actor) for t in by_q[q.id] if t.role == "beneficiary"} - {None}
        speakers = _speakers(ctx, principals, q)
        for t in by_q[q.id]:
            mspan = ctx.span(t.mention.start, t.mention.end)
            # a party stands in for "both sides" or for an unnamed concern, not for its own name
            is_party = bool(party_phrase(text, t.mention.start, t.mention.end)) or (
                t.actor in parties and mspan is not None and amap.at(mspan.root) is None
            )
            rel = "other" if is_party or mspan is None else relation_of(mspan.root)
            pol = 0.0 if is_party or mspan is None else toward(mspan.root)
            self_benefit = t.role == "addressee" and amap.principal(t.actor) in benefit
            role = t.role
            if cue in DIRECTIVE_ACTS and role == "subject" and rel == "other" and mspan is not None:
                # "demanding that Spain returns to the talks": who leads what is demanded is the
                # one the demand is made of
                role = "addressee" if _leads(mspan.root, inside) else role
            j = judge(role, rel, cue, content, is_party, self_benefit, pol)
            for source in speakers:
                own = amap.principal(source)
                if source == t.actor or (own is not None and own == amap.principal(t.actor)):
                    continue
                out.append(
                    Finding(
                        source=source,
                        target=t.actor,
                        label=j.label,
                        act=j.act,
                        negated=j.negated,
                        quotes=(q.id,),
                        confidence=round(j.strength * (0.5 + q.confidence / 2), 3),
                    )
                )
    return out


def _leads(tok: Token, inside: set[int]) -> bool:
    """The actor at ``tok`` is the subject or owner of the content's head word."""
    while tok.dep_ in {"compound", "flat"} and tok.head is not tok:
        tok = tok.head
    head = tok.head
    return tok.dep_ in _LEADING and (
        head.i not in inside or head.head.i not in inside or head.head is head
    )


def _speakers(ctx: DocContext, principals: Principals, q: Quote) -> list[str]:
    """Who speaks: the members of a group speaker ("Ghana and Togo said …"), each for
    itself; else the speaker and the others its phrase names ("Russia and China expressed
    concern")."""
    amap = principals.actors
    members = amap.actors[q.speaker].members
    if members:
        return list(members)
    out = [q.speaker]
    span = ctx.span(q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None
    if span is not None:
        own = {amap.principal(q.speaker)}
        for aid in amap.of_phrase(span.root):
            principal = amap.principal(aid)
            if aid not in out and principal is not None and principal not in own:
                out.append(aid)
                own.add(principal)
    return out
