"""The model's attribute rules (tag → POS and morphology, lemma and POS exceptions), run on arrays.

``en_core_web_sm``'s ``attribute_ruler`` matches its 179 rules with spaCy's Matcher and then sets
each matched token's attributes with one Python call per match, which costs as much of the parse
as all of this service's rules (``docs/performance.md``). Every one of its
rules is a fixed-length sequence of token tests (an attribute equal to a value, in or not in a
set, or a regex on a string attribute), so all tokens can be tested at once with numpy and the
result written back with one ``Doc.from_array``. The rules are read from the loaded model; they
are applied in the model's order (a later rule wins, as in spaCy), and the annotations are the
same as the stock component's: tests/nlp/test_attribute_rules.py compares them token by token and
``python -m tools.bench.annotations`` checks a whole corpus.

A model whose rules use anything else (operators, extension attributes, other predicates) keeps
its stock component: :func:`compile_rules` returns ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

FACTORY = "nas_attribute_rules"

# Attributes whose stored value is what spaCy's Matcher compares a pattern with (a string's hash, a
# symbol, a 0/1 flag). Not MORPH (the Matcher normalises feature order), SENT_START (it reads
# 1/0 against -1/0/1) or ENT_IOB (given as letters): rules testing those keep the stock component.
_READABLE = frozenset(
    {IDS[a] for a in ("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LEMMA")}
    | {IDS[a] for a in ("POS", "TAG", "DEP", "ENT_TYPE")}
    | {v for k, v in IDS.items() if k.startswith(("IS_", "LIKE_")) and k != "IS_SENT_START"}
)
# Token attributes that Doc.from_array writes exactly as spaCy's set_token_attrs does.
_WRITABLE = frozenset(IDS[a] for a in ("POS", "TAG", "DEP", "LEMMA", "MORPH", "NORM"))

# A token test: the column of the attribute it reads and a vectorised predicate over that column.
_Test = tuple[int, Callable[[np.ndarray], np.ndarray]]


@dataclass(frozen=True, slots=True)
class _Pattern:
    tests: tuple[tuple[_Test, ...], ...]  # one test list per token of the pattern
    needs: tuple[tuple[int, int], ...]  # (column, value) its equality tests require in the doc


@dataclass(frozen=True, slots=True)
class _Rule:
    patterns: tuple[_Pattern, ...]
    index: int  # which token of a match gets the attributes (negative: from the end)
    attrs: tuple[tuple[int, int], ...]  # (column in the output, value)


class ArrayAttributeRuler:
    """A drop-in for spaCy's ``AttributeRuler`` built from its patterns (see module docstring)."""

    def __init__(self, vocab: Vocab, patterns: list[dict[str, Any]]) -> None:
        compiled = compile_rules(vocab, patterns)
        if compiled is None:
            raise ValueError("these attribute rules need spaCy's own AttributeRuler")
        self.vocab = vocab
        self.patterns = patterns
        self._read, self._write, self._rules = compiled

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or not self._rules:
            return doc
        cols = doc.to_array(self._read).reshape(n, len(self._read))
        out = doc.to_array(self._write).reshape(n, len(self._write))
        # Most rules test for one tag or word: those absent from the doc are skipped untested.
        present = [set(np.unique(cols[:, c]).tolist()) for c in range(len(self._read))]
        changed = np.zeros(len(self._write), dtype=bool)
        for rule in self._rules:
            targets = _match(rule, cols, n, present)
            if targets.size:
                for col, value in rule.attrs:
                    out[targets, col] = value
                    changed[col] = True
        if changed.any():
            keep = np.flatnonzero(changed)
            doc.from_array([self._write[c] for c in keep], out[:, keep])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def _match(rule: _Rule, cols: np.ndarray, n: int, present: list[set[int]]) -> np.ndarray:
    """Token positions that ``rule`` assigns attributes to, over the whole doc."""
    hits = []
    for pattern in rule.patterns:
        tests = pattern.tests
        k = len(tests)
        if k > n or any(v not in present[c] for c, v in pattern.needs):
            continue
        ok = np.ones(n - k + 1, dtype=bool)  # pattern start positions
        for offset, token_tests in enumerate(tests):
            for col, pred in token_tests:
                ok &= pred(cols[offset : n - k + 1 + offset, col])
        starts = np.flatnonzero(ok)
        if starts.size:
            hits.append(starts + (rule.index if rule.index >= 0 else k + rule.index))
    if not hits:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(hits))


