"""The quotes of the seed article: each attribution with its cue, speaker and addressee; the
journalist's sentences are none."""

from __future__ import annotations

import pytest

from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from tests.nlp.helpers import (
    find_cue,
)

# (cue text, occurrence, cue lemma, acceptable speaker mentions, addressee that must be present)
SEED = [
    ("urged", 0, "urge", {"U.S. Secretary of State Antony Blinken"}, "President Aliyev"),
    ("stressed", 0, "stress", {"U.S. Secretary of State Antony Blinken"}, None),
    ("told", 0, "tell", {"Blinken"}, "Armenian Prime Minister Nikol Pashinyan"),
    ("assured", 0, "assure", {"Blinken"}, "Prime Minister Pashinyan"),
    ("reiterated", 0, "reiterate", {"Ned Price"}, None),
    ("insisting", 0, "insist", {"Ned Price"}, None),
    ("urged", 1, "urge", {"Blinken"}, "President Aliyev"),  # reported inside Price's briefing
    ("told", 1, "tell", {"French President Emmanuel Macron"}, "Aliyev"),
    ("called on", 1, "call on", {"his foreign minister"}, "her Azerbaijani counterpart"),
    ("pledged", 0, "pledge", {"Macron", "he"}, None),
    ("noted", 0, "note", {"France"}, None),
    ("statement", 0, "statement", {"the Russian Foreign Ministry"}, None),
    ("calling on", 0, "call on", {"the Russian Foreign Ministry"}, "the parties"),
    ("said", 2, "say", {"the Collective Security Treaty Organization"}, None),
    ("announced", 0, "announce", {"the alliance"}, None),
    ("reported", 0, "report", {"the Russian TASS news agency"}, None),
]


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_text):
    return extract_quotes(DocContext(nlp(seed_text)), speakers.RULES)


@pytest.mark.parametrize(("cue", "nth", "lemma", "speakers", "addressee"), SEED)
def test_seed_attributions(seed_quotes, cue, nth, lemma, speakers, addressee):
    hits = [q for q in seed_quotes if q.cue is not None and q.cue.text == cue]
    assert len(hits) > nth, f"{cue!r} #{nth} missing"
    q = hits[nth]
    assert q.cue.lemma == lemma
    assert q.speaker is not None and q.speaker.text in speakers
    if addressee:
        assert addressee in {a.text for a in q.addressees}


def test_seed_via_and_phone_call(seed_quotes):
    urged = find_cue(seed_quotes, "urged")
    assert urged.via is not None and urged.via.text == "the State Department"
    assert "Azerbaijani President Ilham Aliyev" in {a.text for a in urged.addressees}
    # the State Department's own "said" is the channel, not a second quote
    assert not any(q.speaker and q.speaker.text == "the State Department" for q in seed_quotes)


def test_seed_direct_quote_pronoun_speaker(seed_quotes):
    q = next(q for q in seed_quotes if q.fragments[0].text.startswith("“The fact is"))
    assert q.type == "direct"
    assert q.speaker.text == "he"
    assert q.cue.lemma == "say"


def test_seed_said_to_addressee(seed_quotes):
    q = next(
        q
        for q in seed_quotes
        if q.cue and q.cue.lemma == "say" and "Pashinyan" in {a.text for a in q.addressees}
    )
    assert q.speaker.text == "Macron"


def test_seed_journalist_sentences_are_not_quotes(seed_quotes, seed_text):
    hedge = seed_text.index("So far, Russia appears")
    assert not any(q.cue and q.cue.start == seed_text.index("appears", hedge) for q in seed_quotes)
    assert not any(q.speaker and q.speaker.text == "Russia" for q in seed_quotes)
    minsk = seed_text.index("France and the United States, alongside Russia")
    assert not any(q.start <= minsk < q.end for q in seed_quotes)
    title_end = seed_text.index("\n")
    assert not any(q.start < title_end for q in seed_quotes)


def test_seed_spans_index_text(seed_quotes, seed_text):
    for q in seed_quotes:
        for span in (*q.fragments, q.speaker, q.via, q.cue, *q.addressees):
            if span is not None:
                assert seed_text[span.start : span.end] == span.text
        assert 0.0 < q.confidence <= 1.0
