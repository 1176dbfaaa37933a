"""Actors: entities with a best name, a type, a country, an affiliation and their mentions.

PLACEHOLDER: the actors helper replaces this with gazetteers, titles, clustering and coreference;
``extract_actors`` and ``ActorIndex.link``/``finalize``/``author`` are the interface with ``engine.py``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from service.nlp.types import Actor, Span

_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}


class ActorIndex:
    def __init__(self, doc: Doc) -> None:
        self.author: Span | None = None
        self._actors: dict[str, dict] = {}
        self._by_name: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in _TYPES:
                continue
            self._add(ent.text, _TYPES[ent.label_], Span.of(doc.text, ent.start_char, ent.end_char))

    def _add(self, name: str, type_: str, mention: Span) -> str:
        aid = self._by_name.get(name)
        if aid is None:
            aid = f"a{len(self._actors) + 1}"
            self._by_name[name] = aid
            self._actors[aid] = {"name": name, "type": type_, "mentions": []}
        self._actors[aid]["mentions"].append(mention)
        return aid

    def link(self, doc: Doc, mention: Span) -> str | None:
        """The actor that ``mention`` (a name, pronoun or nominal) refers to, created if needed."""
        for aid, a in self._actors.items():
            if any(m.start < mention.end and mention.start < m.end for m in a["mentions"]):
                return aid
        return self._add(mention.text, "other", mention)

    def finalize(self) -> list[Actor]:
        return [
            Actor(id=aid, name=a["name"], type=a["type"], mentions=tuple(a["mentions"]))
            for aid, a in self._actors.items()
        ]


def extract_actors(doc: Doc) -> ActorIndex:
    return ActorIndex(doc)
