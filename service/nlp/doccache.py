"""Per-doc values that spaCy recomputes on every access, computed once and shared by the engine's
modules (``Doc.text`` joins every token; ``iter(doc)`` and ``doc[i]`` build a new ``Token`` object
each time)."""

from __future__ import annotations

import threading

from spacy.tokens import Doc, Token

# One slot per thread, for the doc being analysed. Not a WeakKeyDictionary: Tokens hold their Doc,
# so a cached token list would keep its key alive forever. engine.analyze_doc releases the slot.
_local = threading.local()


def _entry(doc: Doc) -> list:
    entry = getattr(_local, "entry", None)
    if entry is None or entry[0] is not doc:
        entry = _local.entry = [doc, None, None]
    return entry


def text(doc: Doc) -> str:
    """``doc.text``, built once per doc."""
    entry = _entry(doc)
    if entry[1] is None:
        entry[1] = doc.text
    return entry[1]


def tokens(doc: Doc) -> list[Token]:
    """The tokens of ``doc`` as a list (``tokens(doc)[i]`` is ``doc[i]``), built once per doc."""
    entry = _entry(doc)
    if entry[2] is None:
        # doc[i] in a list comprehension is ~3x faster than list(doc): Doc.__iter__ is a generator
        entry[2] = [doc[i] for i in range(len(doc))]
    return entry[2]


def release() -> None:
    """Forget the cached doc of this thread, so that it can be freed."""
    _local.entry = None
