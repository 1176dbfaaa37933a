"""Statement time: when each quote was said, as a day, a week or a month.

1. The article's date is the base: ``published`` when the request gives it, else the date of the
   dateline that opens the story (``dateline``).
2. The time expression attached to a quote's cue (``expressions``) is resolved against the base
   (``resolve``): "said on Sunday" in an article of Wednesday 6 January is Sunday 3 January.
   An expression that names its own year ("on March 3, 2022") needs no base.
3. A quote whose cue carries no usable expression was made, as far as the text says, on the
   article's date: the base, with its source. With no base either, its time is unknown (None).

A pure function of the article and its quotes; it changes nothing the other stages found.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from service.nlp.context import DocContext
from service.nlp.timing.dateline import dateline_date
from service.nlp.timing.expressions import time_phrase
from service.nlp.timing.resolve import resolve, resolve_absolute
from service.nlp.types import Quote, Span, StatementTime

__all__ = ["Timing", "time_statements"]


@dataclass(frozen=True, slots=True)
class Timing:
    """The article's date (None when neither the request nor a dateline gives one) and the time
    of each quote, by quote id."""

    base: StatementTime | None
    times: Mapping[str, StatementTime | None]

    def dated(self, quotes: Sequence[Quote]) -> tuple[Quote, ...]:
        """``quotes`` with their ``time`` set."""
        return tuple(dataclasses.replace(q, time=self.times.get(q.id)) for q in quotes)


def time_statements(
    ctx: DocContext,
    quotes: Sequence[Quote],
    *,
    published: date | None = None,
    today: date | None = None,
) -> Timing:
    """RETURNS the article's date and the time of every quote.

    ``published`` is the article's date as the request gives it; ``today``, the day of the
    analysis, only dates a dateline that gives no year ("KYIV, March 3 (Reuters) -").
    """
    base = _base(ctx.text, published, today)
    times = {q.id: _quote_time(ctx, q, base) for q in quotes}
    return Timing(base, times)


def _base(text: str, published: date | None, today: date | None) -> StatementTime | None:
    if published is not None:
        return StatementTime(published, "day", "published")
    found = dateline_date(text, today)
    if found is None:
        return None
    day, span = found
    return StatementTime(day, "day", "dateline", span)


def _quote_time(ctx: DocContext, quote: Quote, base: StatementTime | None) -> StatementTime | None:
    if quote.cue is not None:
        cue = ctx.span(quote.cue.start, quote.cue.end)
        phrase = time_phrase(cue.root, _content_test(ctx, quote)) if cue is not None else None
        if phrase is not None:
            span = Span.of(ctx.text, ctx.idx[phrase[0]], ctx.end[phrase[1] - 1])
            found = resolve(span.text, base.date) if base else resolve_absolute(span.text)
            if found is not None and found[1] != "year":
                return StatementTime(found[0], found[1], "text", span)
            if found is not None and base is not None and found[0].year != base.date.year:
                return None  # "said in 2008": not the article's date, and no day or month
    if base is None:
        return None
    # the article's date; a dateline's date keeps pointing at its words
    return base


def _content_test(ctx: DocContext, quote: Quote) -> Callable[[int], bool]:
    """Whether token ``i`` is in the quote's content: what was said, not when."""
    idx, fragments = ctx.idx, [(f.start, f.end) for f in quote.fragments]
    return lambda i: any(start <= idx[i] < end for start, end in fragments)
