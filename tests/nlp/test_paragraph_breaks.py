"""A line break ends a sentence, and so does an opening dateline; other sentence boundaries
stay the parser's."""

from __future__ import annotations

import pytest

from service.nlp import paragraph_breaks, pipeline


def _starts(doc) -> list[str]:
    return [s[0].text for s in doc.sents if not s[0].is_space]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # the parser alone runs a headline into the paragraph after it
        ("Talks end without a deal\nThe minister left early on Friday.", ["Talks", "The"]),
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


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("(Daily.Ex) — U.S. Embassy in Oslo said it was alarmed.", "U.S."),
        ("WASHINGTON, Dec. 8 (UPI) — The senator said no.", "The"),
        ("LIMA (Reuters) – Peru protested on Wednesday.", "Peru"),
        ("PORTLAND, Maine - On Friday morning the count began.", "On"),
        ("Lagos [Nigeria], May 3 (XNA): Ghana called for calm.", "Ghana"),
        ("The report said no.\nMOSCOW — Russia said yes.", "Russia"),
        # not datelines: an apposition between dashes, a transcript's speaker, a title-case word
        ("Jason Sims — a teacher from Ohio — says he is fine.", None),
        ("TAPPER: Do you think so?", None),
        ("Chile: Senate condemns the shooting", None),
        ("The minister — visibly angry — said no.", None),
        ("Sen. Jane Doe (D-Calif.) — who chairs the panel — said the bill was dead.", None),
        ("NATO — the Western alliance — said the talks had failed.", None),
    ],
)
def test_an_opening_dateline_ends_a_sentence(nlp, text, second):
    doc = nlp(text)
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0 and not doc[t.i - 1].is_space]
    if second is None:
        assert all(not doc[t.i].is_sent_start for t in doc[1:4]), starts
    else:
        assert second in starts


def test_installed_once_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(paragraph_breaks.FACTORY) < names.index("parser")
    assert not paragraph_breaks.install(nlp)  # already there
    assert paragraph_breaks.FACTORY not in pipeline.load(stock=True).pipe_names
