"""The article's layout: the byline's author, credit lines and a title-case headline are not the
story's actors."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    actors_of,
    by_mention,
)

BYLINE_CASES = [
    ("Talks resume\n\nBy Jane Roe\n\nThe minister spoke on Monday.", "Jane Roe"),
    ("Talks resume\nBy Mark Dovich, Staff Writer\n\nRussia spoke.", "Mark Dovich"),
    # the particles of names, and "and" between names
    (
        "Talks resume\nBy Ana dos Santos and Jan van der Berg\n\nRussia spoke.",
        "Ana dos Santos and Jan van der Berg",
    ),
    ("By Tuesday, Russia had agreed to talk.", None),
    ("Talks resume\nBy the way of the sea\n\nRussia spoke.", None),
    ("Russia spoke on Monday, officials said.", None),
]


@pytest.mark.parametrize(("text", "author"), BYLINE_CASES)
def test_byline_is_the_author_not_an_actor(nlp, text, author):
    _, index, actors = actors_of(nlp, text)
    assert (index.author.text if index.author else None) == author
    if author:
        assert text[index.author.start : index.author.end] == author
        assert not [a for a in actors if author in a.name]


def test_credit_line_names_are_not_actors(nlp):
    text = (
        "Russia said on Monday it would attend the talks.\n\n"
        "(Reporting by Jane Roe; Editing by John Doe)"
    )
    _, index, actors = actors_of(nlp, text)
    assert index.author is None
    assert not [a for a in actors if a.type == "person"]
    assert [a.name for a in actors] == ["Russia"]


def test_title_case_headline_junk_is_dropped_but_repeated_names_kept(nlp):
    text = (
        "Obama Power Plant Rules Face Key Test In Court\n\n"
        "Barack Obama defended the rules on Tuesday, and Obama said they would stand."
    )
    _, _, actors = actors_of(nlp, text)
    assert not [a for a in actors if "Rules" in a.name or "Test" in a.name]
    assert by_mention(actors, "Barack Obama").type == "person"
