"""Linking: the actor a speaker, channel or addressee mention names (pronouns, relative pronouns,
nominals, groups), and the actors made for mentions no rule found."""

from __future__ import annotations

import pytest

from service.nlp.engine import analyze_doc
from service.nlp.speakers.linking import Linker
from service.nlp.types import Span
from tests.nlp.helpers import (
    actors_of,
    by_mention,
    span_of,
)

# (text, span to link, nth occurrence, expected: a mention of the expected actor or None)
LINK_CASES = [
    ("Angela Merkel met reporters. She said the plan would work.", "She", 0, "Angela Merkel"),
    (
        "Ned Price met reporters after Antony Blinken spoke. “We are ready,” he said.",
        "he",
        0,
        "Ned Price",
    ),
    (
        "The Russian Foreign Ministry issued a statement. The ministry called for restraint.",
        "The ministry",
        0,
        "Russian Foreign Ministry",
    ),
    (
        "NATO met in Brussels. It said the alliance would respond.",
        "It",
        0,
        "NATO",
    ),
    (
        "U.S. Secretary of State Antony Blinken urged calm, the State Department said.",
        "U.S. Secretary of State Antony Blinken",
        0,
        "Antony Blinken",
    ),
    (
        "Ned Price, a State Department spokesperson, spoke. The spokesperson said more.",
        "The spokesperson",
        0,
        "Ned Price",
    ),
    ("Russia’s army advanced.", "’s", 0, "Russia"),
    ("Russia spoke on Monday.", " ", 0, None),
    ("It is raining.", "It", 0, None),
    ("The roads were icy. They said nothing.", "They", 0, None),
]


@pytest.mark.parametrize(("text", "needle", "nth", "expected"), LINK_CASES)
def test_link(nlp, text, needle, nth, expected):
    ctx, index, _ = actors_of(nlp, text)
    span = span_of(text, needle, nth)
    aid = Linker(ctx, index).link(span)
    actors = index.finalize()
    if expected is None:
        assert aid is None
        return
    actor = by_mention(actors, expected)
    assert aid == actor.id
    assert span in actor.mentions  # the link span is recorded as a mention


# (text, nominal, type, country)
NEW_ACTOR_CASES = [
    ("U.S. officials said the talks failed.", "U.S. officials", "group", "US"),
    ("A source said the talks failed.", "A source", "person", None),
    ("The parties must stop, the statement said.", "The parties", "group", None),
    ("The report said the talks failed.", "The report", "other", None),
]


@pytest.mark.parametrize(("text", "needle", "type_", "country"), NEW_ACTOR_CASES)
def test_link_creates_actor_for_unknown_nominal(nlp, text, needle, type_, country):
    ctx, index, before = actors_of(nlp, text)
    linker = Linker(ctx, index)
    aid = linker.link(span_of(text, needle))
    assert aid is not None and aid not in {a.id for a in before}
    assert linker.link(span_of(text, needle)) == aid  # stable
    actor = next(a for a in index.finalize() if a.id == aid)
    assert (actor.type, actor.country) == (type_, country)
    assert actor.mentions == (span_of(text, needle),)


def test_seed_pronoun_after_direct_quote_is_price(seed):
    text, ctx, index, _ = seed
    he = span_of(text, " he said", 0)
    aid = Linker(ctx, index).link(Span.of(text, he.start + 1, he.start + 3))
    price = by_mention(index.finalize(), "Ned Price")
    assert aid == price.id


# (text, span, nth, expected actor name or None, expected type of a new actor)
LINK_MORE_CASES = [
    (
        "Officials who spoke to reporters said the plan failed.",
        "who",
        0,
        "Officials",
        "group",
    ),
    ("You never know, the senator said.", "You", 0, None, None),
    ("Some say the plan failed.", "Some", 0, None, None),
    (
        "Hillary Clinton spoke on Monday. Her campaign said she would win.",
        "Her campaign",
        0,
        "campaign of Hillary Clinton",
        "organization",
    ),
    (
        "Many of his supporters said the race was over.",
        "Many of his supporters",
        0,
        "Many of his supporters",
        "group",
    ),
]


@pytest.mark.parametrize(("text", "needle", "nth", "name", "type_"), LINK_MORE_CASES)
def test_link_relative_generic_and_owned(nlp, text, needle, nth, name, type_):
    ctx, index, _ = actors_of(nlp, text)
    aid = Linker(ctx, index).link(span_of(text, needle, nth))
    if name is None:
        assert aid is None
        return
    actor = next(a for a in index.finalize() if a.id == aid)
    assert (actor.name, actor.type) == (name, type_)


# The relative pronoun is the words that name the speaker at the cue (as PolNeAR marks it);
# the actor is its antecedent, and no actor takes the pronoun into its name.
RELATIVE_SPEAKERS = [
    ("Senator Lindsey Graham, who said the plan was dead, left early.", "who", "Lindsey Graham"),
    ("It was carried out by a gunman who expressed sympathy for the group.", "who", "gunman"),
    ("The senator met the foreign minister, who said Russia would respond.", "who", "minister"),
    ("Ukrainian officials, who said the strike killed five, left.", "who", "officials"),
    ("The ministry, which said the talks had failed, recalled its envoy.", "which", "ministry"),
    # the antecedent keeps its own modifiers: two spokesmen stay two actors
    (
        "A spokesman for the army, who said the border was calm, left. A spokesman for the "
        "ministry, who asked not to be named, said talks had failed.",
        "who",
        "spokesman for the army",
    ),
]


@pytest.mark.parametrize(("text", "mention", "actor"), RELATIVE_SPEAKERS)
def test_relative_pronoun_speaker_links_to_its_antecedent(nlp, text, mention, actor):
    analysis = analyze_doc(nlp(text))
    names = {a.id: a.name for a in analysis.actors}
    quote = analysis.quotes[0]
    assert quote.speaker_mention is not None and quote.speaker_mention.text == mention
    assert actor in names[quote.speaker]
    assert not any(mention in name.split() for name in names.values())
    speakers = {q.speaker for q in analysis.quotes if q.speaker_mention.text == mention}
    assert len(speakers) == max(1, text.count(f", {mention} "))  # one actor per antecedent
