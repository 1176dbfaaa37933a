"""Date arithmetic: a time expression and the article's date in, a day, week or month out.

``dateparser`` does the arithmetic ("last week", "Sunday", "March 3" without a year, "earlier
this month") with the article's date as its base; this module only fixes what news style means
by it. Statements are reported after they are made, so a weekday or a month without a year is
the latest one on or before the base ("on Friday" in a Wednesday article is five days earlier,
"Dec. 30" in a January article is in the year before), and a bare weekday naming the article's
own day is that day, not the week before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

from service.lexicons import timing as lexicon
from service.nlp.types import TimePrecision

Period = TimePrecision | Literal["year"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": False,
}
# two bases far apart: an expression that resolves alike against both names its own year
_PROBES = (date(2001, 6, 15), date(2031, 6, 15))
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=256)
def _parser(base: date) -> DateDataParser:
    # One parser per base date: its settings are fixed at construction, and a corpus has many
    # articles of the same day.
    settings = {**_SETTINGS, "RELATIVE_BASE": datetime(base.year, base.month, base.day)}
    return DateDataParser(languages=["en"], settings=settings)


def clean(expression: str) -> str:
    """The expression as the date arithmetic reads it: one space between words, no leading
    preposition or modifier ("earlier this month" → "this month", "late Sunday" → "Sunday")."""
    text = _SPACES.sub(" ", expression).strip(" ,")
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for word in lexicon.load().modifiers:
            if lowered.startswith(word + " "):
                text, lowered = text[len(word) + 1 :], lowered[len(word) + 1 :]
                changed = True
    return text


def resolve(expression: str, base: date) -> tuple[date, Period] | None:
    """The date ``expression`` gives in an article of ``base``, and how precise it is; weeks are
    given by their Monday and months by their first day. None if it is no date, or one after
    ``base`` (a statement is not reported before it is made)."""
    found = _read(clean(expression), base)
    if found is None or found[0] > base:
        return None
    return found


def resolve_absolute(expression: str) -> tuple[date, Period] | None:
    """The date ``expression`` gives whatever the article's date ("March 3, 2022"), or None for
    an expression that needs one ("Sunday", "March 3")."""
    text = clean(expression)
    first, second = (_read(text, probe) for probe in _PROBES)
    return first if first is not None and first == second else None


def _read(text: str, base: date) -> tuple[date, Period] | None:
    if not text:
        return None
    weekday = text.lower().rstrip(".")
    if weekday in _WEEKDAYS and _WEEKDAYS.index(weekday) == base.weekday():
        return base, "day"
    found = _parser(base).get_date_data(text)
    if found is None or found.date_obj is None:
        return None
    day = found.date_obj.date()
    period: Period = found.period if found.period in ("week", "month", "year") else "day"
    if period == "week":
        day -= timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    elif period == "year":
        day = day.replace(month=1, day=1)
    return day, period
