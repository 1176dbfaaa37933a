"""The model's rule lemmatizer, run once per distinct (word, POS, morphology) rather than per token.

spaCy's rule ``Lemmatizer`` visits every token through a ``Token`` object and calls
``rule_lemmatize``, which caches its result by ``(orth, pos, morph)`` but returns before caching
for the commonest case, base forms (singular nouns, infinitives, positive adjectives: each of
those re-reads the token's morphology as a dict). Profiled on PolNeAR dev it took 2.1 s of an
18 s first pass and 0.22 s of a 13 s warm one. The lemma is a pure function of the word, its POS
and its morphology (``rule_lemmatize`` reads nothing else), so this component reads those three
columns with one ``Doc.to_array``, asks the stock component once per new triple, remembers every
answer (base forms included) and writes the lemmas back with one ``Doc.from_array``. Tokens that
already have a lemma (set by the attribute ruler's exceptions) keep it, as in spaCy unless the
component was configured to overwrite. The lemmas are the stock component's:
tests/test_lemmas.py and ``python -m service.bench.annotations`` compare them token by token.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY = "nas_memo_lemmatizer"
# Distinct (word, POS, morphology) triples remembered before the memo starts afresh: PolNeAR train
# + dev + the seed (841,634 tokens) have 37,280; an entry takes ~300 bytes. A gunicorn worker is
# recycled long before the bound; a long corpus run is what it is for.
MAX_ENTRIES = 100_000
_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class MemoLemmatizer:
    """A drop-in for a rule-mode ``Lemmatizer`` (see module docstring); it wraps the stock one."""

    def __init__(self, name: str, max_entries: int = MAX_ENTRIES) -> None:
        self.name = name
        self.max_entries = max_entries
        self.stock: Lemmatizer | None = None
        self._memo: dict[tuple[int, int, int], int] = {}

    def wrap(self, stock: Lemmatizer) -> None:
        if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
            raise ValueError(f"only a rule lemmatizer can be memoized, not {stock!r}")
        # rule_lemmatize tests each candidate form with ``form in index``, where the index is
        # a list of up to 57,528 words (a linear scan, most of its time on a new word); as a set the
        # answer is the same. The table belongs to this pipeline's own component.
        index = stock.lookups.get_table("lemma_index", {})
        for pos in list(index):
            if isinstance(index[pos], list):
                index[pos] = frozenset(index[pos])
        self.stock = stock
        self._memo.clear()

    def __call__(self, doc: Doc) -> Doc:
        stock = self.stock
        if stock is None:
            raise RuntimeError("the memo lemmatizer has no stock lemmatizer to wrap")
        n = len(doc)
        if not n:
            return doc
        if not stock._validated:
            stock._validate_tables(Errors.E1004)
        memo = self._memo
        if len(memo) > self.max_entries:
            memo.clear()
            stock.cache.clear()  # spaCy's own cache of inflected forms grows with ours
        add = stock.vocab.strings.add
        keep = not stock.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array(_COLUMNS).tolist()):
            if keep and lemma:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = add(stock.lemmatize(doc[i])[0])
            lemmas.append(value)
        doc.from_array([LEMMA], np.asarray(lemmas, dtype=np.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY, default_config={"max_entries": MAX_ENTRIES})
def make_memo_lemmatizer(nlp: Language, name: str, max_entries: int) -> MemoLemmatizer:
    return MemoLemmatizer(name, max_entries)


def install(nlp: Language, name: str = "lemmatizer") -> bool:
    """Wrap the rule lemmatizer ``name`` in the memo version; False if it must stay as it is."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
        return False
    nlp.replace_pipe(name, FACTORY)
    nlp.get_pipe(name).wrap(stock)
    return True
