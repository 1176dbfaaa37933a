"""The speakers stage: the quote stage takes who spoke from the rules it is handed, and
``resolve_speakers`` links each quote's speaker, channel and addressees to actors, in text order,
adding the actors no rule found."""

from __future__ import annotations

from dataclasses import replace

import pytest

from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from tests.nlp.helpers import actors_of

TEXT = (
    "France urged Russia to halt its attacks, the foreign ministry said. "
    "A senior official said the talks had failed. Lavrov said he would attend."
)


@pytest.fixture(scope="module")
def resolved(nlp):
    ctx, index, before = actors_of(nlp, TEXT)
    found = extract_quotes(ctx, speakers.RULES)
    linked = speakers.resolve_speakers(ctx, index, found)
    return ctx, before, linked, index.finalize()


def test_quotes_are_numbered_in_text_order(resolved):
    _, _, linked, _ = resolved
    quotes = [lq.quote for lq in linked]
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


@pytest.mark.parametrize(
    ("cue", "speaker", "via", "addressees"),
    [
        ("urged", "France", "foreign ministry", ["Russia"]),
        ("said", "senior official", None, []),  # the second "said": a new actor
    ],
)
def test_speaker_channel_and_addressees_are_actors(resolved, cue, speaker, via, addressees):
    _, _, linked, actors = resolved
    names = {a.id: a.name for a in actors}
    q = next(
        lq.quote
        for lq in linked
        if lq.quote.cue.text == cue
        and lq.quote.speaker_mention is not None
        and speaker in lq.quote.speaker_mention.text
    )
    assert speaker in names[q.speaker]
    assert (via in names[q.via]) if via else q.via is None
    assert [names[a] for a in q.addressees] == addressees


def test_linking_adds_the_actors_no_rule_found(resolved):
    _, before, _, after = resolved
    new = {a.name for a in after} - {a.name for a in before}
    assert any("senior official" in n for n in new)
    assert not any("Lavrov" in n for n in new)  # known before linking: not made again


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("of_verb", "Lavrov said the talks had failed."),
        ("of_noun", "The ministry's statement that the talks had failed surprised no one."),
    ],
)
def test_the_quote_stage_takes_speakers_from_the_rules_it_is_handed(nlp, rule, text):
    ctx = DocContext(nlp(text))
    assert extract_quotes(ctx, speakers.RULES, learned=False)
    # rules that find no one: the verb cue is the journalist's, the noun nobody's
    silent = replace(speakers.RULES, **{rule: lambda *_: None})
    assert extract_quotes(DocContext(nlp(text)), silent, learned=False) == []
