"""The benchmark's own arithmetic (the benchmark itself is a command, not a timed test)."""

from __future__ import annotations

import json
import os

import pytest

from tools.bench import common, http_runs, report, scaling


@pytest.mark.parametrize(
    ("texts", "per_request", "max_body", "expected"),
    [
        ([], 8, 10_000, []),
        (["a"] * 5, 2, 10_000, [2, 2, 1]),
        (["a"] * 3, 8, 10_000, [3]),
        # The body limit closes a batch early; a text alone is still sent (the server judges it).
        (["x" * 480] * 3, 8, 1_000, [1, 1, 1]),
        (["x" * 420, "x" * 420, "y"], 8, 1_000, [1, 2]),
        (["x" * 300, "x" * 300, "y"], 8, 1_000, [3]),
    ],
)
def test_batches_respect_document_and_body_limits(texts, per_request, max_body, expected):
    out = http_runs.batches(texts, per_request, max_body)
    assert [len(b) for b in out] == expected
    assert [t for b in out for t in b] == texts  # nothing lost, order kept
    for b in out:
        if len(b) > 1:
            body = json.dumps({"documents": [{"id": "0", "text": t} for t in b]})
            assert len(body) <= max_body


@pytest.mark.parametrize(
    ("sents", "n", "expected_len"),
    [
        ([], 10, 0),
        (["too short", "a b"], 10, 0),  # fewer than 3 words: not a sentence worth a request
        (["one two three", "four five six"], 1, 1),
        (["one two three", "four five six", "seven eight nine"], 7, 7),
    ],
)
def test_short_texts_are_varied(sents, n, expected_len):
    out = common.short_texts(sents, n)
    assert len(out) == expected_len
    assert len(set(out)) == len(out), "every request text differs"


def _result(
    raw=1000.0, b1=950.0, b2=1850.0, s1=900.0, s2=1700.0, p_raw=100.0, p_http=110.0, lang=0.1
):
    mem = [{"pid": 1, "rss_mb": 150.0, "pss_mb": 80.0}]
    return {
        "raw": {"words_per_s": raw},
        "engine": {"parse_s": 10.0, "language_s": lang},
        "server_1": {
            "workers": 1,
            "batch": {"words_per_s": b1},
            "single": {"words_per_s": s1},
            "latency": {"raw_ms": {"p50": p_raw}, "http_ms": {"p50": p_http}},
            "memory_at_start": mem,
            "memory_at_end": mem,
            "memory_run": {"samples": [{"pid": 1, "rss_mb": 420.0, "pss_mb": 300.0}]},
        },
        "server_2": {
            "workers": 2,
            "batch": {"words_per_s": b2},
            "single": {"words_per_s": s2},
            "memory_at_start": mem,
            "memory_at_end": mem,
        },
    }


def test_ratios_and_verdicts():
    r = report.ratios(_result())
    assert r["batch_1w_over_raw"] == pytest.approx(0.95)
    assert r["scaling_2w_over_1w"] == pytest.approx(1850 / 950)
    assert r["scaling_single_2w_over_1w"] == pytest.approx(1700 / 900)
    assert r["p50_http_over_raw"] == pytest.approx(1.1)
    assert r["rss_max_mb"] == 420.0  # the largest sample of any stage counts
    assert r["language_over_parse"] == pytest.approx(0.01)
    verdict = {what: ok for what, _, _, ok in report.verdicts(r)}
    assert list(verdict.values()) == [True, True, True, False, True]


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        ({"b1": 700.0}, 0),  # 0.70 of the raw limit
        ({"b2": 1700.0}, 1),  # 2 workers only 1.79x
        ({"p_http": 140.0}, 2),  # 1.4x the raw latency
        ({"lang": 0.3}, 4),  # language detection 3% of the parse
    ],
)
def test_each_target_can_fail(change, failing):
    verdicts = report.verdicts(report.ratios(_result(**change)))
    assert verdicts[failing][3] is False


