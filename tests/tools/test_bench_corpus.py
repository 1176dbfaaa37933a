"""The corpus benchmark's checks (the benchmark itself is a command, not a timed test)."""

from __future__ import annotations

import json

import pytest

from tools.bench import corpus as bench


def _answer(doc_id, *, elapsed=1.0, request="r1", error=None, quotes=()) -> str:
    if error:
        return json.dumps({"id": doc_id, "line": 1, "error": error})
    meta = {"elapsed_ms": elapsed, "request_id": request, "service_version": "0.1.0"}
    return json.dumps({"id": doc_id, "meta": meta, "quotes": list(quotes)})


@pytest.mark.parametrize(
    ("answers", "ids", "ok", "errors"),
    [
        ([_answer("a"), _answer("b")], ["a", "b"], True, 0),
        ([_answer("a"), _answer(None, error="x")], ["a", None], True, 1),
        ([], [], True, 0),
        ([_answer("a")], ["a", "b"], False, 0),  # a lost line
        ([_answer("a"), _answer("a"), _answer("b")], ["a", "b"], False, 0),  # answered twice
        ([_answer("b"), _answer("a")], ["a", "b"], False, 0),  # out of order
    ],
)
def test_exactly_once(answers, ids, ok, errors):
    check = bench.exactly_once(answers, ids)
    assert (check["ok"], check["error_records"], check["lines"]) == (ok, errors, len(answers))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([_answer("a")], [_answer("a", elapsed=9.0, request="r2")], []),  # volatile meta only
        ([_answer("a", quotes=[1])], [_answer("a")], [1]),
        ([_answer("a"), _answer("b")], [_answer("a")], [2]),  # a missing answer
        ([_answer("a", error="x")], [_answer("a", error="x")], []),
        ([_answer("a", error="x")], [_answer("a", error="y")], [1]),
        ([], [], []),
    ],
)
def test_differences(a, b, expected):
    assert bench.differences(a, b) == expected


def test_part_lines_follow_the_manifest(tmp_path):
    shards = [{"part": "part-00001.jsonl"}, {"part": "part-00000.jsonl"}]
    (tmp_path / "_manifest.json").write_text(json.dumps({"shards": shards}))
    (tmp_path / "part-00000.jsonl").write_text("b\nc\n")
    (tmp_path / "part-00001.jsonl").write_text("a\n")
    assert bench.part_lines(tmp_path) == ["a", "b", "c"]


def test_input_ids_and_words(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [{"id": 7, "text": "a b c"}, {"text": "d"}, {"id": "x", "text": " e  f "}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    assert bench.input_ids(str(path)) == (["7", None, "x"], 6)
