"""Where a content ends: clauses with a speaker of their own, nested statements, the narrative a
content leaves out, parenthetical reporting clauses."""

from __future__ import annotations

import pytest

from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from tests.nlp.helpers import (
    quotes_of,
    reparsed,
)

# (text, [(cue lemma, content)]): a relative clause with a speaker of its own is that speaker's
# quote, not part of the outer one's
OWN_CLAUSES = [
    (
        "Novak warned that sanctions are possible against Sweden in its drive to pursue its "
        "interests which he claimed are undermined by the pipeline.",
        [
            (
                "warn",
                "that sanctions are possible against Sweden in its drive to pursue its interests",
            ),
            ("claim", "which are undermined by the pipeline"),
        ],
    ),
    (
        "Officials said the river may be harmed by the dam which the neighbours dismiss as a myth.",
        [("say", "the river may be harmed by the dam"), ("dismiss", "which as a myth")],
    ),
    # negative: a defining clause says which plan, it reports nothing
    (
        "He said the plan the minister announced on Monday was flawed.",
        [("say", "the plan the minister announced on Monday was flawed")],
    ),
    (
        "He said the reforms that the president promised had stalled.",
        [("say", "the reforms that the president promised had stalled")],
    ),
    # negative: a relative clause without a cue stays in the content
    (
        "The minister said the talks had failed over the islands which the navy patrols.",
        [("say", "the talks had failed over the islands which the navy patrols")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), OWN_CLAUSES)
def test_a_relative_clause_with_its_own_speaker(nlp, text, expected):
    got = [(q.cue.lemma, " ".join(f.text for f in q.fragments)) for q in quotes_of(nlp, text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'The minister said "we will cross that bridge later," when asked about the sanctions.',
            '"we will cross that bridge later,"',
        ),
        # negative: a question the speaker asks is part of what is said
        (
            "The minister said she had asked about the sanctions.",
            "she had asked about the sanctions",
        ),
    ],
)
def test_a_question_put_to_the_speaker_is_not_what_was_said(nlp, text, content):
    (said,) = [q for q in quotes_of(nlp, text) if q.cue and q.cue.lemma == "say"]
    assert " ".join(f.text for f in said.fragments) == content


# the participle naming a noun's source: "on" and "to" after it say when and to whom, not what
@pytest.mark.parametrize(
    "text",
    [
        "The statement issued by the ministry on Tuesday was brief.",
        "The remarks made by the envoy to reporters were brief.",
    ],
)
def test_when_and_to_whom_are_no_content(nlp, text):
    assert [q for q in quotes_of(nlp, text) if q.kind == "nominal"] == []


# (text, [(cue lemma, speaker's words)]): a reported statement inside another is a quote too
NESTED = [
    (
        "The defence chief has rejected Moscow's claim that the drone was spying.",
        [("reject", "The defence chief"), ("claim", "Moscow")],
    ),
    (
        "The embassy dismissed the ministry's allegations that its staff had spied.",
        [("dismiss", "The embassy"), ("allegation", "the ministry")],
    ),
    # a quoted report inside a report: both stand
    (
        "The spokesman said that Lee “urged the rebels to cease hostilities at once and to pull "
        "their forces back from the border.”",
        [("say", "The spokesman"), ("urge", "Lee")],
    ),
    # negative: a channel after the words reports no statement of its own
    (
        '"Moscow is concerned about the escalation," the Russian ministry said, as reported by '
        "CNN on Monday.",
        [("say", "the Russian ministry")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested_statements(nlp, text, expected):
    quotes = quotes_of(nlp, text)
    got = [(q.cue.lemma, q.speaker.text if q.speaker else None) for q in quotes if q.cue]
    assert got == expected


def test_parenthetical_reporting_clause(nlp):
    quotes = quotes_of(nlp, "The bigger risk, he said, is a clash at sea.")
    assert len(quotes) == 1 and quotes[0].speaker.text == "he"
    assert [f.text for f in quotes[0].fragments] == ["The bigger risk", "is a clash at sea"]


def test_possessor_parsed_as_the_object_keeps_what_it_possesses(nlp):
    # "Chad" and "plans" both objects of "described", as the parser sometimes reads it
    doc = reparsed(
        nlp, "He also described Chad’s alleged “plans for war” as “lies”.", {3: ("dobj", 2)}
    )
    assert [
        [f.text for f in q.fragments] for q in extract_quotes(DocContext(doc), speakers.RULES)
    ] == [["Chad’s alleged “plans for war” as “lies”"]]


# (text, cue lemma, content): where a content ends. A past "after" clause after a demanded act
# says when the demand was made, a ", who …" clause at the end describes a person for the
# reader; a clause of the demand itself, or a "which" clause (the speaker's as often as not),
# stays
CONTENT_ENDS = [
    (
        "The United Nations is urging Chad and Sudan to “exercise maximum restraint” after a "
        "violent fight broke out Monday between soldiers.",
        "urge",
        "Chad and Sudan to “exercise maximum restraint”",
    ),
    (
        "The envoy urged both sides to leave the city before the fighting resumes.",
        "urge",
        "both sides to leave the city before the fighting resumes",
    ),
    # instructions reported in the past: the clause may be the instruction's
    (
        "The mayor told residents to stay indoors while crews cleared the roads.",
        "tell",
        "residents to stay indoors while crews cleared the roads",
    ),
    (
        "The governor said he expects the bill to pass with help from Senator Smith, who served "
        "two terms as mayor.",
        "say",
        "he expects the bill to pass with help from Senator Smith",
    ),
    (
        "The governor said he expects the bill to pass next week, which would end the dispute.",
        "say",
        "he expects the bill to pass next week, which would end the dispute",
    ),
    # bare verbs after the infinitive go on with its list, wherever the parser hung them
    (
        "Clinton wants to triple the size of the AmeriCorps program, grow the Peace Corps and "
        "create a new national service reserve program.",
        "want",
        "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
        "national service reserve program",
    ),
    (
        "The mayor wants to close the road. Reopen it, the residents say.",
        "want",
        "to close the road",
    ),
]


@pytest.mark.parametrize(("text", "lemma", "content"), CONTENT_ENDS)
def test_where_a_content_ends(nlp, text, lemma, content):
    quotes = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.lemma == lemma]
    assert [q.fragments[0].text for q in quotes] == [content]
