"""The memo lemmatizer gives exactly the stock component's lemmas."""

from __future__ import annotations

import pickle

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en import English
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.vocab import Vocab

from service.nlp import lemmas, paragraph_breaks, pipeline
from service.nlp.lemmas import MemoLemmatizer, _WordIndex


@pytest.fixture(scope="module")
def stock():
    # the model as shipped, with the service's one deliberate change (a line break ends a
    # sentence), so that what is compared is the components replaced for speed
    reference = pipeline.load(stock=True, fresh=True)
    paragraph_breaks.install(reference)
    return reference


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


def _keys(memo, doc):
    return {
        (t.orth, t.pos, t.morph.key)
        for t in doc
        if not (t.lemma and not memo.stock.overwrite)  # attribute-ruler lemmas are kept
    }


def test_the_memo_starts_afresh_past_its_bound(stock):
    fresh = pipeline.load(fresh=True)
    memo = fresh.get_pipe("lemmatizer")
    first, second = (
        "Geese flew over the mice while the children ran and the women sang.",
        "The ministers said that France would support the plans.",
    )
    with fresh.select_pipes(disable=["lemmatizer", "ner"]):
        before = [_keys(memo, fresh(t)) for t in (first, second)]
    memo.max_entries = 3
    fresh(first)
    assert set(memo._memo) == before[0]
    after = fresh(second)
    assert set(memo._memo) == before[1]  # cleared before this doc, then refilled from it alone
    assert _lemmas(after) == _lemmas(stock(second))
    memo.max_entries = 1_000
    fresh(first)
    assert set(memo._memo) == before[0] | before[1]  # under the bound it keeps both


def _tagged(vocab, rows):
    words, pos, morphs = zip(*rows, strict=True)
    return Doc(vocab, words=list(words), pos=list(pos), morphs=list(morphs))


# Each word twice with the same POS and a different morphology (or the reverse), and so a
# different lemma: a memo keyed without either would give the first answer twice.
MORPH_PAIRS = [
    [("saw", "VERB", "Tense=Past|VerbForm=Fin"), ("saw", "VERB", "VerbForm=Inf")],
    [("left", "VERB", "Tense=Past|VerbForm=Fin"), ("left", "VERB", "VerbForm=Inf")],
    [("better", "ADJ", "Degree=Cmp"), ("better", "ADJ", "Degree=Pos")],
    [("data", "NOUN", "Number=Plur"), ("data", "NOUN", "Number=Sing")],
    # and the same word and morphology under two POS
    [("States", "PROPN", "Number=Plur"), ("States", "NOUN", "Number=Plur")],
    [("leaves", "NOUN", ""), ("leaves", "VERB", "")],
]


@pytest.mark.parametrize("rows", MORPH_PAIRS, ids=lambda r: r[0][0])
def test_the_memo_key_includes_the_morphology(stock, rows):
    fresh = pipeline.load(fresh=True)
    memo = fresh.get_pipe("lemmatizer")
    got = [t.lemma_ for t in memo(_tagged(fresh.vocab, rows))]
    want = [t.lemma_ for t in stock.get_pipe("lemmatizer")(_tagged(stock.vocab, rows))]
    assert got == want
    assert got[0] != got[1]


def test_lemmas_survive_a_closed_memory_zone(stock):
    fresh = pipeline.load(fresh=True)
    text = "The zorbles glimphed flimmily over the snarfs."
    with fresh.memory_zone():
        fresh(text)
    # The memo now holds lemmas whose strings left the store with the zone.
    assert _lemmas(fresh(text)) == _lemmas(stock(text))


def test_a_doc_on_another_vocab_gets_its_lemma_strings(stock):
    fresh = pipeline.load(fresh=True)
    memo = fresh.get_pipe("lemmatizer")
    rows = [("zorbles", "NOUN", "Number=Plur"), ("glimphed", "VERB", "Tense=Past|VerbForm=Fin")]
    memo(_tagged(fresh.vocab, rows))
    other = memo(_tagged(Vocab(), rows))
    want = stock.get_pipe("lemmatizer")(_tagged(stock.vocab, rows))
    assert [t.lemma_ for t in other] == [t.lemma_ for t in want]


def test_a_saved_pipeline_loads_with_the_same_lemmas(nlp, stock, tmp_path):
    text = SENTENCES[2] + " " + SENTENCES[3]
    from_bytes = English.from_config(nlp.config).from_bytes(nlp.to_bytes())
    nlp.to_disk(tmp_path)
    from_disk = spacy.load(tmp_path)
    for loaded in (from_bytes, from_disk, pickle.loads(pickle.dumps(nlp))):
        memo = loaded.get_pipe("lemmatizer")
        assert isinstance(memo, MemoLemmatizer)
        index = memo.stock.lookups.get_table("lemma_index")
        assert all(isinstance(words, _WordIndex) for words in index.values())  # still fast
        assert _lemmas(loaded(text)) == _lemmas(stock(text))


def test_metadata_and_score_are_the_stock_components(nlp, stock):
    assert nlp.get_pipe_meta("lemmatizer").assigns == ["token.lemma"]
    gold = [stock(t) for t in SENTENCES[:4]]
    mine = nlp.get_pipe("lemmatizer").score([Example(nlp(d.text), d) for d in gold])
    theirs = stock.get_pipe("lemmatizer").score([Example(stock(d.text), d) for d in gold])
    assert mine == theirs == {"lemma_acc": 1.0}
    blank = [Example(nlp.make_doc(d.text), d) for d in gold]  # no lemmas: the score must say so
    assert nlp.get_pipe("lemmatizer").score(blank)["lemma_acc"] == 0.0


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
        MemoLemmatizer("lemmatizer", nlp.get_pipe("lemmatizer"))


def test_a_pipeline_without_a_lemmatizer_is_left_alone():
    nlp = spacy.blank("en")
    assert not lemmas.install(nlp)
    assert nlp.pipe_names == []


@pytest.mark.parametrize("text", ["Hello there.", ""])
def test_a_memo_lemmatizer_without_tables_refuses_to_run(text):
    blank = spacy.blank("en")
    memo = blank.add_pipe(lemmas.FACTORY)
    with pytest.raises(ValueError, match="E1004"):
        memo(blank.make_doc(text))