def compile_rules(
    vocab: Vocab, patterns: list[dict[str, Any]]
) -> tuple[list[int], list[int], list[_Rule]] | None:
    """(attributes to read, attributes to write, rules), or None for an unsupported rule."""
    read: list[int] = []
    write: list[int] = []
    rules: list[_Rule] = []

    def column(cols: list[int], attr: int) -> int:
        if attr not in cols:
            cols.append(attr)
        return cols.index(attr)

    for spec in patterns:
        compiled_patterns = []
        for pattern in spec["patterns"]:
            token_tests = []
            needs = []
            for token in pattern:
                tests = []
                for key, wanted in token.items():
                    attr = IDS.get(key.upper()) if isinstance(key, str) else None
                    pred = _predicate(vocab, wanted)
                    if attr not in _READABLE or pred is None:
                        return None
                    tests.append((column(read, attr), pred))
                    if isinstance(wanted, str | int):  # bool included
                        needs.append((column(read, attr), _id(vocab.strings, wanted)))
                token_tests.append(tuple(tests))
            if not token_tests:
                return None
            compiled_patterns.append(_Pattern(tuple(token_tests), tuple(needs)))
        if "_" in spec["attrs"]:
            return None  # extension attributes
        index = int(spec.get("index", 0))
        if not all(-len(p.tests) <= index < len(p.tests) for p in compiled_patterns):
            return None  # spaCy raises E1001 on such a match
        attrs = normalize_token_attrs(vocab, dict(spec["attrs"]))
        if not set(attrs) <= _WRITABLE:
            return None  # lexeme attributes: spaCy writes them to the vocabulary too
        rules.append(
            _Rule(
                patterns=tuple(compiled_patterns),
                index=index,
                attrs=tuple((column(write, a), int(v)) for a, v in attrs.items()),
            )
        )
    return read, write, rules


class _Equals:
    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = np.uint64(value)

    def __call__(self, col: np.ndarray) -> np.ndarray:
        return col == self.value


class _In:
    __slots__ = ("negate", "values")

    def __init__(self, values: np.ndarray, negate: bool) -> None:
        self.values, self.negate = values, negate

    def __call__(self, col: np.ndarray) -> np.ndarray:
        found = np.isin(col, self.values)
        return ~found if self.negate else found


class _Regex:
    """The regex runs once per distinct value, on its string, as spaCy's Matcher reads it."""

    __slots__ = ("regex", "strings")

    def __init__(self, pattern: str, strings: Any) -> None:
        self.strings, self.regex = strings, re.compile(pattern)

    def __call__(self, col: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(col, return_inverse=True)
        strings, regex = self.strings, self.regex
        found = np.fromiter(
            (bool(regex.search(strings[int(u)])) for u in uniq), dtype=bool, count=len(uniq)
        )
        return found[inverse]


# Classes rather than closures: a pipeline handed to worker processes started by spawn or
# forkserver (nlp.pipe(n_process=...) off Linux, or on Python >= 3.14) must pickle.
def _predicate(vocab: Vocab, wanted: Any) -> Callable[[np.ndarray], np.ndarray] | None:
    strings = vocab.strings
    if isinstance(wanted, bool):
        return _Equals(int(wanted))
    if isinstance(wanted, str | int):
        return _Equals(_id(strings, wanted))
    if not isinstance(wanted, dict) or len(wanted) != 1:
        return None
    ((op, arg),) = wanted.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        values = np.asarray([_id(strings, v) for v in arg], dtype=np.uint64)
        return _In(values, negate=op == "NOT_IN")
    if op == "REGEX" and isinstance(arg, str):
        return _Regex(arg, strings)
    return None


def _id(strings: Any, value: str | int | bool) -> int:
    return int(value) if isinstance(value, int) else int(strings[value])


@Language.factory(FACTORY, default_config={"patterns": []})
def make_array_attribute_ruler(
    nlp: Language, name: str, patterns: list[dict[str, Any]]
) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(nlp.vocab, patterns)


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the stock attribute ruler ``name`` for the array version; False if it must stay."""
    if name not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe(name).patterns
    if compile_rules(nlp.vocab, patterns) is None:
        return False
    nlp.replace_pipe(name, FACTORY, config={"patterns": patterns})
    return True
