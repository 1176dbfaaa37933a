"""Actors: entities with a best name, a type, a country, an affiliation chain, titles and mentions.

Sources, strongest first:

1. gazetteer names: countries, demonyms, capitals used for their governments, bodies,
   organisations and ministries (``matching``);
2. the model's entities, corrected by the gazetteer and by each other (``ner``), clustered into
   persons and other names (``names``);
3. definite nominals that point back ("the alliance", ``roles``);
4. titles, countries and bodies of named persons, from the words before their names and from
   appositions ("Ned Price, a State Department spokesperson", ``affiliation``);
5. people named by their role ("his foreign minister", ``roles``), and the bodies of ministers.

The result is an ``ActorIndex``. The speakers stage links the mentions of speakers, channels
and addressees to it (``service.nlp.speakers.linking``, with the coreference of ``coref``) and may
add actors; ``ActorIndex.finalize`` gives the list after that.
"""

from __future__ import annotations

from service.nlp.actors.affiliation import (
    attach_person_roles,
    attach_role_bodies,
    resolve_unknown_ministries,
)
from service.nlp.actors.facts import ActorFacts
from service.nlp.actors.index import ActorIndex
from service.nlp.actors.matching import match_gazetteer
from service.nlp.actors.names import add_names
from service.nlp.actors.ner import read_names
from service.nlp.actors.roles import add_nominals
from service.nlp.actors.store import ActorStore
from service.nlp.context import DocContext

__all__ = ["ActorIndex", "find_actors"]


def find_actors(ctx: DocContext) -> ActorIndex:
    """RETURNS the actor index of the article: its actors, their mentions and its author."""
    facts = ActorFacts(ctx)
    store = ActorStore(facts)
    add_names(store, read_names(facts, match_gazetteer(facts)))
    add_nominals(store, roles=False)
    attach_person_roles(store)
    add_nominals(store, roles=True)
    attach_role_bodies(store)
    resolve_unknown_ministries(store)
    store.ensure_parents()
    return ActorIndex(facts, store)
