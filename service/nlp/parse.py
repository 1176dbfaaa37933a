"""Parsing in bounded memory: long texts in paragraph-bounded slices, texts grouped by characters.

spaCy's parse of one long text costs more memory and time than its length alone says: in slices of
a few pages a long text takes about half the memory and less time than in one piece
(``docs/performance.md``). So a text longer than ``slice_chars`` is cut into slices of at most that
many characters, at a paragraph break where there is one (else a line break, a sentence end, any
white space, and only for a text with none of these, anywhere). The slices are parsed apart and
joined back with ``Doc.from_docs`` into one ``Doc`` whose text is exactly the input, so every
offset is unchanged, and the engine analyses the whole article as before. A sentence never spans
two slices; the parser sees no context across a cut (a paragraph break, where it would rarely use
any).

Texts (and slices) go to the parser in groups of at most ``slice_chars`` characters (a longer text
alone), so a batch of long texts holds one group's parse in memory at a time, not ``batch_size``
documents' worth. Between groups, ``check`` is called: the caller's cooperative deadline raises
there to stop the work.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

# Texts up to this long are parsed whole: most news articles are shorter, so slicing stays rare.
SLICE_CHARS = 20_000

# Where a slice may end, best first: after a paragraph break, a line break, a sentence end
# followed by white space, any white space.
_CUTS = (
    re.compile(r"\n\s*?\n\s*"),  # a blank line, white space such as U+00A0 on it included
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),
    re.compile(r"\s+"),
)


def cut_points(text: str, max_chars: int) -> list[int]:
    """Offsets where ``text`` is cut into slices of at most ``max_chars`` characters.

    The slices are ``text[a:b]`` for consecutive offsets ``a, b`` of ``[0, *cut_points, len]``:
    they join back to ``text`` exactly. Each cut is the last one of the best kind in its window.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    points: list[int] = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = window_end  # no boundary at all: cut inside a word
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(text, start, window_end)]
            if ends:
                cut = ends[-1]
                break
        points.append(cut)
        start = cut
    return points


def slices(text: str, max_chars: int) -> list[str]:
    """``text`` cut at :func:`cut_points`; ``"".join(slices(text, n)) == text``."""
    bounds = [0, *cut_points(text, max_chars), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def parse(
    nlp: Language,
    texts: Iterable[str],
    *,
    slice_chars: int = SLICE_CHARS,
    check: Callable[[], None] | None = None,
) -> Iterator[Doc]:
    """One ``Doc`` per text, in order, parsed in groups of at most ``slice_chars`` characters.

    ``check`` (if given) is called before each group: it may raise to stop the work (the
    documents already yielded stay valid). The service does not wrap this in ``nlp.memory_zone()``:
    zones cost CPU on every article (the words of each request become new lexemes again), while a
    worker's memory stays flat without them (``docs/performance.md``).
    """
    pending: list[int] = []  # per text not yet yielded: its number of slices
    group: list[str] = []
    group_chars = 0
    parsed: list[Doc] = []

    def run_group() -> None:
        nonlocal group, group_chars
        if check is not None:
            check()
        parsed.extend(nlp.pipe(group, batch_size=max(1, len(group))))
        group, group_chars = [], 0

    def ready() -> Iterator[Doc]:
        # Yield every text whose slices are all parsed, in input order.
        while pending and len(parsed) >= pending[0]:
            n = pending.pop(0)
            pieces = parsed[:n]
            del parsed[:n]
            yield pieces[0] if n == 1 else Doc.from_docs(pieces, ensure_whitespace=False)

    for text in texts:
        pieces = slices(text, slice_chars) if len(text) > slice_chars else [text]
        pending.append(len(pieces))
        for piece in pieces:
            if group and group_chars + len(piece) > slice_chars:
                run_group()
                yield from ready()
            group.append(piece)
            group_chars += len(piece)
    if group:
        run_group()
    yield from ready()
