"""Nominal cues: a noun that reports words ("the ministry's statement that …") has a content only
where someone voices it, and the one it is addressed to is not its content."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    quotes_of,
)

# nominal cues no one voices here: a label, questions faced, support held
NOT_VOICED = [
    ("Correction: An earlier version of this article misstated the date of the vote.", ":"),
    ("The Latest: Trump's leaked taxes were not from Connecticut.", ":"),
    ("Both candidates face questions about their health.", "question"),
    ("Trump consolidates the support of the Republican Party.", "support"),
    # a date is when, not what
    ("But his remarks on Saturday were different, aides said.", "remark"),
    # a noun ending its paragraph without a colon introduces no quotation after it
    (
        "He promised to fill in the gaps in his policy proposals.\n\n"
        "“I’ve learned that I can’t be quite so passionate,” Trump told the crowd.",
        "proposal",
    ),
]


def test_a_noun_ending_its_paragraph_with_a_colon_introduces_the_quotation(nlp):
    text = "Sanders made the following comment:\n\n“For young people the rate is 51 percent.”"
    quotes = quotes_of(nlp, text)
    assert [(q.cue.lemma, q.speaker.text) for q in quotes] == [("comment", "Sanders")]


@pytest.mark.parametrize(("text", "lemma"), NOT_VOICED)
def test_nominal_cues_no_one_voices(nlp, text, lemma):
    assert not [q for q in quotes_of(nlp, text) if q.cue and q.cue.lemma == lemma]


NOT_CONTENT = [
    "Clinton's statements to the FBI were truthful, Comey said.",
    "Mills represented Clinton during the FBI's interview of the former secretary of State.",
    "During a town hall, Tina Houchins had a question for the president about terrorism.",
]


@pytest.mark.parametrize("text", NOT_CONTENT)
def test_a_nominal_cues_addressee_is_not_its_content(nlp, text):
    nominal = [q for q in quotes_of(nlp, text) if q.kind == "nominal"]
    said = " ".join(f.text for q in nominal for f in q.fragments)
    assert not any(w in said for w in ("FBI", "president", "secretary"))
