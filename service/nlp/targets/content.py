"""What a quote's content is about: the actors it names, each with the role its clause gives it,
and the parties of the conflict where it speaks of "both sides" or calls for restraint."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from service.lexicons import stance_acts
from service.lexicons.stance_acts import BLAME_ACTS
from service.nlp.clauses import content_tokens, is_negated, party_phrase, relation_of
from service.nlp.context import DocContext
from service.nlp.principals import Principals
from service.nlp.targets.emit import Emitter
from service.nlp.types import Quote, Span, TargetRole

# a mention's relation to the quote's verb (relation_of) -> its target role; else "subject"
_ROLE_OF_RELATION: dict[str, TargetRole] = {
    "victim": "beneficiary",
    "beneficiary": "beneficiary",
    "urged": "addressee",
    "demanded": "addressee",
}


def content_targets(
    ctx: DocContext, principals: Principals, q: Quote, emit: Emitter
) -> list[Token]:
    """Target each actor named in the content; RETURNS the content's tokens."""
    amap, text = principals.actors, ctx.text
    toks = content_tokens(ctx, q.fragments)
    phrases = [p for f in q.fragments if (p := party_phrase(text, f.start, f.end))]
    for tok in toks:
        aid = amap.at(tok)
        if aid is None or any(p.start <= tok.idx < p.end for p in phrases):
            continue  # "both sides" is read below, as the parties of the conflict
        if q.speaker_mention and q.speaker_mention.start <= tok.idx < q.speaker_mention.end:
            continue
        rel = relation_of(tok)
        emit(aid, _ROLE_OF_RELATION.get(rel, "subject"), Span.of(text, tok.idx, tok.idx + len(tok)))
    return toks


def party_targets(
    ctx: DocContext, principals: Principals, q: Quote, toks: Sequence[Token], emit: Emitter
) -> None:
    """ "both sides" / "the parties" in the content, or a call for restraint, a concern or a
    negated blame that names no one, is about the parties of the conflict."""
    parties, text = principals.parties, ctx.text
    if not parties:
        return
    for f in q.fragments:
        ph = party_phrase(text, f.start, f.end)
        if ph is not None:
            sp = ctx.span(ph.start, ph.end)
            urged = sp is not None and relation_of(sp.root) == "urged"
            for p in parties:
                emit(p, "addressee" if urged else "subject", ph)
            break
    if not emit.seen and (trig := implicit_party_trigger(toks)) is not None:
        # "expressed concern about the aggravation of the situation"
        for p in parties:
            emit(p, "subject", Span.of(text, trig.idx, trig.idx + len(trig)))


def implicit_party_trigger(toks: Sequence[Token]) -> Token | None:
    """The word that makes a target-less statement about the conflict parties, if any."""
    lex = stance_acts.load()
    for t in toks:
        low = t.lemma_.lower()
        act = lex.nouns.get(low) if t.pos_ in {"NOUN", "PROPN"} else lex.verbs.get(low)
        if low in lex.restraint and t.pos_ in {"NOUN", "VERB", "ADJ"}:
            return t
        if act == "express_concern":
            return t
        if act in BLAME_ACTS and is_negated(t):
            return t
    return None
