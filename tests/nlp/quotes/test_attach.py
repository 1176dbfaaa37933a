"""Quotations attached to cues: multi-paragraph quotes, continuations, interrupted quotations,
transcript turns, block quotations after a colon, scare quotes and subheads."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    quotes_of,
)


def test_multi_paragraph_quote_is_one_quote(nlp):
    text = (
        "The senator said: “The bill is dead. We will not vote for it.\n\n"
        "“We will fight it in every committee and on the floor.”\n\nThe vote is on Friday."
    )
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    joined = " ".join(f.text for f in quotes[0].fragments)
    assert "every committee" in joined and "The vote is on Friday" not in joined


def test_continuation_sentence_joins_the_quote(nlp):
    text = "“The bill is dead,” the senator said. “We will not vote for it.”"
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1 and len(quotes[0].fragments) == 2


def test_quote_paragraph_without_cue_continues_speaker(nlp):
    text = (
        "“The bill is dead,” the senator said.\n\n"
        "“We will not vote for it under any circumstances, and neither will our allies.”"
    )
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 2
    assert quotes[1].speaker == quotes[0].speaker and quotes[1].cue is None
    assert quotes[1].confidence < quotes[0].confidence


# '“A,” X said, “B.”': one quote in two fragments, whichever part the parser made the complement
INTERRUPTED = [
    (
        "“Now that I don’t have to be politically correct anymore,” he told the host, “it was "
        "demoralizing to work for Obama.”",
        "he",
        2,
    ),
    (
        '"If you look back and check the transcripts," Scott said, "I could have written those '
        'things last week."',
        "Scott",
        2,
    ),
    # a one-word opening, the reporting verb left bare by the parser; "Mr." ends no sentence
    ("“Yes,” he said, “we will vote for the bill next week.”", "he", 2),
    (
        "“If you look back,” Mr. Obama said, “I could have written those things last week.”",
        "Mr. Obama",
        2,
    ),
    # two apostrophes for a double mark, the second part a sentence of its own
    (
        "The plan drew fire. ''It's more tinkering at the edges,'' said Alan Cole, an economist "
        "at the Tax Foundation's policy center. ''I wouldn't call it reform.''",
        "Alan Cole",
        2,
    ),
]


@pytest.mark.parametrize(("text", "speaker", "fragments"), INTERRUPTED)
def test_interrupted_quotation_is_one_quote(nlp, text, speaker, fragments):
    quotes = quotes_of(nlp, text)
    assert [(q.speaker.text, len(q.fragments)) for q in quotes] == [(speaker, fragments)]


@pytest.mark.parametrize(
    "text",
    [
        # the quotation before is another's: a full stop ends it
        "“The bill is dead.” The senator said, “we will not vote for it.”",
        # a title before the reporting clause is no part of the quote
        "“Shark Tank,” the host said, “is back on the air next week with new investors.”",
        # a clause of its own between them: its own quote
        '"Filth out!" she wrote, arguing that if tougher measures against refugees were not '
        'deployed, "more asylum seekers\' homes will burn."',
    ],
)
def test_a_quotation_before_a_reporting_clause_stays_apart(nlp, text):
    quotes = quotes_of(nlp, text)
    assert quotes and all(len(q.fragments) == 1 for q in quotes)


def test_transcript_turns_are_quotes_of_their_speakers(nlp):
    text = (
        "Partial transcript as follows:\n\n"
        "\"WALLACE: Let's start with breaking news on the debate story. Trump invited Gennifer "
        "Flowers to the debate.\n\n"
        '"(CROSSTALK.)\n\n'
        '"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of "Shark '
        "Tank.\" It's serious business.\n\n"
        '"But the truth is that Donald Trump has a unique way of talking to the people.\n\n'
        '"WALLACE: Do you really see those two as equivalent?'
    )
    quotes = quotes_of(nlp, text)
    got = [(q.speaker.text, q.fragments[0].text.split()[0]) for q in quotes]
    assert got == [("WALLACE", "Let's"), ("PENCE", "Well,"), ("PENCE", '"But'), ("WALLACE", "Do")]
    # verbatim turns (a title quoted inside one may make it read as mixed)
    assert all(q.type in {"direct", "mixed"} for q in quotes)


def test_block_quotation_after_a_colon_is_the_cues_content(nlp):
    text = (
        "Rush Limbaugh was not impressed. Limbaugh added:\n\n"
        "And from a supposed front-runner, this reeks of the greatest fear that I have ever seen."
        "\n\nThe debate is on Monday."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.speaker.text, q.fragments[0].text[:22]) for q in quotes] == [
        ("Limbaugh", "And from a supposed fr")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“Bottom Line: the deal is not good enough for us at all,” the senator's aide wrote.",
        '"Breaking Bad: the final season" premieres on Sunday night on the cable channel.',
    ],
)
def test_a_quotation_opening_with_a_label_is_no_transcript_turn(nlp, text):
    assert not [q for q in quotes_of(nlp, text) if q.cue and q.cue.lemma == ":"]


def test_block_quotation_after_a_cue_and_its_own_words(nlp):
    text = (
        "Limbaugh said on his show:\n\n"
        "This is the greatest fear I have ever seen in a candidate for president."
    )
    quotes = quotes_of(nlp, text)
    assert [(q.speaker.text, q.fragments[0].text[:12]) for q in quotes] == [
        ("Limbaugh", "This is the ")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a heading after the colon, or another introduction
        "He said:\n\nTRANSCRIPT\n\nThe debate is on Monday night in New York.",
        "Smith said:\nJones added:\nThe debate is on Monday night in New York.",
        # no one speaks: a list after a colon
        "The rules are simple:\n\nNo one may enter the building after dark.",
        # the cue has its content in its own paragraph
        "Limbaugh added that the debate was rigged:\n\nThe debate is on Monday night in New York.",
    ],
)
def test_a_paragraph_after_a_colon_needs_a_bare_cue(nlp, text):
    quotes = quotes_of(nlp, text)
    assert not [
        q
        for q in quotes
        if ("Monday" in q.fragments[0].text and q.speaker.text != "Jones")
        or "No one" in q.fragments[0].text
        or "TRANSCRIPT" in q.fragments[0].text
    ]


def test_a_quoted_subhead_does_not_continue_the_speaker(nlp):
    text = (
        "“The bill is dead,” the senator said.\n\n'All Bets Are Off.'\n\n"
        "The vote is on Friday, and the count is close."
    )
    assert [q.fragments[0].text for q in quotes_of(nlp, text)] == ["“The bill is dead,”"]


# (text, the contents of its quotes): a few quoted words inside the reported clause are no
# direct quote of the verb before them; a whole quotation after the verb is
SCARE_QUOTES = [
    ("It said it 'rejects' the ruling that the border is not open to debate.", []),
    ("The ministry said it “deplores” the decision of the council.", []),
    ("The ministry said: “We deplore the decision.”", ["“We deplore the decision.”"]),
    ("The minister said “no” when asked.", ["“no”"]),  # the word is what he said
    ("Asked about the talks, he said “no.”", ["“no.”"]),
]


@pytest.mark.parametrize(("text", "contents"), SCARE_QUOTES)
def test_scare_quotes_after_a_bare_verb(nlp, text, contents):
    direct = [q for q in quotes_of(nlp, text) if q.type == "direct"]
    assert [" ".join(f.text for f in q.fragments) for q in direct] == contents


def test_reporting_clause_introduces_next_paragraph(nlp):
    text = (
        "As the analyst observed, the winner was the network itself:\n\n"
        "“The clear winner of the debate was the network, which ran two fair sessions.”"
    )
    quotes = quotes_of(nlp, text)
    assert any(q.speaker and q.speaker.text == "the analyst" and q.type == "direct" for q in quotes)
