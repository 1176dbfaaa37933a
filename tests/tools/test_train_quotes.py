"""The training data of the quote tagger (tools.train.quotes): flat trimmed gold spans, paragraphs
as examples, a stable held-out tenth."""

from __future__ import annotations

import pytest
import spacy

from tools.train import quotes as train


def test_gold_spans_are_flat_and_trimmed(nlp):
    text = "Aides said the governor told them “we stay.”\n"
    doc = nlp(text)

    def at(words: str) -> dict:
        s = text.index(words)
        return {"start": s, "end": s + len(words)}

    record = {
        "quotes": [
            {
                "cue_fragments": [at("said")],
                "sources": [at("Aides")],
                "contents": [at("the governor told them “we stay.”\n")],
            },
            # nested inside the longer content: left out, the tagger is flat
            {
                "cue_fragments": [at("told")],
                "sources": [at("the governor")],
                "contents": [at("“we stay.”")],
            },
        ]
    }
    spans = train.gold_spans(doc, record)
    assert [(s.label_, s.text) for s in spans] == [
        ("SOURCE", "Aides"),
        ("CUE", "said"),
        ("CONTENT", "the governor told them “we stay.”"),
    ]


def test_examples_are_paragraphs_without_sentence_boundaries(nlp):
    text = "He said it would rain.\n\nShe said it would not."
    doc = nlp(text)
    s = text.index("it would not")
    record = {
        "quotes": [{"cue_fragments": [], "sources": [], "contents": [{"start": s, "end": s + 12}]}]
    }
    exs = train.examples(spacy.blank("en").vocab, [doc], [record])
    assert [e.reference.text for e in exs] == ["He said it would rain.", "She said it would not."]
    assert [[(e.text, e.label_) for e in x.reference.ents] for x in exs] == [
        [],
        [("it would not", "CONTENT")],
    ]


@pytest.mark.parametrize("article", ["a", "nyt_2016-01-01_x", "breitbart_2015-11-11_y"])
def test_held_out_split_is_stable(article):
    assert train.held_out(article) == train.held_out(article)
    assert isinstance(train.held_out(article), bool)


def test_held_out_share_is_about_a_tenth():
    share = sum(train.held_out(f"article-{i}") for i in range(2000)) / 2000
    assert 0.07 < share < 0.13
