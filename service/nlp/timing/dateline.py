"""The date of the dateline that opens a story: "KYIV, March 3 (Reuters) -", "Dec. 21 (UPI) —",
"Metro Manila (CNN Philippines, April 3) —", "Kabul [Afghanistan], October 12 (ANI):"."""

from __future__ import annotations

import re
from datetime import date

from service.nlp.timing.resolve import resolve, resolve_absolute
from service.nlp.types import Span

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {_MONTH}(?:,? \d{{4}})?)"
_PLACE = r"[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3}"
_AGENCY = r"[^()\n]{2,30}"
_END = r" ?(?:[–—―:]|--?) "
# A place and a date, with an agency or a country; a place and an agency with the date inside;
# or a date and an agency: each must end in a dash or a colon before the story.
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:{_PLACE}(?: ?\[[^\[\]\n]{{2,40}}\])?, (?P<a>{_DATE})(?: ?\({_AGENCY}\))?"
    rf"|{_PLACE} ?\([^()\n,]{{2,30}}, (?P<b>{_DATE})\)"
    rf"|(?P<c>{_DATE}) ?\({_AGENCY}\)){_END}"
)
HEAD_CHARS = 600  # a dateline opens the story: after a headline and a byline at most


def dateline_date(text: str, today: date | None) -> tuple[date, Span] | None:
    """The dateline's date and its words. A date without a year is the latest such day on or
    before ``today`` (the day of the analysis); without ``today`` it gives none."""
    for m in _DATELINE.finditer(text[:HEAD_CHARS]):
        group = next(g for g in ("a", "b", "c") if m.group(g))
        span = Span.of(text, m.start(group), m.end(group))
        found = resolve_absolute(span.text)
        if found is None and today is not None:
            found = resolve(span.text, today)
        if found is not None and found[1] == "day":
            return found[0], span
        return None
    return None
