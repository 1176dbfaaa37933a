"""What the actor rules read of one article, computed once: normalised words, case, sentences,
the byline and headline, quotation ranges and the titles the article uses."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from service.lexicons import gazetteer as gz
from service.lexicons.cues import load_cues
from service.nlp.actors.layout import dateline, excluded_ranges, find_author, headline
from service.nlp.context import DocContext
from service.nlp.types import Span

#: a title match: (start token, end token, title), end-exclusive
TitleMatch = tuple[int, int, gz.Title]


class ActorFacts:
    """Read-only facts of one article for the actor rules; columns indexed by token."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.text: str = ctx.text
        self.author, byline = find_author(self.text)
        self._excluded = excluded_ranges(self.text, byline)
        self.headline = headline(self.text)
        self.home_country = _country_of_place(dateline(self.text))
        self._quotes = ctx.marks.runs
        self._quote_starts = [qs for qs, _ in self._quotes]  # sorted, the ranges never overlap
        self.idx, self.texts, self.pos, self.tag = ctx.idx, ctx.words, ctx.pos, ctx.tag
        self.cap, self.alpha = ctx.capitalized, ctx.is_alpha
        self.sent = ctx.sent_of
        self.words = [gz.norm(t) for t in self.texts]  # typographic apostrophes made plain
        self.lower = [w.lower() for w in self.words]
        self.speaker_verbs = load_cues().speaker_verbs
        self.titles_by_end, self._title_at = self._match_titles()

    def in_byline(self, start_char: int) -> bool:
        """In the byline or a credit line ("(Reporting by …; Editing by …)"): not the story."""
        return any(s <= start_char < e for s, e in self._excluded)

    def quote_at(self, pos: int) -> int:
        """The index of the quoted range holding ``pos``, or -1 (bisect: the ranges are sorted
        and disjoint, so only the last one starting at or before ``pos`` can hold it)."""
        n = bisect_right(self._quote_starts, pos) - 1
        return n if n >= 0 and pos < self._quotes[n][1] else -1

    def title_covering(self, i: int) -> TitleMatch | None:
        """The longest title match that covers token ``i``."""
        return self._title_at.get(i)

    def name_words(self, s: int, e: int) -> tuple[str, ...]:
        """The words of a name in tokens [s, e): letters and hyphenated parts, no punctuation."""
        return tuple(self.words[i] for i in range(s, e) if self.alpha[i] or "-" in self.words[i])

    def char_range(self, s: int, e: int) -> tuple[int, int]:
        """Characters of tokens [s, e)."""
        return self.idx[s], self.idx[e - 1] + len(self.texts[e - 1])

    def span(self, start: int, end: int) -> Span:
        return Span.of(self.text, start, end)

    def _match_titles(self) -> tuple[dict[int, tuple[int, gz.Title]], dict[int, TitleMatch]]:
        """Title matches by end token (the longest per end), and the longest covering each
        token."""
        by_end: dict[int, tuple[int, gz.Title]] = {}
        firsts = gz.TITLES.firsts
        for i, w in enumerate(self.lower):
            # (no entry starts with most words: skip the call)
            hit = gz.TITLES.match(self.lower, i) if w in firsts else None
            if hit:
                n, title = hit
                prev = by_end.get(i + n)
                if prev is None or prev[0] > i:
                    by_end[i + n] = (i, title)
        title_at: dict[int, TitleMatch] = {}
        for end, (start, title) in by_end.items():
            for i in range(start, end):
                best = title_at.get(i)
                if best is None or end - start > best[1] - best[0]:
                    title_at[i] = (start, end, title)
        return by_end, title_at


def _country_of_place(place: str | None) -> str | None:
    """The country a dateline's place names: a country, or a capital of the gazetteer."""
    if not place:
        return None
    words = [gz.norm(w) for w in gz.tokens_of(place)]
    hit = gz.NAMES.match(words, 0)
    if hit and hit[0] == len(words) and hit[1][0].kind in {"country", "capital", "demonym"}:
        return hit[1][0].country
    return None
