"""Parsing in bounded slices: cut points, exact offsets, groups by characters, the check between."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.nlp import engine, parse
from service.web.schemas import dump_analysis
from tests.conftest import check_consistent

PARA = "The minister said the talks had failed. Officials in Paris disagreed.\n\n"

# (name, text, max_chars, expected slices)
CUT_CASES = [
    ("empty text", "", 5, [""]),
    ("short text: one slice", "Ann said no.", 100, ["Ann said no."]),
    ("exactly the limit", "abcde", 5, ["abcde"]),
    ("paragraph break wins", "Aa bb. Cc\n\nDd ee. Ff gg", 14, ["Aa bb. Cc\n\n", "Dd ee. Ff gg"]),
    ("the last paragraph break", "A.\n\nB.\n\nC c c c", 9, ["A.\n\nB.\n\n", "C c c c"]),
    ("a blank line with a no-break space", "Aa b.\n\u00a0\nCc. D\nEe", 14,
     ["Aa b.\n\u00a0\n", "Cc. D\nEe"]),
    ("then a line break", "Aa bb. Cc\nDd ee ff", 12, ["Aa bb. Cc\n", "Dd ee ff"]),
    ("then a sentence end", "Aa bb. Cc dd ee", 10, ["Aa bb. ", "Cc dd ee"]),
    ("a closing quote stays", 'He said "no." Then x y', 16, ['He said "no." ', "Then x y"]),
    ("then any space", "aaa bbb ccc", 5, ["aaa ", "bbb ", "ccc"]),
    ("no space at all: anywhere", "a" * 10, 4, ["aaaa", "aaaa", "aa"]),
]  # fmt: skip


def _dump(analysis) -> dict:
    return dump_analysis(analysis, doc_id=None, meta={})


@pytest.mark.parametrize(
    ("text", "max_chars", "expected"),
    [case[1:] for case in CUT_CASES],
    ids=[case[0] for case in CUT_CASES],
)
def test_slices(text, max_chars, expected):
    assert parse.slices(text, max_chars) == expected


@pytest.mark.parametrize("max_chars", [0, -3])
def test_slices_need_a_positive_size(max_chars):
    with pytest.raises(ValueError):
        parse.cut_points("text", max_chars)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab .\n\t\u3000é"), min_size=1, max_size=300),
    st.integers(1, 40),
)
def test_slices_join_back_exactly_and_respect_the_size(text, max_chars):
    pieces = parse.slices(text, max_chars)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= max_chars for p in pieces)


def test_a_long_text_is_parsed_in_slices_with_exact_offsets(nlp):
    text = PARA * 40  # 2,800 characters
    (doc,) = parse.parse(nlp, [text], slice_chars=500)
    assert doc.text == text
    assert [s.start_char for s in doc.sents][:3] == [0, 40, 71]
    whole = nlp(text)
    # Cut at paragraph breaks, where the parser sees no context anyway: the same annotations.
    assert [(t.idx, t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] == [
        (t.idx, t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in whole
    ]
    assert _dump(engine.analyze_doc(doc)) == _dump(engine.analyze_doc(whole))


def test_a_text_cut_inside_sentences_still_gives_a_consistent_analysis(nlp, seed_text):
    # No paragraph break within a slice: cut at sentence ends or spaces; every span still indexes
    # the text exactly.
    (doc,) = parse.parse(nlp, [seed_text], slice_chars=300)
    assert doc.text == seed_text
    body = _dump(engine.analyze_doc(doc))
    check_consistent(seed_text, body)
    assert body["actors"]


def test_texts_come_back_in_order_one_doc_each(nlp):
    texts = ["Ann said no.", PARA * 10, "Bob agreed.", "x" * 30, PARA]
    docs = list(parse.parse(nlp, texts, slice_chars=200))
    assert [d.text for d in docs] == texts


def test_the_check_runs_before_each_group_and_can_stop_the_work(nlp):
    calls = []

    class Stop(Exception):
        pass

    def check():
        calls.append(len(calls))
        if len(calls) == 3:
            raise Stop

    texts = [f"Text number {i} is here." for i in range(10)]  # 23-24 characters each
    docs = parse.parse(nlp, texts, slice_chars=50, check=check)  # two texts a group
    got = []
    with pytest.raises(Stop):
        for doc in docs:
            got.append(doc.text)
    assert got == texts[:4], "the groups parsed before the stop are answered"
    assert len(calls) == 3


def test_nothing_to_parse(nlp):
    assert list(parse.parse(nlp, [])) == []


def test_docs_are_usable_inside_a_memory_zone(nlp):
    text = PARA * 20 + "Zorblaxian envoy Quenthar Vossimir said the Zorblaxians would stay."
    with nlp.memory_zone():
        (doc,) = parse.parse(nlp, [text], slice_chars=400)
        first = _dump(engine.analyze_doc(doc))
    with nlp.memory_zone():
        (doc,) = parse.parse(nlp, [text], slice_chars=400)
        second = _dump(engine.analyze_doc(doc))
    assert first == second
    assert any("Vossimir" in a["name"] for a in first["actors"])
