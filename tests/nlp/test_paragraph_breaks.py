"""A line break ends a sentence; other sentence boundaries stay the parser's."""

from __future__ import annotations

import pytest

from service.nlp import paragraph_breaks, pipeline


def _starts(doc) -> list[str]:
    return [s[0].text for s in doc.sents if not s[0].is_space]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # the parser alone runs "… the profession.”⏎Serbia's decision …" into one sentence
        (
            "“We were not guided by the profession or name.”\nSerbia’s decision, he said, “is a "
            "step towards a deterioration.”",
            ["“", "Serbia"],
        ),
        ("First paragraph here\n\nSecond one here.", ["First", "Second"]),
        # no line break: the parser decides, as before
        ("He left. She stayed.", ["He", "She"]),
        ("One sentence, no break at all", ["One"]),
        ("Ends with a break\n", ["Ends"]),
        ("", []),
    ],
)
def test_line_break_starts_a_sentence(nlp, text, starts):
    assert _starts(nlp(text)) == starts


def test_installed_once_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(paragraph_breaks.FACTORY) < names.index("parser")
    assert not paragraph_breaks.install(nlp)  # already there
    assert paragraph_breaks.FACTORY not in pipeline.load(stock=True).pipe_names
