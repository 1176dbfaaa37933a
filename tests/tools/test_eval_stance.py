"""Scorers of ``python -m tools.eval stance`` and ``plover``: hand-computed cases."""

from __future__ import annotations

import json

import pytest

from service.nlp.types import Actor, Analysis, Span, Stance
from tools.eval import plover
from tools.eval import stance as ev


def _actor(aid: str, start: int, end: int, affiliation: str | None = None) -> Actor:
    return Actor(
        id=aid, name=aid, type="person", affiliation=affiliation,
        mentions=(Span(start, end, "x" * (end - start)),),
    )  # fmt: skip


def _stance(src: str, tgt: str, label: str, conf: float = 0.5) -> Stance:
    return Stance(
        id=f"{src}{tgt}{label}", source=src, target=tgt, label=label, act="criticize",
        plover_event=None, plover_mode=None, cameo=None, negated=False, quotes=(), confidence=conf,
    )  # fmt: skip


E1, E2 = {"start": 0, "end": 5}, {"start": 20, "end": 25}
ACTORS = (_actor("a", 0, 5), _actor("b", 20, 25), _actor("c", 40, 45), _actor("sp", 50, 55, "a"))


@pytest.mark.parametrize(
    ("stances", "expected"),
    [
        ([_stance("a", "b", "supportive")], 1),
        ([_stance("b", "a", "supportive")], 2),
        ([_stance("a", "b", "critical")], 3),
        ([_stance("b", "a", "critical")], 4),
        ([_stance("sp", "b", "critical")], 3),  # a spokesperson counts for the actor it serves
        ([_stance("a", "b", "neutral")], 0),  # neutral → 0
        ([_stance("a", "c", "critical")], 0),  # target not e2
        ([_stance("b", "sp", "critical")], 0),  # the target side does not follow affiliations
        ([], 0),
        ([_stance("a", "b", "critical", 0.4), _stance("b", "a", "supportive", 0.9)], 2),
    ],
)
def test_predict(stances, expected):
    analysis = Analysis(actors=ACTORS, stances=tuple(stances))
    assert ev.predict(analysis, E1, E2) == expected


def test_macro_f1_hand_computed():
    gold = [0, 0, 1, 3, 3, 4]
    pred = [0, 1, 1, 3, 0, 0]
    f1, per = ev.macro_f1(gold, pred)
    # class 0: tp1 fp2 fn1 → 2/5; class 1: tp1 fp1 → 2/3; class 3: tp1 fn1 → 2/3; 2 and 4: 0
    assert per == pytest.approx([0.4, 2 / 3, 0.0, 2 / 3, 0.0])
    assert f1 == pytest.approx((0.4 + 4 / 3) / 5)


def test_macro_f1_perfect_and_all_neutral():
    gold = [0, 1, 2, 3, 4]
    assert ev.macro_f1(gold, gold)[0] == pytest.approx(1.0)
    assert ev.macro_f1(gold, [0] * 5)[0] == pytest.approx((2 * 1 / (2 + 4)) / 5)


def test_confusion_rows_are_gold():
    m = ev.confusion([0, 3, 3], [0, 0, 3])
    assert m[3][0] == 1 and m[3][3] == 1 and m[0][0] == 1
    assert sum(map(sum, m)) == 3


def test_report_mentions_baseline():
    out = ev.format_report([0, 1], [0, 1])
    # classes never gold nor predicted score 0: two perfect classes of five give 0.4
    assert "macro-F1 0.400" in out and "baseline 0.133" in out


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("DEMAND", "REQUEST"),
        ("DISAPPROVE", "ACCUSE"),
        ("AGREE", "AGREE"),
        ("INVESTIGATE", None),  # an action, not a verbal event
        ("ASSAULT", None),
        ("DOCUMENT", None),
    ],
)
def test_plover_gold_event(event, expected):
    assert plover.gold_event({"event": event, "text": "x"}) == expected


def test_plover_gold_event_needs_text():
    assert plover.gold_event({"event": "AGREE"}) is None


def test_plover_actor_spans():
    text = "Hungary and Romania agreed; Hungary said so."
    spans = plover.actor_spans(text, [{"actorText": "Hungary"}, {"actorText": "Chile"}])
    assert spans == [(0, 7), (28, 35)]
    assert plover.actor_spans(text, "") == []


def test_stance_main_runs_on_a_tiny_file(tmp_path, capsys):
    rows = [
        {"text": "France criticized Russia on Monday.", "e1": {"start": 0, "end": 6},
         "e2": {"start": 18, "end": 24}, "label": 3},
        {"text": "The weather was mild in Paris.", "e1": {"start": 4, "end": 11},
         "e2": {"start": 24, "end": 29}, "label": 0},
    ]  # fmt: skip
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert ev.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "records 2" in out and "macro-F1" in out


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Russia said Ukraine must withdraw its troops.", "REQUEST"),
        ("Syria said it will not accept any more refugees.", "REJECT"),
        ("Norway is ready to send aid to Saudi Arabia.", "AGREE"),
        ("Iran threatened to close the strait.", "THREATEN"),
        ("The minister accused the opposition of fraud.", "ACCUSE"),
        ("Portugal praised Turkey's reforms.", "SUPPORT"),
        ("The weather was mild.", None),
    ],
)
def test_sentence_act(nlp, text, event):
    assert plover.sentence_act(nlp(text)).plover == event
