"""The actors of the seed article: names, types, countries, affiliation chains and mentions; its
author is none."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    chain_of,
    span_of,
    spans_hold,
)

SEED_ACTORS = [
    # mention, name, type, country, titles, chain
    (
        "Antony Blinken",
        "Antony Blinken",
        "person",
        "US",
        ("Secretary of State",),
        ["State Department", "United States"],
    ),
    (
        "Ned Price",
        "Ned Price",
        "person",
        "US",
        ("spokesperson",),
        ["State Department", "United States"],
    ),
    ("Emmanuel Macron", "Emmanuel Macron", "person", "FR", ("President",), ["France"]),
    (
        "Stanislav Zas",
        "Stanislav Zas",
        "person",
        None,
        ("head",),
        ["Collective Security Treaty Organization"],
    ),
    ("CSTO", "Collective Security Treaty Organization", "organization", None, (), []),
    ("Russian Foreign Ministry", "Russian Foreign Ministry", "organization", "RU", (), ["Russia"]),
    (
        "his foreign minister",
        "foreign minister of France",
        "person",
        "FR",
        ("foreign minister",),
        ["France"],
    ),
    ("Armenia", "Armenia", "country", "AM", (), []),
    ("Azerbaijan", "Azerbaijan", "country", "AZ", (), []),
    ("France", "France", "country", "FR", (), []),
    ("United States", "United States", "country", "US", (), []),
    ("TASS", "TASS", "organization", "RU", (), []),
]


@pytest.mark.parametrize(("mention", "name", "type_", "country", "titles", "chain"), SEED_ACTORS)
def test_seed_actors(seed, mention, name, type_, country, titles, chain):
    text, _, _, actors = seed
    spans_hold(text, actors)
    found = [
        a
        for a in actors
        if any(m.text == mention or m.text == f"the {mention}" for m in a.mentions)
    ]
    assert len(found) == 1, mention
    actor = found[0]
    assert (actor.name, actor.type, actor.country, actor.titles) == (name, type_, country, titles)
    assert chain_of(actors, actor) == chain


@pytest.mark.parametrize(
    ("mention", "nth", "name"),
    [
        ("Blinken", 2, "Antony Blinken"),  # tagged GPE by the small model
        ("Armenia", 7, "Armenia"),  # tagged PERSON by the small model
        ("Zas", 1, "Stanislav Zas"),
        ("Washington", 0, "United States"),
        ("Azerbaijani", 0, "Azerbaijan"),
        ("Armenian", 0, "Armenia"),
        ("the alliance", 0, "Collective Security Treaty Organization"),
    ],
)
def test_seed_mentions(seed, mention, nth, name):
    text, _, _, actors = seed
    span = span_of(text, mention, nth)
    owners = [a.name for a in actors if span in a.mentions]
    assert owners == [name]


def test_seed_author_is_not_an_actor(seed):
    _, _, index, actors = seed
    assert index.author is not None and index.author.text == "Mark Dovich"
    assert not [a for a in actors if "Dovich" in a.name]
    assert not [m for a in actors for m in a.mentions if "Dovich" in m.text]
