"""Quotation marks: which characters of a text are inside quotes.

``scan`` is the one scanner: it finds the marks (curly, straight, single, guillemets) in one pass
and pairs them two ways. ``QuoteMarks.quoted``, the quotations the quote rules read, pairs them
per paragraph, keeps nested quotes inside their outer quote, joins multi-paragraph quotes
(opening mark repeated, closing mark only at the end) and drops unbalanced marks instead of
guessing. ``QuoteMarks.runs`` pairs the double marks left to right over the whole text, as
pronoun resolution was tuned with: the quotations give some pronouns other antecedents (a "she"
after a quote goes to another actor), so it keeps this reading until it is re-tuned.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_OPENERS = {"“": "”", "«": "»", "„": "“", "‹": "›", "‘": "’", '"': '"', "'": "'"}
_DOUBLE = {"“", "”", "«", "»", "„", '"', "‹", "›"}
QUOTE_CHARS = frozenset(_OPENERS) | frozenset(_OPENERS.values())
_QUOTE_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(QUOTE_CHARS)) + "]")
_OPEN_CONTEXT = set(" \t\n([{—–-/:\x01") | set(_OPENERS)
_RUN_MARKS = frozenset('“”"«»')


@dataclass(frozen=True, slots=True)
class Quoted:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph end of a multi-paragraph piece)
    chain: int  # pieces of one multi-paragraph quote share a chain id


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """The quotation marks of one text, paired two ways (``scan``)."""

    quoted: list[Quoted]  # the quotations, per paragraph: what the quote rules read
    runs: list[tuple[int, int]]  # double marks paired left to right: for pronoun resolution


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank lines of ``text``, without their edge spaces."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _is_opener(text: str, i: int, lo: int, hi: int) -> bool:
    c = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if nxt.isspace():
        return False
    if c in "“«„‹":
        return True
    if c == '"' and prev in ",:;" and nxt.isalnum():
        return True  # glued to the reporting clause: 'he said,"We …"'
    # straight and single marks open only after a space, a bracket or another mark
    return prev in _OPEN_CONTEXT and ((c != "‘" and c != "'") or nxt.isalnum() or nxt in _OPENERS)


def _is_closer(text: str, i: int, hi: int, opener: str) -> bool:
    c = text[i]
    if c == opener == "“" and i > 0 and not text[i - 1].isspace():
        # a typo'd closing mark (“Frozen“): an opener glued to the word before it closes
        nxt = text[i + 1] if i + 1 < hi else " "
        return nxt.isspace() or nxt in ",.;:!?)"
    if c != _OPENERS[opener] and not (opener in _DOUBLE and c in '”"»›' and c in _DOUBLE):
        return False
    nxt = text[i + 1] if i + 1 < hi else " "
    # ’ and ' followed by a letter are apostrophes (don’t, Azerbaijan’s)
    return not (c in "’'" and nxt.isalpha())


def scan(text: str) -> QuoteMarks:
    """The quotation marks of ``text``, found in one pass and paired both ways; never raises on
    unbalanced marks."""
    # two apostrophes stand for a double quote in some archives (''like this''); same length
    plain = text.replace("''", '\x01"').replace("``", '\x01"')
    marks = [m.start() for m in _QUOTE_RE.finditer(plain)]
    # (the double marks of the text itself: none of them is changed by that replacement)
    doubles = [i for i in marks if plain[i] in _RUN_MARKS and plain[i] == text[i]]
    return QuoteMarks(_quotations(plain, marks), _runs(text, doubles))


def _quotations(text: str, marks: list[int]) -> list[Quoted]:
    """Top-level quoted spans, marks included, paired per paragraph."""
    out: list[Quoted] = []
    paras = paragraphs(text)
    chain = 0
    for pi, (lo, hi) in enumerate(paras):
        stack: list[tuple[str, int]] = []
        for i in marks[bisect_left(marks, lo) : bisect_left(marks, hi)]:
            c = text[i]
            if stack and _is_closer(text, i, hi, stack[-1][0]):
                _, at = stack.pop()
                if not stack:
                    out.append(Quoted(at, i + 1, chain))
                    chain += 1
                continue
            # a closer of an outer quote closes the nested ones left open inside it
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if _is_closer(text, i, hi, stack[k][0])),
                None,
            )
            if depth is not None and stack[depth][0] in _DOUBLE:
                at = stack[depth][1]
                del stack[depth:]
                if not stack:
                    out.append(Quoted(at, i + 1, chain))
                    chain += 1
                continue
            if not stack and c == "”" and i == lo and i + 1 < hi and text[i + 1].isalnum():
                stack.append(("“", i))  # a typo'd opening mark that starts its line: ”Fear. …”
                continue
            if c in _OPENERS and _is_opener(text, i, lo, hi):
                # single marks at top level: only a quote if a closer follows in the paragraph
                if c in "‘'" and not stack and not _has_single_closer(text, i, hi, c):
                    continue
                stack.append((c, i))
        if stack:
            opener, at = stack[0]
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] == opener and opener in _DOUBLE:
                out.append(Quoted(at, hi, chain))  # continues in the next paragraph
                continue
            if out and out[-1].chain == chain and at == lo:
                out.append(Quoted(at, hi, chain))  # last piece lost its closing mark
            elif at == lo and opener in _DOUBLE and hi - lo > 20:
                out.append(Quoted(at, hi, chain))  # a quote paragraph missing its closer
            chain += 1
    return out


def _has_single_closer(text: str, i: int, hi: int, c: str) -> bool:
    closer = _OPENERS[c]
    return any(text[j] == closer and _is_closer(text, j, hi, c) for j in range(i + 2, hi))


def _runs(text: str, doubles: list[int]) -> list[tuple[int, int]]:
    """Double marks paired left to right over the whole text: an opening mark opens (again), a
    straight one opens when none is open, any other closes."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for i in doubles:
        ch = text[i]
        if ch in "“«" or (ch == '"' and opened is None):
            opened = i
        elif opened is not None:
            out.append((opened, i + 1))
            opened = None
    return out
