"""The array attribute ruler gives exactly the stock component's annotations, rule for rule."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Token

from service.nlp import attribute_rules, paragraph_breaks, pipeline
from service.nlp.attribute_rules import ArrayAttributeRuler, compile_rules

COLUMNS = [POS, TAG, DEP, MORPH, LEMMA, HEAD]


@pytest.fixture(scope="module")
def stock():
    # the model as shipped, with the service's one deliberate change (a line break ends a
    # sentence), so that what is compared is the components replaced for speed
    reference = pipeline.load(stock=True, fresh=True)
    paragraph_breaks.install(reference)
    return reference


def _annotations(doc):
    return doc.to_array(COLUMNS).tolist(), [str(t.morph) for t in doc], [t.lemma_ for t in doc]


def test_the_service_pipeline_uses_the_array_ruler(nlp, stock):
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert isinstance(stock.get_pipe("attribute_ruler"), AttributeRuler)
    assert nlp.pipe_names == stock.pipe_names  # same components, same order, same names


# One sentence per family of the model's rules: tag → POS/morphology, word-and-tag exceptions,
# two-token rules ("ai n't", "gon na", "let 's", "there is"), dependency-conditioned rules
# (pronoun case, auxiliaries, "but" as adverb, determiners as pronouns), space tokens.
SENTENCES = [
    "The minister said on Monday that France would support the plan.",
    "I ain't gonna wait, and we gotta go; let's see what they've got.",
    "There is hope, there were doubts and there's no plan.",
    "It was I who told you; they gave it to me and you saw it.",
    "Do you have it? He did. She has done her homework and had lunch.",
    "All but one voted, because that was what those who came wanted.",
    "Which is it?  Two  spaces, a tab\tand\n\nnew lines.",
    "U.S. officials urged Azerbaijan to cease hostilities “immediately.”",
    "He gets it. They got it. Getting it is hard; gotten nothing.",
    "   ",
    "",
    "Hello",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_annotations_as_the_stock_ruler(nlp, stock, text):
    assert _annotations(nlp(text)) == _annotations(stock(text))


WORDS = [
    "I", "you", "it", "they", "ai", "n't", "gon", "na", "got", "ta", "let", "'s", "there", "is",
    "are", "was", "do", "does", "did", "have", "had", "but", "that", "which", "to", "the", "a",
    "said", "urged", "Russia", "France", ",", ".", "“", "”", "  ", "\n", "-", "'d", "'re", "12",
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_same_annotations_on_random_word_salad(nlp, stock, words):
    text = " ".join(words)
    assert _annotations(nlp(text)) == _annotations(stock(text))


# --- the compiler on hand-made rules --------------------------------------------------------------


def _blank_with(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp


RULES = [
    {"patterns": [[{"LOWER": "bank"}]], "attrs": {"LEMMA": "first"}},
    {"patterns": [[{"LOWER": "bank"}]], "attrs": {"LEMMA": "second"}},  # later rule wins
    {"patterns": [[{"LOWER": {"IN": ["river", "sea"]}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["river", "sea", "bank", "the"]}}]], "attrs": {"TAG": "X"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"MORPH": "Polarity=Neg"}},
    {"patterns": [[{"LOWER": "the"}, {"LOWER": "river"}]], "attrs": {"LEMMA": "R"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    {"patterns": [[{"LOWER": "absent"}]], "attrs": {"POS": "VERB"}},  # never fires here
]


@pytest.mark.parametrize(
    "text",
    ["the river bank", "the bank of the sea", "do n't  go to the river", "river", "", "absent"],
)
def test_hand_made_rules_match_the_stock_ruler(text):
    stock = _blank_with(RULES)
    fast = _blank_with(RULES)
    assert attribute_rules.install(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert _annotations(fast(text)) == _annotations(stock(text))


def test_later_rule_wins_and_index_counts_from_the_end():
    fast = _blank_with(RULES)
    attribute_rules.install(fast)
    doc = fast("the river bank")
    assert [t.lemma_ for t in doc] == ["", "R", "second"]
    assert doc[1].pos_ == "NOUN"


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "?"}],  # operators
        [{"_": {"flag": True}}],  # extension attributes
        [{"LENGTH": {">=": 3}}],  # comparison predicates
        [{"LOWER": {"FUZZY": "bank"}}],
    ],
)
def test_unsupported_rules_keep_the_stock_component(pattern):
    nlp = _blank_with([{"patterns": [pattern], "attrs": {"POS": "NOUN"}}])
    assert compile_rules(nlp.vocab, nlp.get_pipe("attribute_ruler").patterns) is None
    assert not attribute_rules.install(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    with pytest.raises(ValueError):
        ArrayAttributeRuler(nlp.vocab, nlp.get_pipe("attribute_ruler").patterns)


@pytest.mark.parametrize(
    "spec",
    [
        {"patterns": [[{"NO_SUCH_ATTR": "x"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": "not a list"}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[]], "attrs": {"POS": "NOUN"}},
        # an index outside the match: spaCy raises E1001 on such a match
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "NOUN"}, "index": 1},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"POS": "NOUN"}, "index": -2},
        # attributes the Matcher does not compare by their stored value
        {"patterns": [[{"MORPH": {"IN": ["Person=3|Number=Sing"]}}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"SENT_START": False}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"ENT_IOB": "B"}]], "attrs": {"POS": "NOUN"}},
        # lexeme attributes, which spaCy also writes to the vocabulary
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"IS_STOP": True}},
        {"patterns": [[{"LOWER": "a"}]], "attrs": {"LOWER": "b"}},
    ],
)
def test_the_compiler_refuses_what_it_cannot_run(spec):
    assert compile_rules(spacy.blank("en").vocab, [spec]) is None


def test_extension_attrs_keep_the_stock_component():
    Token.set_extension("nas_test_flag", default=None, force=True)
    nlp = _blank_with([{"patterns": [[{"LOWER": "a"}]], "attrs": {"_": {"nas_test_flag": 1}}}])
    assert not attribute_rules.install(nlp)
    assert nlp("a")[0]._.nas_test_flag == 1  # the stock component still does it


def test_a_pipeline_without_the_ruler_is_left_alone():
    nlp = spacy.blank("en")
    assert not attribute_rules.install(nlp)
    assert nlp.pipe_names == []


def test_annotations_are_arrays_of_the_same_shape(nlp):
    doc = nlp("A short one.")
    assert np.asarray(doc.to_array(COLUMNS)).shape == (len(doc), len(COLUMNS))


def test_the_annotation_check_command_passes_on_the_seeds(capsys):
    from tools.bench import annotations

    assert annotations.main([]) == 0
    assert "0 differ" in capsys.readouterr().out
