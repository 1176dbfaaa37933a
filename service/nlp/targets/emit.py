"""The targets of one quote as they are found: each (actor, role) once, never the speaker."""

from __future__ import annotations

from service.nlp.principals import ActorMap
from service.nlp.types import Quote, Span, Target, TargetRole


class Emitter:
    """Appends the targets of ``quote`` to ``out``; the speaker and its own principal are left out
    (a country's minister does not target the country)."""

    def __init__(self, amap: ActorMap, quote: Quote, out: list[Target]) -> None:
        self._amap, self._quote, self._out = amap, quote, out
        self._own = amap.principal(quote.speaker) if quote.speaker else None
        self.seen: set[tuple[str, TargetRole]] = set()

    def __call__(self, aid: str, role: TargetRole, mention: Span) -> None:
        q = self._quote
        if aid == q.speaker or (self._own and self._amap.principal(aid) == self._own):
            return
        if (aid, role) not in self.seen:
            self.seen.add((aid, role))
            self._out.append(Target(quote=q.id, actor=aid, role=role, mention=mention))
