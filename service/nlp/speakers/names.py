"""Words that can name a speaker: proper nouns and the names of people, organisations, groups and
places."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

#: the entity labels of a name that can speak
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def names_someone(toks: Iterable[Token]) -> bool:
    """Some word is a proper noun or in the name of a person, organisation, group or place: the
    words can name a speaker ("— Ana Ruiz", "Tulsa police Chief Chuck Jordan")."""
    return any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_LABELS for t in toks)


def entity_start(tok: Token) -> int:
    """The first token of the entity ``tok`` ends."""
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    return i
