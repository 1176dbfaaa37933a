"""The actors of one article, their ids and the final list of them."""

from __future__ import annotations

from service.nlp.actors.facts import ActorFacts
from service.nlp.actors.store import ActorStore, display_name
from service.nlp.types import Actor, Span


class ActorIndex:
    """The actors found in an article. The speakers stage links the mentions of speakers,
    channels and addressees to them (``service.nlp.speakers.linking``), recording mentions and
    adding actors for mentions no rule found; ``finalize`` gives the result. Actor ids follow the
    first mention (``a1`` first), then the order of creation."""

    def __init__(self, facts: ActorFacts, store: ActorStore) -> None:
        self._facts, self._store = facts, store
        self.author: Span | None = facts.author
        order = sorted(store.recs.values(), key=lambda r: r.first)
        self._ids: dict[str, str] = {rec.key: f"a{n}" for n, rec in enumerate(order, start=1)}
        self._new_n = len(order)

    @property
    def facts(self) -> ActorFacts:
        return self._facts

    @property
    def store(self) -> ActorStore:
        return self._store

    def id_of(self, key: str) -> str:
        """The id of actor ``key``, given now if it has none yet."""
        aid = self._ids.get(key)
        if aid is None:
            self._new_n += 1
            aid = self._ids[key] = f"a{self._new_n}"
        return aid

    def finalize(self) -> list[Actor]:
        """The actors with their best names, affiliations and mentions, in order of appearance."""
        store, text = self._store, self._facts.text
        by_key: dict[str, list[Span]] = {}
        for m in store.mentions:
            by_key.setdefault(m.key, []).append(Span.of(text, m.start, m.end))
        keep = {k for k in store.recs if k in by_key}
        for k in list(keep):  # keep the chain of every kept actor
            parent = store.recs[k].parent
            while parent and parent in store.recs and parent not in keep:
                keep.add(parent)
                parent = store.recs[parent].parent
        out = []
        for key in keep:
            rec = store.recs[key]
            parent = rec.parent if rec.parent in store.recs and rec.parent != key else None
            out.append(
                Actor(
                    id=self.id_of(key),
                    name=display_name(rec),
                    type=rec.type,
                    country=rec.country,
                    affiliation=self.id_of(parent) if parent else None,
                    titles=tuple(rec.titles),
                    mentions=tuple(
                        sorted(set(by_key.get(key, ())), key=lambda s: (s.start, s.end))
                    ),
                    members=tuple(self.id_of(k) for k in rec.members if k in store.recs),
                )
            )
        out.sort(key=lambda a: int(a.id[1:]))
        return out
