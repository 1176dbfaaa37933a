"""Where the story is: the byline (its name is the author, not an actor), credit lines and a
title-case headline, whose names the model often mistakes."""

from __future__ import annotations

import re

from service.nlp.actors.words import CALENDAR, NAME_LINK
from service.nlp.types import Span

_BYLINE = re.compile(r"^[ \t]*(?:[Bb]y|BY|Written by|Reporting by)[ \t]+([^\n]+?)[ \t]*$", re.M)
_CREDITS = re.compile(
    r"(?m)(?:^|\()[ \t]*(?:Additional[ \t]+)?(?:Reporting|Editing|Writing|Compiled|Edited|Written)"
    r"[ \t]+by\b[^\n)]*"
)


# "LIMA (Reuters) –", "WASHINGTON (AP) —", "Lagos [Nigeria], May 3 (XNA):"
_DATELINE = re.compile(
    r"^[ \t]*(?P<city>[A-Z][A-Z .'-]{2,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?= ?\[))"
    r"(?: ?\[(?P<country>[A-Z][A-Za-z .'-]{2,40})\])?"
    r"(?:,[^()\n]{1,40}?)? ?(?:\((?P<agency>[A-Za-z .&-]{2,30})\))? ?[:–—―-]",
    re.M,
)


def dateline(text: str) -> str | None:
    """The place of the dateline that opens the story, as written in its country brackets or
    in title case ("Hanoi"), or None."""
    for m in _DATELINE.finditer(text[: min(len(text), 600)]):
        city, country = m.group("city").strip(), m.group("country")
        if not (country or m.group("agency") or city.isupper()):
            continue  # "Chile: Senate Condemns …" is a headline, not a dateline
        if country:
            return country.strip()
        return city.title() if city.isupper() else city
    return None


def find_author(text: str) -> tuple[Span | None, tuple[int, int]]:
    """The byline name within the first lines, and the byline's character range."""
    head = text[: min(len(text), 800)]
    for m in _BYLINE.finditer(head):
        raw = m.group(1)
        parts = re.split(r"\s*(?:,|\||\s[-–—]\s|/)\s*", raw, maxsplit=1)
        cut = parts[0]
        words = cut.split()
        if not 1 <= len(words) <= 8 or raw.rstrip()[-1:] in {".", "!", "?"}:
            continue  # a sentence that starts with "By", not a byline
        if words[0] in CALENDAR or (len(parts) > 1 and _lower_words(parts[1]) > 2):
            continue
        if not words[0][:1].isupper() or not all(w[:1].isupper() or w in NAME_LINK for w in words):
            continue
        s = m.start(1)
        return Span.of(text, s, s + len(cut)), (m.start(), m.end())
    return None, (0, 0)


def excluded_ranges(text: str, byline: tuple[int, int]) -> list[tuple[int, int]]:
    """The byline and credit lines ("(Reporting by …; Editing by …)"): not the story."""
    return [byline, *((m.start(), m.end()) for m in _CREDITS.finditer(text))]


def _lower_words(text: str) -> int:
    return sum(1 for w in text.split() if w[:1].islower() and w not in NAME_LINK)


def headline(text: str) -> tuple[int, int]:
    """The first line when it is a title-case headline, else an empty range."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    words = [w for w in text[start:end].split() if w[:1].isalpha()]
    if len(words) < 3 or len(words) > 30 or not text[end:].strip():
        return (0, 0)  # a one-paragraph text has no headline
    caps = sum(1 for w in words if w[0].isupper())
    return (start, end) if caps >= 0.7 * len(words) else (0, 0)
