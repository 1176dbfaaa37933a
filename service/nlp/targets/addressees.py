"""The addressees of a quote as targets: the actor its addressee span names, or the actor the span
was linked to, or the parties of the conflict for "both sides"."""

from __future__ import annotations

from service.nlp.clauses import party_phrase
from service.nlp.context import DocContext
from service.nlp.principals import Principals
from service.nlp.targets.emit import Emitter
from service.nlp.types import LinkedQuote


def addressee_targets(
    ctx: DocContext, principals: Principals, linked: LinkedQuote, emit: Emitter
) -> None:
    amap = principals.actors
    for span in linked.found.addressees:
        if party_phrase(ctx.text, span.start, span.end):
            for p in principals.parties:
                emit(p, "addressee", span)
            continue
        sp = ctx.span(span.start, span.end)
        # the head of "Azerbaijani President Ilham Aliyev" is the person, not the demonym
        aid = amap.at(sp.root) if sp is not None else None
        if aid is None and sp is not None:
            aid = next((a for a in (amap.at(t) for t in sp) if a), None)
        if aid is None:
            # linked to a nominal actor of its own ("the full convention"); with several
            # addressees, the first one of the quote would be the wrong actor
            aid = linked.addressee_actors.get((span.start, span.end))
        if aid:
            emit(aid, "addressee", span)