def test_the_paired_raw_run_is_the_reference_when_there_is_one():
    result = _result(raw=1000.0, b1=950.0)
    result["server_1"]["batch_raw"] = {"words_per_s": 1100.0}  # measured in turn with HTTP
    result["server_1"]["batch_raw_service"] = {"words_per_s": 1250.0}
    r = report.ratios(result)
    assert r["batch_1w_over_raw"] == pytest.approx(950 / 1100)
    assert r["batch_1w_over_raw_stage"] == pytest.approx(0.95)
    assert r["batch_1w_over_service_parse"] == pytest.approx(950 / 1250)


def test_missing_stages_are_not_applicable():
    result = {"raw": {"words_per_s": 1000.0}}
    assert [ok for *_, ok in report.verdicts(report.ratios(result))] == [None] * 5


def _scaling(one: float, two: float, rounds: list[float]) -> dict:
    def side(wps: float) -> dict:
        return {"words_per_s": wps, "words_per_cpu_s": wps, "seconds": 1.0}

    return {"rounds": len(rounds), "one": side(one), "two": side(two), "round_ratios": rounds}


@pytest.mark.parametrize(
    ("one", "two", "rounds", "passes"),
    [
        (1000.0, 1850.0, [1.6, 1.9, 2.0], True),
        (1000.0, 1750.0, [1.9, 1.9, 1.2], False),  # the total counts, not the median round
    ],
)
def test_the_paired_scaling_stage_is_the_reference_when_there_is_one(one, two, rounds, passes):
    # The stages' batch routes say 2.0 either way; the paired rounds decide.
    result = _result(b1=950.0, b2=1900.0)
    result["scaling"] = _scaling(one, two, rounds)
    r = report.ratios(result)
    assert r["scaling_2w_over_1w"] == pytest.approx(two / one)
    assert r["scaling_stages_2w_over_1w"] == pytest.approx(2.0)
    assert r["scaling_round_median"] == pytest.approx(1.9)
    assert report.verdicts(r)[1][3] is passes


def test_an_empty_scaling_stage_leaves_the_stages_ratio():
    result = _result(b1=950.0, b2=1900.0)
    result["scaling"] = _scaling(1.0, 1.0, [])
    assert report.ratios(result)["scaling_2w_over_1w"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("jobs", "per_round", "expected"),
    [
        ([], 4, []),
        ([["a"], ["a b c"], ["a b"]], 4, [[["a b c"], ["a b"], ["a"]]]),
        # rounds keep their texts: sorted within a round, never across
        ([["a"], ["a b"], ["a b c"]], 2, [[["a b"], ["a"]], [["a b c"]]]),
        ([["a", "a b c"], ["a b"]], 2, [[["a", "a b c"], ["a b"]]]),  # by the batch's words
    ],
)
def test_rounds_are_cut_in_order_and_sorted_longest_first(jobs, per_round, expected):
    assert http_runs.rounds(jobs, per_round) == expected


class _LoggingPipeline:
    """spaCy in the forked processes: each writes "pid<TAB>text" for every text it parsed."""

    def __init__(self, path):
        self.path = path

    def pipe(self, docs, batch_size=1):
        with open(self.path, "a", encoding="utf-8") as fh:
            for d in docs:
                fh.write(f"{os.getpid()}\t{d}\n")
                yield d


def test_raw_scaling_gives_each_round_to_one_process_then_to_both(tmp_path):
    log = tmp_path / "parsed.tsv"
    texts = [" ".join([f"t{k}"] * n) for k, n in enumerate((5, 3, 8, 1, 2))]
    out = scaling.raw_scaling(_LoggingPipeline(log), texts, per_round=2, passes=2, budget=60)
    assert out["rounds"] == 6  # 3 rounds a pass
    assert out["words"] == 2 * sum(map(common.words, texts))
    rows = [line.split("\t") for line in log.read_text().splitlines()]
    # every text parsed twice a pass (alone, then in the split), nothing lost or doubled
    assert sorted(t for _, t in rows) == sorted(texts * 4)
    pids = {pid for pid, _ in rows}
    assert len(pids) == 2 and str(os.getpid()) not in pids  # two forked processes did the work
    per_pid = {pid: sum(1 for p, _ in rows if p == pid) for pid in pids}
    assert min(per_pid.values()) >= 6  # both took rounds alone and halves: not one doing it all


