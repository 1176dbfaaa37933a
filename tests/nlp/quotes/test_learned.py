"""The learned part of quote attribution: the span tagger, how its spans become candidates, and the
candidate ranker."""

from __future__ import annotations

import json
import math
import socket

import pytest
import spacy

from service.lexicons.cues import load_cues
from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes, learned, propose, ranker
from service.nlp.quotes.candidates import Candidate, Candidates
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.learned import Tagged, tag, tagger_doc
from service.nlp.quotes.tagged import add_tagged, grow_contents
from service.nlp.types import Cue


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_shipped_tagger_loads_offline_and_answers_the_same_twice(nlp, offline):
    model = spacy.load(learned.TAGGER)  # a fresh load, not the cached one
    assert set(model.get_pipe("ner").labels) == set(learned.LABELS)
    doc = nlp("The minister said on Tuesday that the talks had failed and would not resume.")
    first = [(e.label_, e.start, e.end) for e in model(tagger_doc(model.vocab, doc)).ents]
    again = [(e.label_, e.start, e.end) for e in model(tagger_doc(model.vocab, doc)).ents]
    assert first == again
    assert "CONTENT" in {label for label, _, _ in first}


def test_tagger_input_has_the_parse_but_no_sentence_boundaries(nlp):
    doc = nlp("She said it. “We go,” he added.\nNext line.")
    out = tagger_doc(spacy.blank("en").vocab, doc)
    assert [t.text for t in out] == [t.text for t in doc]
    assert [t.tag for t in out] == [t.tag for t in doc]
    assert [t.dep for t in out] == [t.dep for t in doc]
    assert not out.has_annotation("SENT_START")


def test_switched_off_tagger_leaves_the_rules(nlp, monkeypatch):
    text = "The minister said that the talks had failed. Critics mocked the plan."
    doc = nlp(text)
    monkeypatch.setenv("NAS_QUOTE_TAGGER", "0")
    learned.load_tagger.cache_clear()
    try:
        assert tag(doc) == []
        assert extract_quotes(DocContext(doc), speakers.RULES) == extract_quotes(
            DocContext(doc), speakers.RULES, learned=False
        )
    finally:
        learned.load_tagger.cache_clear()


def test_missing_tagger_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train-quotes"):
        learned.load_tagger.__wrapped__(tmp_path)


def _spans(doc, marks: list[tuple[str, str]]) -> list[Tagged]:
    """Tagged spans from (label, exact text) pairs, each the first occurrence in ``doc``."""
    out = []
    for label, words in marks:
        start = doc.text.index(words)
        span = doc.char_span(start, start + len(words))
        assert span is not None, words
        out.append(Tagged(label, span.start, span.end))
    return sorted(out, key=lambda s: s.start)


def _added(nlp, text: str, marks: list[tuple[str, str]]):
    doc = nlp(text)
    facts = QuoteFacts(DocContext(doc), load_cues())
    cands = Candidates()
    add_tagged(facts, cands, _spans(doc, marks), speakers.RULES)
    return [
        (text[c.content[0][0] : c.content[0][1]], c.speaker and text[slice(*c.speaker)])
        for c in cands
    ]


TAGGED = [
    # a cue the lexicon lacks: the rules' speaker of that verb
    (
        "Opponents derided the proposal as a giveaway to donors.",
        [
            ("SOURCE", "Opponents"),
            ("CUE", "derided"),
            ("CONTENT", "the proposal as a giveaway to donors"),
        ],
        [("the proposal as a giveaway to donors", "Opponents")],
    ),
    # no subject the rules can read: the tagger's source
    (
        "Critics of the plan: tax cuts for the rich, in their words.",
        [
            ("SOURCE", "Critics of the plan"),
            ("CUE", "in their words"),
            ("CONTENT", "tax cuts for the rich"),
        ],
        [("tax cuts for the rich", "Critics of the plan")],
    ),
    # negative: a hedge is the journalist's, not a report
    (
        "The senator appears to question the budget figures.",
        [("CUE", "appears to question"), ("CONTENT", "the budget figures")],
        [],
    ),
    # negative: a content without a cue in its paragraph
    (
        "The deal was signed.\nThe budget figures were questioned.",
        [("CUE", "signed"), ("CONTENT", "The budget figures were questioned")],
        [],
    ),
    # negative: a content over two paragraphs
    (
        "She wrote that the plan\nwould fail.",
        [("CUE", "wrote"), ("CONTENT", "that the plan\nwould fail")],
        [],
    ),
    # negative: a quoted title and a date
    (
        "She wrote “A Year of Living Dangerously” in 2015.",
        [("CUE", "wrote"), ("CONTENT", "“A Year of Living Dangerously” in 2015")],
        [],
    ),
]


@pytest.mark.parametrize(("text", "marks", "expected"), TAGGED)
def test_tagged_contents_become_candidates(nlp, text, marks, expected):
    assert _added(nlp, text, marks) == expected


