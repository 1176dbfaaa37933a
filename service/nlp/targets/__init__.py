"""Targets of each statement: the actors it is addressed to, is about, or speaks for.

Roles: ``addressee`` (told / urged / called on X), ``subject`` (the content is about X: "evidence
of Azerbaijani shelling" → Azerbaijan), ``beneficiary`` (the content speaks for X: "respect for the
territorial integrity of Armenia" → Armenia; the victim of a hostile act: "shelling in Armenia").
"The parties", "both sides", … expand to the parties of the conflict the article names.

For each quote, in this order, each (actor, role) once and never the speaker's own principal:

1. its addressees (``addressees``);
2. the actors named in its content, with the role their clause gives them (``content``);
3. the parties of the conflict for "both sides" or a call for restraint that names no one.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.nlp.context import DocContext
from service.nlp.principals import Principals
from service.nlp.targets.addressees import addressee_targets
from service.nlp.targets.content import content_targets, party_targets
from service.nlp.targets.emit import Emitter
from service.nlp.types import LinkedQuote, Target

__all__ = ["find_targets"]


def find_targets(
    ctx: DocContext, principals: Principals, quotes: Sequence[LinkedQuote]
) -> list[Target]:
    """RETURNS the targets of every quote, addressees first, each (quote, actor, role) once."""
    out: list[Target] = []
    for linked in quotes:
        emit = Emitter(principals.actors, linked.quote, out)
        addressee_targets(ctx, principals, linked, emit)
        toks = content_targets(ctx, principals, linked.quote, emit)
        party_targets(ctx, principals, linked.quote, toks, emit)
    return out
