"""Statement time: which time expression dates which statement, resolved against the article's
date (``published``) or its dateline; dates inside what was said never do."""

from __future__ import annotations

from datetime import date

import pytest

from service.nlp.context import DocContext
from service.nlp.engine import analyze_doc
from service.nlp.timing import time_statements
from service.nlp.timing.dateline import dateline_date
from service.nlp.timing.resolve import clean, resolve, resolve_absolute

WED = date(2016, 1, 6)  # a Wednesday, six days into a year: weekdays reach back into 2015
MAR_10 = date(2022, 3, 10)  # a Thursday


def _time(nlp, text: str, *, cue: str, published: date | None = None, today: date | None = None):
    """The time of the quote whose cue is ``cue``, as the engine answers it."""
    analysis = analyze_doc(nlp(text), published=published, today=today)
    hits = [q for q in analysis.quotes if q.cue is not None and q.cue.text == cue]
    assert hits, [(q.cue and q.cue.text, q.text) for q in analysis.quotes]
    return hits[0].time


# (text, cue, published, today) → (date, precision, source, the span's text)
DATED = [
    # relative weekdays, before and after the article's own weekday, and the day itself
    ("The minister said on Monday that the talks had failed.", "said", WED, None,
     (date(2016, 1, 4), "day", "text", "Monday")),
    ("The minister said on Friday that the talks had failed.", "said", WED, None,
     (date(2016, 1, 1), "day", "text", "Friday")),
    ("The minister said on Sunday that the talks had failed.", "said", WED, None,
     (date(2016, 1, 3), "day", "text", "Sunday")),
    ("The minister said Wednesday that the talks had failed.", "said", WED, None,
     (WED, "day", "text", "Wednesday")),
    ("The minister said late Sunday that the talks had failed.", "said", WED, None,
     (date(2016, 1, 3), "day", "text", "late Sunday")),
    # month names without a year: the latest such day, across the year's end too
    ("In a statement on Dec. 30, the ministry said the talks had failed.", "said", WED, None,
     (date(2015, 12, 30), "day", "text", "Dec. 30")),
    ("The ministry said in a statement on March 3 that the talks had failed.", "said", WED, None,
     (date(2015, 3, 3), "day", "text", "March 3")),
    ("The ministry said in a statement on March 3 that the talks had failed.", "said", MAR_10,
     None, (date(2022, 3, 3), "day", "text", "March 3")),
    # weeks and months, by their first day
    ("The minister told reporters last week that the talks had failed.", "told", WED, None,
     (date(2015, 12, 28), "week", "text", "last week")),
    ("The minister said earlier this month that the talks had failed.", "said", MAR_10, None,
     (date(2022, 3, 1), "month", "text", "earlier this month")),
    # the time reaches the cue through the occasion or a participle clause
    ('"We will not back down," the minister told reporters on Monday.', "told", WED, None,
     (date(2016, 1, 4), "day", "text", "Monday")),
    ("Speaking to reporters on Monday, the minister said the talks had failed.", "said", WED,
     None, (date(2016, 1, 4), "day", "text", "Monday")),
    # an expression that names its year needs no article date
    ("The minister said on March 3, 2022 that the talks had failed.", "said", None, None,
     (date(2022, 3, 3), "day", "text", "March 3, 2022")),
    # no date given: the article's
    ("The minister said that the talks had failed.", "said", WED, None,
     (WED, "day", "published", None)),
    # a dateline's date is the base when there is no published date
    ("KYIV, March 3, 2022 (Reuters) - The minister said the talks had failed.", "said", None,
     None, (date(2022, 3, 3), "day", "dateline", "March 3, 2022")),
    ("KYIV, March 3 (Reuters) - The minister said the talks had failed.", "said", None, MAR_10,
     (date(2022, 3, 3), "day", "dateline", "March 3")),
    ("Dec. 30 (UPI) — The minister said the talks had failed.", "said", None, date(2023, 1, 5),
     (date(2022, 12, 30), "day", "dateline", "Dec. 30")),
    ("KYIV, March 3 (Reuters) - The minister said on Sunday that the talks had failed.", "said",
     None, MAR_10, (date(2022, 2, 27), "day", "text", "Sunday")),
    ("Metro Manila (Daily News, April 3) — The minister said the talks had failed.", "said",
     None, date(2023, 5, 1), (date(2023, 4, 3), "day", "dateline", "April 3")),
    # published wins over the dateline
    ("KYIV, March 3 (Reuters) - The minister said the talks had failed.", "said",
     date(2022, 3, 4), MAR_10, (date(2022, 3, 4), "day", "published", None)),
    # negative: a date inside what was said is not when it was said
    ("The minister said the 2008 ceasefire had failed.", "said", WED, None,
     (WED, "day", "published", None)),
    ("The minister said parliament will vote on Tuesday.", "said", WED, None,
     (WED, "day", "published", None)),
    ('"Parliament will vote on Tuesday," the minister said.', "said", WED, None,
     (WED, "day", "published", None)),
    ("The minister said the talks, which began in March, had failed.", "said", WED, None,
     (WED, "day", "published", None)),
    # negative: a date after the article's is no date of what it reports
    ("The minister said on March 3, 2017 that the talks had failed.", "said", WED, None,
     (WED, "day", "published", None)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "cue", "published", "today", "want"), DATED)