class _StubServer:
    def __init__(self, url):
        self.url = url
        self.workers = 1 if url == "one" else 2

    def cpu_ns(self):
        return {1: 0}


@pytest.mark.parametrize(
    ("fail_on", "rounds", "failures"),
    [
        (None, 4, 0),
        ("t3", 3, 1),  # the round holding t3 fails on one side: out of both
    ],
)
def test_paired_scaling_counts_a_round_for_both_sides_or_neither(
    monkeypatch, fail_on, rounds, failures
):
    calls = []
    seen = set()

    def fake_post(session, url, docs):
        calls.append((url, tuple(docs)))
        if url == "two" and any(d.startswith(f"{fail_on} ") for d in docs) and fail_on not in seen:
            seen.add(fail_on)  # in the first pass only
            raise ValueError("a batch item failed")
        return sum(map(common.words, docs))

    monkeypatch.setattr(http_runs, "post_batch", fake_post)
    texts = [f"t{k} x y" for k in range(8)]
    out = http_runs.paired_scaling(
        _StubServer("one"), _StubServer("two"), texts, 1, 4, 60, 10_000, passes=2
    )
    assert (out["rounds"], out["of"]) == (rounds, 4)
    assert out["one"]["failures"] + out["two"]["failures"] == failures
    assert out["words"] == 3 * 4 * rounds
    assert len(out["round_ratios"]) == len(out["round_seconds"]) == rounds
    # each server got every text of every round; the first side alternates between rounds
    for side in ("one", "two"):
        assert sorted(d for u, docs in calls if u == side for d in docs) == sorted(texts * 2)
    firsts = [calls[i][0] for i in range(0, len(calls), 8)]
    assert firsts == ["one", "two", "one", "two"]


@pytest.mark.parametrize(
    ("pairs", "low", "high"),
    [
        ([(2.0, 1.0)] * 5, 2.0, 2.0),  # no spread, no interval
        ([(1.0, 1.0), (3.0, 1.0)] * 10, 1.5, 2.5),
    ],
)
def test_the_scaling_interval_brackets_the_total(pairs, low, high):
    lo, hi = report.bootstrap_ratio(pairs)
    total = sum(a for a, _ in pairs) / sum(b for _, b in pairs)
    assert low <= lo <= total <= hi <= high
    assert (lo, hi) == report.bootstrap_ratio(pairs)  # the same rounds, the same interval


@pytest.mark.parametrize(("fail_at", "done"), [(None, 6), (2, 5)])
def test_paired_batch_rotates_the_sides_and_drops_a_failed_batch_from_all(
    monkeypatch, fail_at, done
):
    order = []

    class Pipe:
        def __init__(self, name):
            self.name = name

        def pipe(self, docs, batch_size=8):
            order.append(self.name)
            yield from docs

    def fake_post(session, url, docs):
        order.append("http")
        if len([o for o in order if o == "http"]) - 1 == fail_at:
            raise ValueError("a batch item failed")
        return sum(map(common.words, docs))

    monkeypatch.setattr(http_runs, "post_batch", fake_post)
    texts = [f"t{k} x" for k in range(6)]
    http, raws = http_runs.paired_batch(
        {"stock": Pipe("stock"), "service": Pipe("service")},
        _StubServer("one"),
        texts,
        2,
        8,
        60,
        10_000,
        passes=2,
    )
    assert (http["requests"], http["of"], http["failures"]) == (done, 6, 6 - done)
    assert http["words"] == raws["stock"]["words"] == 4 * done  # two 2-word texts a batch
    assert len(http["batch_seconds"]) == done
    # who goes first rotates: stock, then service, then HTTP
    assert [order[0], order[3], order[6]] == ["stock", "service", "http"]
