"""Relations between principals on sentences of the kind real news is made of: who speaks for
whom, what the words say of each party, diplomatic acts; with the cases that must stay neutral or
give nothing."""

from __future__ import annotations

import pytest

from service.nlp import engine


def relations_of(nlp, text: str) -> set[tuple[str, str, str]]:
    a = engine.analyze_text(nlp, text)
    names = {x.id: x.name for x in a.actors}
    return {(names[r.source], names[r.target], r.label) for r in a.relations}


# (text, relations that must be there, as (source, target, label))
RELATIONS = [
    (  # a group speaks for each member; an attack on a third country: support for it
        "Belgium and Portugal said they would consider any attack on Latvia an act of war.",
        {("Belgium", "Latvia", "supportive"), ("Portugal", "Latvia", "supportive")},
    ),
    (  # "foreign ministry spokesperson" of the dateline's country; polarity of "illegally"
        "HELSINKI (Reuters) – Foreign ministry spokesperson Anna Virtanen said the Swedish boats "
        "had been fishing illegally.",
        {("Finland", "Sweden", "critical")},
    ),
    (  # the agent of a brutal act, through "by"; the speaker's country from a possessive
        "Norway's foreign minister said the brutal treatment of fishermen by Danish forces was "
        "unacceptable.",
        {("Norway", "Denmark", "critical")},
    ),
    (  # condemning sanctions: critical of who imposed them, supportive of who suffers them
        "Kenya condemned the illegal sanctions imposed on Uganda by Tanzania.",
        {("Kenya", "Tanzania", "critical"), ("Kenya", "Uganda", "supportive")},
    ),
    (  # what a party's decision is said to be
        "Poland's foreign ministry said Hungary's decision was a move towards a deterioration in "
        "ties.",
        {("Poland", "Hungary", "critical")},
    ),
    ("Egypt expelled a senior Sudanese diplomat on Monday.", {("Egypt", "Sudan", "critical")}),
    (
        "Chile declared an Argentine diplomat persona non grata.",
        {("Chile", "Argentina", "critical")},
    ),
    ("Canada cut diplomatic ties with Belarus.", {("Canada", "Belarus", "critical")}),
    ("Austria dismissed Slovenia's claims as absurd.", {("Austria", "Slovenia", "critical")}),
    (  # disputing what a party is owed
        "Croatia's president disputed Serbian sovereignty over the islands.",
        {("Croatia", "Serbia", "critical")},
    ),
    (  # a negation further up does not make the deed good
        "Japan said it would not allow China to undermine regional security.",
        {("Japan", "China", "critical")},
    ),
    ("Mali said Niger was a close ally.", {("Mali", "Niger", "supportive")}),
    (  # a country name is no person, whatever the model says of it
        "Niger recalled its ambassador. Mali said Niger was a close ally.",
        {("Mali", "Niger", "supportive")},
    ),
]

# (text, pairs that must not be critical or supportive, as (source, target))
NOT_POLAR = [
    (  # a call on both sides for restraint stays neutral toward each
        "Mexico called on both sides to exercise restraint in the conflict between Peru and "
        "Ecuador.",
        {("Mexico", "Peru"), ("Mexico", "Ecuador")},
    ),
    (  # not assigning blame stays neutral
        "Spain said it was not assigning blame for the fighting between Serbia and Kosovo.",
        {("Spain", "Serbia"), ("Spain", "Kosovo")},
    ),
    (  # a newspaper reports; it is no party
        "The Daily Herald criticized Ireland.",
        {("The Daily Herald", "Ireland"), ("Daily Herald", "Ireland")},
    ),
    (  # supporting a peaceful resolution takes no side
        "Violence flared between Peru and Ecuador. Brazil said it supports a peaceful resolution.",
        {("Brazil", "Peru"), ("Brazil", "Ecuador")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relations(nlp, text, expected):
    got = relations_of(nlp, text)
    assert expected <= got, f"missing {expected - got}; got {got}"


@pytest.mark.parametrize(("text", "pairs"), NOT_POLAR)
def test_not_polar(nlp, text, pairs):
    polar = {(s, t) for s, t, label in relations_of(nlp, text) if label != "neutral"}
    assert not polar & pairs, polar


def test_group_actor_lists_its_members(nlp):
    a = engine.analyze_text(nlp, "Belgium and Portugal said they would consider it an act of war.")
    names = {x.id: x.name for x in a.actors}
    group = next(x for x in a.actors if x.members)
    assert group.type == "group" and group.name == "Belgium and Portugal"
    assert [names[m] for m in group.members] == ["Belgium", "Portugal"]
    assert all(not x.members for x in a.actors if x.id != group.id)
