"""The PolNeAR quote scorer on tiny hand-made gold."""

from __future__ import annotations

import pytest

from tools.eval.matching import Item, metrics, positions, score_article, strip_range

TEXT = "Ann said “the plan failed,” and Bob added that taxes rise. Rain fell."
#        0123456789...


def _rng(sub: str, text: str = TEXT) -> tuple[int, int]:
    s = text.index(sub)
    return s, s + len(sub)


def _item(content: str, speaker: str | None = None, cue: str | None = None, direct=False, conf=1.0):
    return Item(
        content=positions(TEXT, [_rng(content)]),
        direct=direct,
        speaker=(_rng(speaker),) if speaker else (),
        cue=(_rng(cue),) if cue else (),
        has_speaker=speaker is not None,
        confidence=conf,
    )


GOLD = [
    _item("“the plan failed,”", "Ann", "said", direct=True),
    _item("that taxes rise", "Bob", "added"),
]


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("“the plan failed,”", 0, 18, "the plan failed"),
        ("  'x.' ", 0, 7, "x"),
        ("a;:,.", 0, 5, "a"),
        ("“”", 0, 2, ""),
    ],
)
def test_strip_range(text, start, end, expected):
    s, e = strip_range(text, start, end)
    assert text[s:e] == expected


def test_perfect_predictions():
    c = score_article(GOLD, list(GOLD))
    m = metrics(c)
    assert m["all_f1"] == 1.0 and m["direct_f1"] == 1.0
    assert m["speaker_acc"] == 1.0 and m["cue_acc"] == 1.0 and m["e2e_f1"] == 1.0


def test_quote_marks_and_trailing_punctuation_do_not_matter():
    pred = [_item("the plan failed", "Ann", "said", direct=True)]
    c = score_article(GOLD, pred)
    assert c.matched == 1 and c.matched_gold_direct == 1


def test_low_overlap_is_not_a_match():
    pred = [_item("plan", "Ann", "said")]  # Jaccard 4/15 < 0.5
    c = score_article(GOLD, pred)
    assert c.matched == 0 and c.pred == 1
    assert metrics(c)["all_p"] == 0.0


def test_one_to_one_matching():
    pred = [_item("that taxes rise", "Bob"), _item("taxes rise", "Bob")]
    c = score_article(GOLD, pred)
    assert c.matched == 1
    # the second prediction lies inside the matched gold content: not counted against precision
    assert c.nested == 1 and c.pred == 1


def test_wrong_speaker_counts_for_quote_but_not_end_to_end():
    pred = [_item("that taxes rise", "Ann", "added")]
    m = metrics(score_article(GOLD, pred))
    assert m["all_p"] == 1.0 and m["all_r"] == 0.5
    assert m["speaker_acc"] == 0.0 and m["e2e_f1"] == 0.0
    assert m["cue_acc"] == 1.0


def test_spurious_prediction_lowers_precision():
    pred = [_item("that taxes rise", "Bob", "added"), _item("Rain fell", "Ann")]
    m = metrics(score_article(GOLD, pred))
    assert m["all_p"] == 0.5 and m["e2e_p"] == 0.5


def test_gold_without_source_wants_no_speaker():
    gold = [_item("Rain fell")]
    assert metrics(score_article(gold, [_item("Rain fell")]))["speaker_acc"] == 1.0
    assert metrics(score_article(gold, [_item("Rain fell", "Ann")]))["speaker_acc"] == 0.0


def test_direct_scores_only_quoted_gold():
    pred = [_item("that taxes rise", "Bob", "added")]
    m = metrics(score_article(GOLD, pred))
    assert m["direct_r"] == 0.0  # the only direct gold was missed
    assert m["direct_p"] == 0.0  # no direct prediction


def test_no_predictions():
    m = metrics(score_article(GOLD, []))
    assert m["all_f1"] == 0.0 and m["all_r"] == 0.0


def test_calibration_records_confidence():
    pred = [_item("that taxes rise", "Bob", conf=0.9), _item("Rain fell", "Ann", conf=0.3)]
    c = score_article(GOLD, pred)
    assert sorted(c.calib) == [(0.3, False), (0.9, True)]
