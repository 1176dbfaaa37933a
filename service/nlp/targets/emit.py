"""The targets of one quote as they are found: each (actor, role) once, never the speaker."""

from __future__ import annotations

from service.nlp.principals import ActorMap
from service.nlp.types import Quote, Span, Target, TargetRole


class Emitter:
    """Appends the targets of ``quote`` to ``out``; the speaker (each member of a group speaker)
    and its own principal are left out (a country's minister does not target the country)."""

    def __init__(self, amap: ActorMap, quote: Quote, out: list[Target]) -> None:
        self._amap, self._quote, self._out = amap, quote, out
        speakers = amap.actors[quote.speaker].members or (quote.speaker,) if quote.speaker else ()
        self._speakers = set(speakers)
        self._own = {amap.principal(s) for s in speakers} - {None}
        self.seen: set[tuple[str, TargetRole]] = set()

    def __call__(self, aid: str, role: TargetRole, mention: Span) -> None:
        q = self._quote
        if aid == q.speaker or aid in self._speakers or self._amap.principal(aid) in self._own:
            return
        if (aid, role) not in self.seen:
            self.seen.add((aid, role))
            self._out.append(Target(quote=q.id, actor=aid, role=role, mention=mention))
