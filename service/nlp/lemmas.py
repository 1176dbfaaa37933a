"""The model's rule lemmatizer, run once per distinct (word, POS, morphology) rather than per token.

spaCy's rule ``Lemmatizer`` visits every token through a ``Token`` object and calls
``rule_lemmatize``, which caches its result by ``(orth, pos, morph)`` but returns before caching
for the commonest case, base forms (singular nouns, infinitives, positive adjectives: each of
those re-reads the token's morphology as a dict), a sizeable share of a first parse
(``docs/design.md``). The lemma is a pure function of the word, its POS
and its morphology (``rule_lemmatize`` reads nothing else), so this component reads those three
columns with one ``Doc.to_array``, asks the stock component once per new triple, remembers every
answer (base forms included) and writes the lemmas back with one ``Doc.from_array``. Tokens that
already have a lemma (set by the attribute ruler's exceptions) keep it, as in spaCy unless the
component was configured to overwrite. The lemmas are the stock component's:
tests/nlp/test_lemmas.py and ``python -m tools.bench.annotations`` compare them token by token.

The component wraps the language's own ``lemmatizer`` (``EnglishLemmatizer`` for English, whose
base-form test the rules need) and hands it serialization, initialization and scoring, so a
pipeline holding it saves and loads like the stock one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY = "nas_memo_lemmatizer"
# Distinct (word, POS, morphology) triples remembered before the memo starts afresh: well above
# what a large news corpus holds, and a few tens of MB at most. A gunicorn worker is recycled
# long before the bound; a long corpus run is what it is for. The bound is checked between
# documents, so one document may take the memo past it by its own distinct words.
MAX_ENTRIES = 100_000
_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class _WordIndex(list):
    """A word list of the ``lemma_index`` table that answers ``in`` from a set.

    ``rule_lemmatize`` tests each candidate form with ``form in index`` on lists of up to 57,528
    words: a linear scan, most of its time on a new word. Staying a ``list`` keeps the table
    serializable (msgpack writes it as the list it was); the answers are the same.
    """

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _index_as_sets(stock: Lemmatizer) -> None:
    # In place: tables handed to ``initialize(lookups=...)`` are the component's from then on,
    # as in spaCy. A word list edited after this would leave its set stale.
    if "lemma_index" not in stock.lookups:
        return
    index = stock.lookups.get_table("lemma_index")
    for pos in list(index):
        if isinstance(index[pos], list) and not isinstance(index[pos], _WordIndex):
            index[pos] = _WordIndex(index[pos])


class MemoLemmatizer:
    """A drop-in for a rule-mode ``Lemmatizer`` (see module docstring); it wraps the stock one."""

    def __init__(self, name: str, stock: Lemmatizer, max_entries: int = MAX_ENTRIES) -> None:
        self.name = name
        self.max_entries = max_entries
        # Keyed by hashes of strings (word, morphology), which are the same in every StringStore;
        # each lemma's string is kept too, so that it can be added to a Doc's own store.
        self._memo: dict[tuple[int, int, int], int] = {}
        self._texts: dict[int, str] = {}
        self.stock = stock
        self.wrap(stock)

    def wrap(self, stock: Lemmatizer) -> None:
        if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
            raise ValueError(f"only a rule lemmatizer can be memoized, not {stock!r}")
        _index_as_sets(stock)
        self.stock = stock
        self.clear()

    def clear(self) -> None:
        self._memo.clear()
        self._texts.clear()
        self.stock.cache.clear()  # spaCy's own cache of inflected forms grows with ours

    def __call__(self, doc: Doc) -> Doc:
        stock = self.stock
        if not stock._validated:
            stock._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        memo = self._memo
        if len(memo) > self.max_entries:
            self.clear()
        keep = not stock.overwrite
        strings = doc.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array(_COLUMNS).tolist()):
            if keep and lemma:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                text = stock.lemmatize(doc[i])[0]
                value = memo[key] = strings.add(text)
                self._texts[value] = text
            lemmas.append(value)
        # A remembered lemma may be absent from this Doc's store: another Vocab, or a string
        # dropped when a ``memory_zone`` closed. (Testing a hash is cheaper than re-adding.)
        for value in set(lemmas):
            if value not in strings:
                strings.add(self._texts[value])
        doc.from_array([LEMMA], np.asarray(lemmas, dtype=np.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # The rest is the stock component's: its tables are what a saved pipeline holds.
    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, **kwargs: Any):
        self.stock.initialize(get_examples, **kwargs)
        self.wrap(self.stock)

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        return self.stock.score(examples, **kwargs)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self.stock.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> MemoLemmatizer:
        self.stock.from_bytes(data, exclude=exclude)
        self.wrap(self.stock)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.stock.to_disk(path, exclude=exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> MemoLemmatizer:
        self.stock.from_disk(path, exclude=exclude)
        self.wrap(self.stock)
        return self


@Language.factory(
    FACTORY,
    assigns=["token.lemma"],
    default_config={
        "model": None,
        "mode": "rule",
        "overwrite": False,
        "max_entries": MAX_ENTRIES,
    },
    default_score_weights={"lemma_acc": 1.0},
)
def make_memo_lemmatizer(
    nlp: Language,
    name: str,
    model: Any,
    mode: str,
    overwrite: bool,
    max_entries: int,
) -> MemoLemmatizer:
    # The language's own "lemmatizer" factory (EnglishLemmatizer for English), with its own
    # scorer: a resolved scorer cannot be passed on through a config.
    stock = nlp.create_pipe(
        "lemmatizer", name=name, config={"model": model, "mode": mode, "overwrite": overwrite}
    )
    return MemoLemmatizer(name, stock, max_entries)


def install(nlp: Language, name: str = "lemmatizer") -> bool:
    """Wrap the rule lemmatizer ``name`` in the memo version; False if it must stay as it is."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
        return False
    memo = nlp.replace_pipe(
        name, FACTORY, config={"overwrite": stock.overwrite, "mode": stock.mode}
    )
    memo.wrap(stock)  # the loaded component, tables and all, in place of the empty new one
    return True
