"""The per-document facts every stage reads, built once per article.

spaCy rebuilds ``Doc.text`` from every token on each access, builds a new ``Token`` object for
every ``doc[i]`` and a new ``Span`` for every sentence; one ``Doc.to_array`` call gives all the
token columns at once. So the engine builds a ``DocContext`` first and hands it to each stage,
which reads columns by token index instead of asking spaCy again.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LENGTH,
    ORTH,
    POS,
    TAG,
)
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from service.nlp import quotemarks
from service.nlp.quotemarks import Quoted, QuoteMarks

_COLUMNS = [ORTH, IDX, LENGTH, POS, TAG, DEP, HEAD, LEMMA, IS_PUNCT, IS_SPACE]
_COLUMNS += [IS_TITLE, IS_UPPER, IS_ALPHA]
COLUMN = {attr: n for n, attr in enumerate(_COLUMNS)}


@dataclass(eq=False)
class DocContext:
    """One parsed article and its token columns, sentences, paragraphs and quoted spans.

    Columns are lists indexed by token position (``ctx.pos[i]`` is ``doc[i].pos``); string
    columns hold the strings, ``*_id`` columns spaCy's integer ids.
    """

    doc: Doc
    text: str = field(init=False)
    tokens: list[Token] = field(init=False, repr=False)
    orth_id: list[int] = field(init=False, repr=False)
    idx: list[int] = field(init=False, repr=False)
    end: list[int] = field(init=False, repr=False)  # idx + length: the end offset of each token
    pos_id: list[int] = field(init=False, repr=False)
    tag_id: list[int] = field(init=False, repr=False)
    dep_id: list[int] = field(init=False, repr=False)
    head: list[int] = field(init=False, repr=False)  # absolute index of each token's head
    lemma_id: list[int] = field(init=False, repr=False)
    is_punct: list[bool] = field(init=False, repr=False)
    is_space: list[bool] = field(init=False, repr=False)
    capitalized: list[bool] = field(init=False, repr=False)  # title case or all capitals
    is_alpha: list[bool] = field(init=False, repr=False)
    #: the integer columns as one array, rows by token: ``array[:, COLUMN[HEAD]]``
    array: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        doc = self.doc
        n = len(doc)
        self.text = doc.text
        # doc[i] in a list comprehension is ~3x faster than list(doc): Doc.__iter__ is a generator
        self.tokens = [doc[i] for i in range(n)]
        raw = doc.to_array(_COLUMNS).reshape(n, len(_COLUMNS))  # unsigned: ORTH, LEMMA are hashes
        self.array = raw.astype(np.int64)  # signed: HEAD is an offset, often negative
        cols = raw.T.tolist() if n else [[] for _ in _COLUMNS]
        orth, idx, length, pos, tag, dep, _, lemma, punct, space, title, upper, alpha = cols
        self.orth_id, self.idx, self.pos_id, self.tag_id = orth, idx, pos, tag
        self.dep_id, self.lemma_id = dep, lemma
        self.end = [i + k for i, k in zip(idx, length, strict=True)]
        self.head = (np.arange(n) + self.array[:, COLUMN[HEAD]]).tolist()
        self.is_punct = [bool(x) for x in punct]
        self.is_space = [bool(x) for x in space]
        self.capitalized = [bool(a or b) for a, b in zip(title, upper, strict=True)]
        self.is_alpha = [bool(a) for a in alpha]

    def __len__(self) -> int:
        return len(self.tokens)

    # --- strings -------------------------------------------------------------------------------

    @cached_property
    def words(self) -> list[str]:
        """The text of every token."""
        strings = self.doc.vocab.strings
        return [strings[o] for o in self.orth_id]

    @cached_property
    def pos(self) -> list[str]:
        strings = self.doc.vocab.strings
        return [strings[p] for p in self.pos_id]

    @cached_property
    def tag(self) -> list[str]:
        strings = self.doc.vocab.strings
        return [strings[t] for t in self.tag_id]

    # --- sentences and paragraphs --------------------------------------------------------------

    @cached_property
    def sents(self) -> list[SpacySpan]:
        return list(self.doc.sents)

    @cached_property
    def sent_of(self) -> list[int]:
        """The index in ``sents`` of every token's sentence."""
        out = [0] * len(self)
        for si, s in enumerate(self.sents):
            out[s.start : s.end] = [si] * (s.end - s.start)
        return out

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Character ranges of the non-blank lines, stripped."""
        return quotemarks.paragraphs(self.text)

    @cached_property
    def _para_starts(self) -> list[int]:
        return [lo for lo, _ in self.paragraphs]

    def para_of(self, pos: int) -> int:
        """The paragraph holding character ``pos``, or -1 between paragraphs."""
        i = bisect_right(self._para_starts, pos) - 1
        if i >= 0 and pos <= self.paragraphs[i][1]:
            return i
        return -1

    # --- quotation marks -----------------------------------------------------------------------

    @cached_property
    def marks(self) -> QuoteMarks:
        """The quotation marks of the text, paired both ways (``quotemarks.scan``)."""
        return quotemarks.scan(self.text)

    @property
    def quoted(self) -> list[Quoted]:
        """The quotations of the text, paired per paragraph."""
        return self.marks.quoted

    def span(self, start: int, end: int, mode: str = "expand") -> SpacySpan | None:
        """The tokens covering characters ``[start, end)`` (``Doc.char_span``)."""
        return self.doc.char_span(start, end, alignment_mode=mode)
