"""Addressees: the ones told, urged, called on or spoken to."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    quotes_of,
)

ADDRESSEES = [
    ("The minister told the envoy that the border was closed.", "the envoy"),
    ("The president urged Congress to act.", "Congress"),
    ("The union called on the government to resign.", "the government"),
    ("The mayor said to the crowd that help was coming.", "the crowd"),
    (
        "In a phone call with Chancellor Scholz, Biden said that the alliance was strong.",
        "Chancellor Scholz",
    ),
    # a nominal cue's "to"/"for" names whom it was addressed to, not what it said
    (
        "The ministry's statement to reporters: “We will not negotiate with terrorists.”",
        "reporters",
    ),
]


@pytest.mark.parametrize(("text", "addressee"), ADDRESSEES)
def test_addressees(nlp, text, addressee):
    quotes = quotes_of(nlp, text)
    assert quotes and addressee in {a.text for q in quotes for a in q.addressees}
