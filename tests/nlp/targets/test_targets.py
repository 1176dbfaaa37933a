"""Targets: whom each statement is addressed to or about, in what role; never the speaker's own
principal; "both sides" and unnamed concerns read as the parties of the conflict."""

from __future__ import annotations

import pytest

from service.nlp.context import DocContext
from service.nlp.engine import analyze_doc
from service.nlp.principals import read_principals

CONFLICT = "Fighting broke out between Armenia and Azerbaijan on Sunday. "

# text, expected (actor name, role, mention text) of the first quote's targets, in order
CASES = [
    (
        CONFLICT + "French President Emmanuel Macron urged Azerbaijan to cease hostilities.",
        [("Azerbaijan", "addressee", "Azerbaijan")],
    ),
    (
        CONFLICT + "Russia called on both sides to show restraint.",
        [("Armenia", "addressee", "both sides"), ("Azerbaijan", "addressee", "both sides")],
    ),
    (
        "The French foreign minister said that the territorial integrity of Armenia must be "
        "respected.",
        [("Armenia", "beneficiary", "Armenia")],
    ),
    (
        "The Armenian defence ministry said there was evidence of Azerbaijani shelling.",
        [("Azerbaijan", "subject", "Azerbaijani")],
    ),
    (
        "German Chancellor Olaf Scholz told Vladimir Putin that the war must end.",
        [("Vladimir Putin", "addressee", "Vladimir Putin")],
    ),
    (
        "Clashes erupted between Armenia and Azerbaijan. The EU expressed concern about the "
        "aggravation of the situation.",
        [("Armenia", "subject", "concern"), ("Azerbaijan", "subject", "concern")],
    ),
    # negative cases: the speaker's own country is no target; a statement about no one has none
    (
        "French Foreign Minister Jean-Yves Le Drian said France would help Armenia.",
        [("Armenia", "beneficiary", "Armenia")],
    ),
    ("The spokesman said the weather would improve.", []),
    # "both sides" with no conflict named in the article: no parties to expand to
    ("Russia called on both sides to show restraint.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_targets_of_the_first_quote(nlp, text, expected):
    analysis = analyze_doc(nlp(text))
    assert analysis.quotes, text
    names = {a.id: a.name for a in analysis.actors}
    first = analysis.quotes[0].id
    got = [(names[t.actor], t.role, t.mention.text) for t in analysis.targets if t.quote == first]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        (CONFLICT, {"Armenia", "Azerbaijan"}),
        ("The Armenian-Azerbaijani border was quiet.", {"Armenia", "Azerbaijan"}),
        ("Russia attacked Ukraine in February.", {"Russia", "Ukraine"}),
        ("Armenia and France signed a trade deal.", set()),
        ("The weather was mild.", set()),
    ],
)
def test_conflict_parties(nlp, text, parties):
    ctx = DocContext(nlp(text))
    actors = analyze_doc(ctx.doc).actors
    principals = read_principals(ctx, actors)
    names = {a.id: a.name for a in actors}
    assert {names[p] for p in principals.parties} == parties


def test_every_target_points_at_a_quote_and_an_actor(nlp, seed_text):
    analysis = analyze_doc(nlp(seed_text))
    quotes = {q.id: q for q in analysis.quotes}
    actors = {a.id for a in analysis.actors}
    assert analysis.targets
    for t in analysis.targets:
        assert t.quote in quotes and t.actor in actors
        assert t.actor != quotes[t.quote].speaker
        assert seed_text[t.mention.start : t.mention.end] == t.mention.text