def test_statement_time(nlp, text, cue, published, today, want):
    time = _time(nlp, text, cue=cue, published=published, today=today)
    assert time is not None
    got = (time.date, time.precision, time.source, time.span.text if time.span else None)
    assert got == want
    if time.span is not None:
        assert text[time.span.start : time.span.end] == time.span.text


UNKNOWN = [
    # no article date and a relative expression, or none at all
    ("The minister said on Sunday that the talks had failed.", None, None),
    ("The minister said that the talks had failed.", None, None),
    # a dateline without a year and no day of analysis to place it
    ("KYIV, March 3 (Reuters) - The minister said the talks had failed.", None, None),
    # a year only, and not the article's: no day or month to give, and not the article's date
    ("The minister said in 2008 that the talks had failed.", WED, None),
]


@pytest.mark.parametrize(("text", "published", "today"), UNKNOWN)
def test_statement_time_unknown(nlp, text, published, today):
    assert _time(nlp, text, cue="said", published=published, today=today) is None


def test_every_quote_is_timed_and_the_base_is_reported(nlp):
    text = '"We are ready," the minister said on Monday. The ministry later said talks had failed.'
    ctx = DocContext(nlp(text))
    analysis = analyze_doc(ctx.doc, published=WED)
    timing = time_statements(ctx, analysis.quotes, published=WED)
    assert timing.base is not None and (timing.base.date, timing.base.source) == (WED, "published")
    assert set(timing.times) == {q.id for q in analysis.quotes}
    assert [q.time for q in timing.dated(analysis.quotes)] == [q.time for q in analysis.quotes]


def test_without_a_date_the_answers_are_the_same_but_for_time(nlp):
    text = "France urged Russia on Monday to halt its attacks, the foreign ministry said."
    dated, undated = (analyze_doc(nlp(text), published=p) for p in (WED, None))
    assert [q.time for q in undated.quotes] == [None] * len(undated.quotes)
    assert any(q.time is not None for q in dated.quotes)
    strip = [q.__class__(**{**_fields(q), "time": None}) for q in dated.quotes]
    assert tuple(strip) == undated.quotes
    assert (dated.actors, dated.stances, dated.relations) == (
        undated.actors,
        undated.stances,
        undated.relations,
    )


def _fields(obj) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}


# --- the parts ----------------------------------------------------------------------------------

RESOLVE = [
    ("Sunday", WED, (date(2016, 1, 3), "day")),
    ("Wednesday", WED, (WED, "day")),
    ("Thursday", WED, (date(2015, 12, 31), "day")),
    ("yesterday", WED, (date(2016, 1, 5), "day")),
    ("last week", WED, (date(2015, 12, 28), "week")),
    ("this week", WED, (date(2016, 1, 4), "week")),
    ("last month", WED, (date(2015, 12, 1), "month")),
    ("Dec. 30", WED, (date(2015, 12, 30), "day")),
    ("three days ago", WED, (date(2016, 1, 3), "day")),
    ("2008", WED, (date(2008, 1, 1), "year")),
    ("tomorrow", WED, None),  # after the article: no statement it reports
    ("the talks", WED, None),
    ("", WED, None),
]


@pytest.mark.parametrize(("expression", "base", "want"), RESOLVE)
def test_resolve(expression, base, want):
    assert resolve(expression, base) == want


@pytest.mark.parametrize(
    ("expression", "want"),
    [
        ("March 3, 2022", (date(2022, 3, 3), "day")),
        ("3 March 2022", (date(2022, 3, 3), "day")),
        ("March 3", None),
        ("Sunday", None),
        ("last week", None),
    ],
)
def test_resolve_absolute(expression, want):
    assert resolve_absolute(expression) == want


@pytest.mark.parametrize(
    ("expression", "cleaned"),
    [
        ("earlier this month", "this month"),
        ("on  Sunday ,", "Sunday"),
        ("this past Sunday", "Sunday"),
        ("this week", "this week"),
        ("late on Sunday", "Sunday"),
    ],
)
def test_clean(expression, cleaned):
    assert clean(expression) == cleaned


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("KYIV, March 3, 2022 (Reuters) - Talks failed.", (date(2022, 3, 3), "March 3, 2022")),
        (
            "Kabul [Afghanistan], October 12 (ANI): Talks failed.",
            (date(2021, 10, 12), "October 12"),
        ),
        ("Headline here\nDec. 21 (UPI) — Talks failed.", (date(2021, 12, 21), "Dec. 21")),
        ("WASHINGTON, 3 March 2022 — Talks failed.", (date(2022, 3, 3), "3 March 2022")),
        # no dateline: a date in the story, a speaker's colon, a dash without an agency
        ("Talks failed on March 3, the minister said.", None),
        ("March 3 was the day talks failed.", None),
        ("Foreign Minister Jan Novak: Talks failed on March 3.", None),
        ("On March 3 - the day talks failed - the minister left.", None),
    ],
)
def test_dateline_date(text, want):
    found = dateline_date(text, today=date(2022, 1, 10))
    assert (None if found is None else (found[0], found[1].text)) == want
