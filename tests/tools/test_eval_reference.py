"""The reference protocol's quote figures on hand-computed articles."""

from __future__ import annotations

import pytest

from tools.eval.reference import Reference

TEXT = 'Ann said "the plan failed." Bob said the talks would resume. Carl left.'
PLAN = (9, 27)  # '"the plan failed."'
TALKS = (37, 59)  # 'the talks would resume'


def _gold(content, source, cue, marks):
    return {
        "contents": [{"start": content[0], "end": content[1]}],
        "sources": [{"start": source[0], "end": source[1], "text": TEXT[source[0] : source[1]]}]
        if source
        else [],
        "cue": {"start": cue[0], "end": cue[1]} if cue else None,
        "has_quote_marks": marks,
    }


GOLD = {
    "text": TEXT,
    "quotes": [_gold(PLAN, (0, 3), (4, 8), True), _gold(TALKS, (28, 31), (32, 36), False)],
}


def _actor(aid, name, start, end):
    return {"id": aid, "name": name, "mentions": [{"start": start, "end": end}]}


def _quote(span, qtype, speaker, mention, cue):
    return {
        "start": span[0],
        "end": span[1],
        "fragments": [{"start": span[0], "end": span[1]}],
        "type": qtype,
        "speaker": speaker,
        "speaker_mention": {"start": mention[0], "end": mention[1]} if mention else None,
        "cue": {"start": cue[0], "end": cue[1]} if cue else None,
    }


ACTORS = [_actor("a1", "Ann", 0, 3), _actor("a2", "Bob", 28, 31)]


@pytest.mark.parametrize(
    ("quotes", "expected"),
    [
        (  # both right: every figure 1
            [
                _quote(PLAN, "direct", "a1", (0, 3), (4, 8)),
                _quote(TALKS, "indirect", "a2", (28, 31), (32, 36)),
            ],
            {"all": 1.0, "direct": 1.0, "e2e": 1.0, "speaker": 1.0, "cue": 1.0},
        ),
        (  # the second with the wrong speaker and cue, plus a journalist's sentence
            [
                _quote(PLAN, "direct", "a1", (0, 3), (4, 8)),
                _quote(TALKS, "indirect", "a1", (0, 3), (0, 3)),
                _quote((60, 70), "indirect", None, None, None),
            ],
            # all: P 2/3, R 1; e2e: P 1/3, R 1/2; speakers 1/2; cues 1/2
            {"all": 0.8, "direct": 1.0, "e2e": 0.4, "speaker": 0.5, "cue": 0.5},
        ),
        (  # nothing predicted
            [],
            {"all": 0.0, "direct": 0.0, "e2e": 0.0, "speaker": 0.0, "cue": 0.0},
        ),
    ],
)
def test_reference_figures(quotes, expected):
    ref = Reference()
    ref.add(GOLD, {"quotes": quotes, "actors": ACTORS})
    f = ref.figures()
    got = {
        "all": f["all"]["F1"],
        "direct": f["direct"]["F1"],
        "e2e": f["end_to_end"]["F1"],
        "speaker": f["speaker_acc_resolved"],
        "cue": f["cue_acc"],
    }
    assert got == pytest.approx(expected)


def test_a_prediction_nested_in_a_matched_gold_is_not_counted():
    inner = (10, 18)  # 'the plan' inside the matched gold content
    quotes = [
        _quote(PLAN, "direct", "a1", (0, 3), (4, 8)),
        _quote(inner, "direct", "a1", (0, 3), None),
    ]
    ref = Reference()
    ref.add(GOLD, {"quotes": quotes, "actors": ACTORS})
    assert ref.all.pred == 1 and ref.direct.pred == 1


def test_apostrophe_quotation_marks_count_in_their_own_direct_view():
    text = "''We lost,'' said Ann. Bob said the talks would resume."
    start = text.index("the talks")
    we_lost, talks = (0, 12), (start, start + len("the talks would resume"))
    gold = {
        "text": text,
        "quotes": [
            {
                "contents": [{"start": 2, "end": 10}],
                "sources": [],
                "cue": None,
                "has_quote_marks": False,
            },
            {
                "contents": [{"start": talks[0], "end": talks[1]}],
                "sources": [],
                "cue": None,
                "has_quote_marks": False,
            },
        ],
    }
    quotes = [
        _quote(we_lost, "direct", None, None, None),
        _quote(talks, "indirect", None, None, None),
    ]
    ref = Reference()
    ref.add(gold, {"quotes": quotes, "actors": []})
    f = ref.figures()
    assert f["direct"]["F1"] == 0.0  # the reference counts ''…'' as no quotation marks
    assert f["direct_apostrophes"] == {"P": 1.0, "R": 1.0, "F1": 1.0}
    assert f["all"]["F1"] == 1.0
