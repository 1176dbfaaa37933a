"""The small closed word classes the actor rules test tokens against (lower case)."""

from __future__ import annotations

from service.lexicons.gazetteer import NAME_PARTICLES


def wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


POSSESSIVE = frozenset({"'s", "’s", "'", "’", "s"})
ARTICLES = wordset("the a an this that these those")
DEFINITE = wordset("the this that these those")
LOCATIVE = wordset(
    "in at to from into near outside inside across through toward towards via around within "
    "throughout over under onto between"
)
# words between a title and a name that belong to neither ("former", "acting", "deputy")
ROLE_SKIP = wordset("former then acting late outgoing incoming new current interim deputy top")
ROLE_SKIP |= {"senior", "-", "–", "then-"}
ROLE_SKIP |= wordset(
    "newly elected newly-elected democratically recently longtime long-time veteran"
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# words left out of an organisation's initials ("Organization of the Petroleum …" → OPEC)
ORG_STOP = wordset("of the and for in on de du des la le at &")
# the lower-case words of a byline's names: the particles inside a name, and "and" between names
NAME_LINK = NAME_PARTICLES | {"and"}
UNRESOLVABLE = wordset(
    "you your yours this that these those some someone somebody anyone everyone nobody one others "
    "many few all both each either neither what whoever"
)
QUANTIFIERS = wordset("many some most majority half one none all few several number each dozens")
NON_ANAPHORIC = wordset(
    "only first last next other another new future former previous same such whole entire"
)
MODIFIER_DEPS = wordset("compound poss amod nmod pobj prep npadvmod case det")
CALENDAR = wordset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Then Now Today Tomorrow Yesterday"
)
