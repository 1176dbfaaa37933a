"""The memo lemmatizer gives exactly the stock component's lemmas."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.pipeline import Lemmatizer

from service.nlp import lemmas, pipeline
from service.nlp.lemmas import MemoLemmatizer


@pytest.fixture(scope="module")
def stock():
    return pipeline.load(stock=True)


def _lemmas(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_the_service_pipeline_memoizes_the_stock_lemmatizer(nlp, stock):
    memo = nlp.get_pipe("lemmatizer")
    assert isinstance(memo, MemoLemmatizer)
    assert isinstance(memo.stock, Lemmatizer) and memo.stock.mode == "rule"
    assert isinstance(stock.get_pipe("lemmatizer"), Lemmatizer)
    assert nlp.pipe_names == stock.pipe_names


# Base forms (singular nouns, infinitives, positive adjectives), inflections from rules and from
# exceptions, proper nouns, attribute-ruler lemmas kept ("'s", "n't"), one word under several POS
# and morphologies, spaces, punctuation, an empty text.
SENTENCES = [
    "The ministers said on Monday that France would support the plans.",
    "She's better; they weren't going, and he'd gone. We're the best of the worst.",
    "Geese flew over the mice while the children ran and the women sang.",
    "I saw the saw. Saws were sawed. The man mans the boats; boats boat.",
    "U.S. officials urged Azerbaijan to cease hostilities “immediately,” Blinken said.",
    "Running, he ran; she runs; they had run. Lying lies lie.",
    "  Two  spaces,\ta tab\n\nand new lines.  ",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_lemmas_as_the_stock_lemmatizer(nlp, stock, text):
    assert _lemmas(nlp(text)) == _lemmas(stock(text))


def test_a_remembered_answer_is_the_same_as_a_fresh_one(stock):
    # The same sentences twice through one fresh pipeline: the second pass answers from the memo.
    fresh = pipeline.load(fresh=True)
    first = [_lemmas(fresh(t)) for t in SENTENCES]
    assert len(fresh.get_pipe("lemmatizer")._memo) > 0
    assert [_lemmas(fresh(t)) for t in SENTENCES] == first == [_lemmas(stock(t)) for t in SENTENCES]


WORDS = [
    "run", "runs", "ran", "running", "saw", "saws", "better", "best", "is", "was", "'s", "n't",
    "geese", "mice", "the", "a", "they", "said", "urged", "Russia", "France", "states", "United",
    ",", ".", "“", "”", "  ", "\n", "lying", "lies", "leaves", "left", "data", "12",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_same_lemmas_on_random_word_salad(nlp, stock, words):
    text = " ".join(words)
    assert _lemmas(nlp(text)) == _lemmas(stock(text))


def test_the_memo_starts_afresh_past_its_bound(stock):
    fresh = pipeline.load(fresh=True)
    memo = fresh.get_pipe("lemmatizer")
    memo.max_entries = 3
    doc = fresh("Geese flew over the mice while the children ran and the women sang.")
    assert len(memo._memo) <= len(doc)
    after = fresh("The ministers said that France would support the plans.")
    assert len(memo._memo) <= len(after)  # cleared before this doc, then refilled
    assert _lemmas(after) == _lemmas(
        stock("The ministers said that France would support the plans.")
    )


def test_an_overwriting_lemmatizer_overwrites_attribute_ruler_lemmas():
    fresh = pipeline.load(fresh=True)
    fresh.get_pipe("lemmatizer").stock.overwrite = True
    reference = pipeline.load(stock=True, fresh=True)
    reference.get_pipe("lemmatizer").overwrite = True
    text = "She's sure they weren't there."
    assert _lemmas(fresh(text)) == _lemmas(reference(text))


def test_a_lookup_lemmatizer_keeps_the_stock_component():
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not lemmas.install(nlp)
    assert isinstance(nlp.get_pipe("lemmatizer"), Lemmatizer)
    with pytest.raises(ValueError):
        MemoLemmatizer("lemmatizer").wrap(nlp.get_pipe("lemmatizer"))


def test_a_pipeline_without_a_lemmatizer_is_left_alone():
    nlp = spacy.blank("en")
    assert not lemmas.install(nlp)
    assert nlp.pipe_names == []


def test_an_unwrapped_memo_lemmatizer_refuses_to_run(nlp):
    with pytest.raises(RuntimeError):
        MemoLemmatizer("lemmatizer")(nlp.make_doc("Hello there."))
