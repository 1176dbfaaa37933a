"""DocContext: the columns every stage reads agree with spaCy's own token attributes."""

from __future__ import annotations

import pytest

from service.nlp.context import DocContext

TEXTS = [
    "The minister said on Monday that France would support the plan.",
    "“We will not back down,” Mr. Aliyev said.\n\nArmenia's ministry denied it.",
    "  Leading spaces, then:\n\n\n a quote “inside” and 'single' ones.",
    "x",
]


@pytest.mark.parametrize("text", TEXTS)
def test_columns_match_the_tokens(nlp, text):
    doc = nlp(text)
    ctx = DocContext(doc)
    assert ctx.text == doc.text and len(ctx) == len(doc)
    for t in doc:
        i = t.i
        assert ctx.tokens[i].i == i
        assert (ctx.words[i], ctx.idx[i], ctx.end[i]) == (t.text, t.idx, t.idx + len(t))
        assert (ctx.pos[i], ctx.tag[i], ctx.head[i]) == (t.pos_, t.tag_, t.head.i)
        assert (ctx.pos_id[i], ctx.dep_id[i], ctx.lemma_id[i]) == (t.pos, t.dep, t.lemma)
        assert (ctx.is_punct[i], ctx.is_space[i], ctx.is_alpha[i]) == (
            t.is_punct,
            t.is_space,
            t.is_alpha,
        )
        assert ctx.capitalized[i] == (t.is_title or t.is_upper)
        assert ctx.sents[ctx.sent_of[i]].start <= i < ctx.sents[ctx.sent_of[i]].end


@pytest.mark.parametrize(
    ("text", "pos", "para"),
    [
        ("One.\n\nTwo.", 0, 0),
        ("One.\n\nTwo.", 6, 1),
        ("One.\n\nTwo.", 5, -1),  # the blank line between paragraphs
        ("  One.", 0, -1),  # leading spaces belong to no paragraph
        ("  One.", 2, 0),
    ],
)
def test_para_of(nlp, text, pos, para):
    assert DocContext(nlp(text)).para_of(pos) == para


def test_empty_document(nlp):
    ctx = DocContext(nlp(""))
    assert len(ctx) == 0 and ctx.sents == [] and ctx.quoted == [] and ctx.paragraphs == []
