"""tools.eval.news: the reference protocol's counts on a hand-made article, misses included."""

from __future__ import annotations

from tools.eval.news import score_article, totals

TEXT = (
    "France urged Azerbaijan to stop. Armenia said the strikes were illegal. "
    "Russia called for calm."
)


def _span(part: str) -> dict:
    start = TEXT.index(part)
    return {"start": start, "end": start + len(part)}


GOLD = {
    "text": TEXT,
    "actors": [
        {"name": "France", "principal": "FR"},
        {"name": "Azerbaijan", "principal": "AZ"},
        {"name": "Armenia", "principal": "AM"},
    ],
    "quotes": [
        {"speaker": "France", "content": "Azerbaijan to stop"},
        {"speaker": "Armenia", "content": "the strikes were illegal"},
        {"speaker": "Russia", "content": "calm"},
    ],
    "stances": [
        {"source": "FR", "target": "AZ", "label": "critical"},
        {"source": "AM", "target": "AZ", "label": "critical"},
    ],
}

ANSWER = {
    "actors": [
        {"id": "a1", "name": "France", "country": "FR", "mentions": []},
        {"id": "a2", "name": "Azerbaijan", "country": "AZ", "mentions": []},
        {"id": "a3", "name": "Armenia", "country": "AM", "mentions": []},
    ],
    "quotes": [
        {**_span("Azerbaijan to stop"), "speaker": "a1"},
        {**_span("the strikes were illegal"), "speaker": "a1"},  # the wrong speaker
    ],
    "relations": [
        {"source": "a1", "target": "a2", "label": "critical"},
        {"source": "a3", "target": "a1", "label": "supportive"},  # a pair the gold lacks
    ],
}


def test_counts_and_misses():
    score = score_article(GOLD, ANSWER)
    assert (score.quotes, score.found, score.speaker_ok) == (3, 2, 1)
    assert (score.pairs, score.pairs_ok) == (2, 1)
    assert score.unexpected_polar_pairs == ["AM->FR: ['supportive']"]
    assert score.misses == [
        "speaker 'France', Armenia: 'the strikes were illegal'",
        "not found, Russia: 'calm'",
    ]
    t = totals({"x": score})
    assert (t["quote_recall"], t["quote_with_speaker"], t["stance_pair_acc"]) == (0.667, 0.333, 0.5)


def test_a_quote_under_half_the_gold_is_not_found():
    answer = {**ANSWER, "quotes": [{**_span("to stop"), "speaker": "a1"}]}
    assert score_article(GOLD, answer).found == 0