def test_a_tagged_content_the_rules_cover_is_not_added_again(nlp):
    text = "The minister said that the talks had failed."
    doc = nlp(text)
    prop = propose(DocContext(doc), speakers.RULES, learned=False)
    before = len(prop.cands)
    cands = Candidates()
    cands.items = prop.cands
    marks = [("CUE", "said"), ("CONTENT", "the talks had failed")]
    add_tagged(prop.facts, cands, _spans(doc, marks), speakers.RULES)
    assert len(cands.items) == before


def test_a_tagged_content_beside_a_rule_one_is_left_to_the_ranker_marked(nlp):
    # the rules read this cue with another content: the ranker weighs the tagger's against it
    text = "In a speech in Paris, the minister said that the talks had failed."
    doc = nlp(text)
    prop = propose(DocContext(doc), speakers.RULES, learned=False)
    cands = Candidates()
    cands.items = list(prop.cands)
    add_tagged(
        prop.facts,
        cands,
        _spans(doc, [("CUE", "said"), ("CONTENT", "In a speech")]),
        speakers.RULES,
    )
    (added,) = [c for c in cands if c.kind == "tagged"]
    assert added.beside_rule and text[slice(*added.content[0])] == "In a speech"


REPORTS_OF_REPORTS = [
    # around a rule content of another cue: a report of reports, for the ranker to weigh
    ("point to", "the law as proof that the agency failed to note that the program helped", True),
    # negative: across a rule content's edge
    ("point to", "the agency failed to note that the program", False),
    # negative: around a content the rules read for this very cue
    ("note", "the agency failed to note that the program helped", False),
]


@pytest.mark.parametrize(("cue", "content", "added"), REPORTS_OF_REPORTS)
def test_a_tagged_content_around_rule_contents(nlp, cue, content, added):
    text = (
        "Critics point to the law as proof that the agency failed to note that the program helped."
    )
    doc = nlp(text)
    facts = QuoteFacts(DocContext(doc), load_cues())
    cands = Candidates()
    at = text.index("that the program helped")
    note = text.index("note")
    rule = Candidate(
        cue=Cue(note, note + 4, "note", "note"),
        lemma="note",
        kind="verb",
        speaker=None,
        content=[(at, at + len("that the program helped"))],
    )
    cands.add(rule)
    add_tagged(facts, cands, _spans(doc, [("CUE", cue), ("CONTENT", content)]), speakers.RULES)
    tagged = [c for c in cands if c.kind == "tagged"]
    assert [(text[slice(*c.content[0])], c.beside_rule) for c in tagged] == (
        [(content, True)] if added else []
    )


# (text, word, where it stands to the nearest cue above it, in or out of quotation marks)
CUE_PLACES = [
    ("The minister said the talks had failed.", "talks", "in:ccomp"),
    ("The minister said the talks had failed.", "minister", "in:nsubj"),
    ("The minister said the talks had failed.", "said", "CUE"),
    # the nearest cue above: the inner report's
    ("He said the envoy claimed that the talks had failed.", "talks", "in:ccomp"),
    ("He said the envoy claimed that the talks had failed.", "envoy", "in:nsubj"),
    ("The statement condemned the strikes.", "statement", "NCUE"),
    ("He said: “We will win.”", "win", "in:ccomp|q"),
    # negative: no cue above, out of quotation marks
    ("The talks failed on Tuesday.", "talks", "-"),
    ("The talks failed on “Tuesday”.", "Tuesday", "-|q"),
]


@pytest.mark.parametrize(("text", "word", "place"), CUE_PLACES)
def test_the_tagger_reads_where_a_word_stands_to_its_cue(nlp, text, word, place):
    doc = nlp(text)
    out = tagger_doc(spacy.blank("en").vocab, doc)
    (i,) = [t.i for t in doc if t.text == word]
    assert out[i].lemma_ == place


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("She said it rained.\nHe claimed “the vote was rigged” on Monday.", "vote"),
        # a quotation running on into the next paragraph: marks are paired within a paragraph
        (
            "He said: “We will fight on the beaches.\n“We will never surrender,” he added.",
            "surrender",
        ),
    ],
)
def test_a_paragraph_reads_the_same_places_as_its_article(nlp, text, quoted):
    doc = nlp(text)
    vocab = spacy.blank("en").vocab
    whole = [t.lemma_ for t in tagger_doc(vocab, doc)]
    (at,) = [t.i for t in doc if t.text == quoted]
    assert whole[at].endswith("|q")
    lo = next(t.i for t in doc if "\n" in t.text) + 1
    for para in (doc[:lo], doc[lo:]):
        assert [t.lemma_ for t in tagger_doc(vocab, para)] == whole[para.start : para.end]
    # as training reads it: the article's places, computed once
    places = learned.token_places(doc)
    assert [t.lemma_ for t in tagger_doc(vocab, doc[:lo], places[:lo])] == whole[:lo]


# (text, tagged content, the rule content after growing): a rule content grows to the end of a
# tagged content that starts with it, never over another cue, never into the next paragraph,
# never to a shorter one unless the tagger ends at a closing quotation mark inside it. The rules
# alone read "to triple the size of the AmeriCorps program", "that sanctions are possible against
# Sweden", "that the talks had failed", "the Affordable Care Act as a “crazy system” during a
# campaign stop in Flint, Mich., for his wife" and "that the talks had failed in Geneva on Monday".
GROWN = [
    (
        "Sanders wants to triple the size of the AmeriCorps program, grow the Peace Corps and "
        "create a new reserve.",
        "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
        "reserve",
        "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
        "reserve",
    ),
    (
        "Novak warned that sanctions are possible against Sweden, which he claimed are hurt.",
        "that sanctions are possible against Sweden, which he claimed are hurt",
        "that sanctions are possible against Sweden",
    ),
    (
        "The minister said that the talks had failed.\nThe rest was silence.",
        "that the talks had failed.\nThe rest was silence",
        "that the talks had failed",
    ),
    # nor over a clause of past time, the journalist's narrative
    (
        "The United Nations is urging China and India to “exercise maximum restraint” after a "
        "violent fight broke out Monday.",
        "China and India to “exercise maximum restraint” after a violent fight broke out Monday",
        "China and India to “exercise maximum restraint”",
    ),
    # a whole quotation stays whole
    (
        "Spain has noted that fighting is taking place within Portugal and acknowledged “reports "
        "of strikes against civilian targets” there.",
        "“reports of strikes against civilian targets” there",
        "“reports of strikes against civilian targets”",
    ),
    # it stops where the tagger stops at a closing quotation mark inside it
    (
        "Bill Clinton criticized the Affordable Care Act as a “crazy system” during a campaign "
        "stop in Flint, Mich., for his wife.",
        "the Affordable Care Act as a “crazy system”",
        "the Affordable Care Act as a “crazy system”",
    ),
    (
        "The minister said that the talks had failed in Geneva on Monday.",
        "that the talks had failed",
        "that the talks had failed in Geneva on Monday",
    ),
]


@pytest.mark.parametrize(("text", "tagged", "expected"), GROWN)
def test_rule_contents_grow_to_the_tagged_end(nlp, text, tagged, expected):
    doc = nlp(text)
    prop = propose(DocContext(doc), speakers.RULES, learned=False)
    cands = Candidates()
    cands.items = prop.cands
    at = text.index(tagged)
    first = min(cands.items, key=lambda c: abs(c.content[0][0] - at))  # the one tagged again
    grow_contents(prop.facts, cands, _spans(doc, [("CONTENT", tagged)]))
    assert text[slice(*first.content[0])] == expected


def test_ranker_features_one_row_a_candidate(nlp):
    doc = nlp("“We will not sign,” the minister said. Critics derided the plan as a giveaway.")
    prop = propose(DocContext(doc), speakers.RULES)
    rows = ranker.features(prop, prop.cands)
    assert len(rows) == len(prop.cands) > 0
    assert all(len(r) == len(ranker.FEATURES) for r in rows)


# (text, cue, content, cue before the content, characters between them)
CUE_POSITIONS = [
    ("Critics derided the plan as a giveaway.", "derided", "the plan as a giveaway", 1.0, 1),
    ("“We will not sign,” the minister said.", "said", "We will not sign", 0.0, 16),
]


@pytest.mark.parametrize(("text", "cue", "content", "before", "gap"), CUE_POSITIONS)
def test_ranker_reads_where_the_cue_stands(nlp, text, cue, content, before, gap):
    doc = nlp(text)
    prop = propose(DocContext(doc), speakers.RULES, learned=False)
    at, c_at = text.index(content), text.index(cue)
    cand = Candidate(
        cue=Cue(c_at, c_at + len(cue), cue, cue),
        lemma=cue,
        kind="tagged",
        speaker=None,
        content=[(at, at + len(content))],
    )
    (row,) = ranker.features(prop, [cand])
    named = dict(zip(ranker.FEATURES, row, strict=True))
    assert named["cue_before"] == before
    assert named["log_gap"] == pytest.approx(math.log1p(gap) / 10)


def test_ranker_drops_what_it_finds_unlikely(nlp, monkeypatch):
    doc = nlp("“We will not sign,” the minister said.")
    prop = propose(DocContext(doc), speakers.RULES)
    assert prop.cands
    never = ranker.Ranker(tuple(0.0 for _ in ranker.FEATURES), bias=-10.0, threshold=0.5)
    monkeypatch.setattr(ranker, "load_ranker", lambda: never)
    prop.cands[0].kind = "tagged"
    ranker.drop_unlikely(prop)
    # only the tagger's candidates are judged; the rules' stay
    assert [c.dropped for c in prop.cands] == [True] + [False] * (len(prop.cands) - 1)


def test_missing_ranker_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train-quotes"):
        ranker.load_ranker.__wrapped__(tmp_path / "absent.json")


def test_ranker_fitted_on_other_features_is_refused(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"features": ["x"], "weights": [1.0], "bias": 0, "threshold": 0.5}))
    with pytest.raises(ValueError, match="refit"):
        ranker.load_ranker.__wrapped__(path)


def test_shipped_ranker_matches_the_features():
    r = ranker.load_ranker()
    assert len(r.weights) == len(ranker.FEATURES)
    assert 0.0 <= r.threshold < 1.0
