"""The dyad table: principals keyed alike across articles, every stance counted once, the same
table here and on a Dask LocalCluster, and the files and report it is written to."""

from __future__ import annotations

import json
import re
from datetime import date

import pyarrow.parquet as pq
import pytest

from service.cli import main
from service.dyads import report, run, table
from service.dyads.facts import canonical, stance_facts
from tests.dyads.synthetic import ANSWERS, ERROR, STANCES, write_corpus

W1, W2 = date(2016, 1, 4), date(2016, 1, 11)

# (source, target, period start) → (critical, supportive, neutral), by week
BY_WEEK = {
    ("FR", "RU", W1): (2, 0, 0),  # a quote of the 4th and a reported act of the 6th
    ("FR", "RU", None): (1, 1, 0),  # a quote without time, a reported act without a date
    ("Jan Novak", "FR", None): (1, 0, 0),
    ("Jan Novak", "Ruritanian Party", W2): (0, 0, 1),
    ("RU", "FR", W1): (1, 1, 0),  # the ministry's minister; a Sunday statement of the 10th
    ("Reuters", "FR", W2): (0, 0, 1),  # a news agency counts under none: itself
}


def _cells(rows):
    return {
        (r["source"], r["target"], r["period_start"]): (
            r["n_critical"],
            r["n_supportive"],
            r["n_neutral"],
        )
        for r in rows
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("answers"))


def test_every_stance_is_counted_once(corpus):
    shards = run.shards_of(corpus)
    total = run.count(shards, "week")
    rows = table.rows(total, "week")
    assert _cells(rows) == BY_WEEK
    assert (total.answers, total.errors, total.stances) == (3, 1, STANCES)
    assert sum(r["n"] for r in rows) == STANCES
    for label in ("critical", "supportive", "neutral"):
        given = sum(s["label"] == label for a in ANSWERS for s in a["stances"])
        assert sum(r[f"n_{label}"] for r in rows) == given
    assert sum(len(r["evidence"]) for r in rows) == STANCES
    assert [r["period"] for r in rows if r["source"] == "FR"] == ["2016-W01", None]


def test_names_and_kinds_are_the_articles(corpus):
    rows = table.rows(run.count(run.shards_of(corpus), "week"), "week")
    names = {r["source"]: (r["source_name"], r["source_kind"]) for r in rows}
    assert names == {
        "FR": ("France", "country"),
        "Jan Novak": ("Mr. Jan B. Novak", "person"),
        "RU": ("Russia", "country"),
        "Reuters": ("Reuters", "organization"),
    }


@pytest.mark.parametrize(
    ("by", "cells"),
    [
        (
            "month",
            {
                ("FR", "RU", date(2016, 1, 1)): (2, 0, 0),
                ("FR", "RU", None): (1, 1, 0),
                ("Jan Novak", "FR", None): (1, 0, 0),
                ("Jan Novak", "Ruritanian Party", date(2016, 1, 1)): (0, 0, 1),
                ("RU", "FR", date(2016, 1, 1)): (1, 1, 0),
                ("Reuters", "FR", date(2016, 1, 1)): (0, 0, 1),
            },
        ),
        (
            "day",
            {
                ("FR", "RU", date(2016, 1, 4)): (1, 0, 0),
                ("FR", "RU", date(2016, 1, 6)): (1, 0, 0),
                ("FR", "RU", None): (1, 1, 0),
                ("Jan Novak", "FR", None): (1, 0, 0),
                ("Jan Novak", "Ruritanian Party", W2): (0, 0, 1),
                ("RU", "FR", date(2016, 1, 5)): (1, 0, 0),
                ("RU", "FR", date(2016, 1, 10)): (0, 1, 0),
                ("Reuters", "FR", W2): (0, 0, 1),
            },
        ),
    ],
)
def test_other_periods(corpus, by, cells):
    rows = table.rows(run.count(run.shards_of(corpus), by), by)
    assert _cells(rows) == cells
    assert sum(r["n"] for r in rows) == STANCES


@pytest.mark.slow
def test_the_same_table_locally_and_on_a_local_cluster(corpus):
    # byte ranges of ~200 bytes: several shards of the uncompressed part, done in any order
    shards = run.shards_of(corpus, shard_bytes=200)
    assert len(shards) > 2
    here = table.to_arrow(table.rows(run.count(shards, "week"), "week"))
    on_dask = table.to_arrow(table.rows(run.count(shards, "week", 2), "week"))
    assert here.num_rows == len(BY_WEEK)
    assert on_dask.equals(here)
    assert sum(on_dask.column("n").to_pylist()) == STANCES


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((0, 0, 0), (0.0, -1.0, 1.0)),
        # n = 1: p_s = 1/4, p_c = 2/4, v = 0.6875, half-width 1.96 * 0.829 = 1.625
        ((1, 0, 0), (-1.0, -1.0, 0.625116)),
        ((0, 1, 0), (1.0, -0.625116, 1.0)),
        ((0, 0, 4), (0.0, -0.523822, 0.523822)),
        ((30, 10, 0), (-0.5, -0.770235, -0.229765)),
    ],
)
def test_net_interval(counts, expected):
    assert tuple(round(x, 6) for x in table.net_interval(*counts)) == expected


def test_the_interval_narrows_as_statements_add_up():
    widths = [table.net_interval(3 * k, k, k) for k in (1, 4, 16, 64)]
    assert [round(net, 6) for net, _, _ in widths] == [-0.4] * 4
    spans = [high - low for _, low, high in widths]
    assert spans == sorted(spans, reverse=True) and spans[-1] < 0.2


@pytest.mark.parametrize(
    ("day", "by", "start", "label"),
    [
        (date(2016, 1, 1), "week", date(2015, 12, 28), "2015-W53"),  # a Friday, ISO week 53
        (date(2016, 1, 4), "week", date(2016, 1, 4), "2016-W01"),
        (date(2016, 9, 18), "week", date(2016, 9, 12), "2016-W37"),  # a Sunday
        (date(2016, 9, 18), "month", date(2016, 9, 1), "2016-09"),
        (date(2016, 9, 18), "day", date(2016, 9, 18), "2016-09-18"),
    ],
)
def test_periods(day, by, start, label):
    assert table.period_start(day, by) == start
    assert table.period_label(start, by) == label
    assert table.period_label(None, by) is None


@pytest.mark.parametrize(
    ("name", "kind", "key"),
    [
        ("Mr. Donald J. Trump", "person", "Donald Trump"),
        ("Donald Trump", "person", "Donald Trump"),
        ("Dr. Jill Biden", "person", "Jill Biden"),
        ("J. K. Rowling", "person", "J. K. Rowling"),  # initials that lead are her name
        ("the White House", "organization", "White House"),
        ("The Supreme Court", "organization", "Supreme Court"),
        ("Women’s March", "group", "Women's March"),
        ("Mr. B.", "organization", "Mr. B."),  # not a person: left as it is
        ("The", "organization", "The"),
    ],
)
def test_canonical_names(name, kind, key):
    assert canonical(name, kind) == key


def test_facts_of_an_error_record_or_an_answer_without_stances():
    assert list(stance_facts(ERROR)) == []
    assert list(stance_facts({**ANSWERS[0], "stances": []})) == []


def test_the_command_writes_the_table_and_the_report(corpus, tmp_path, capsys):
    out, html = tmp_path / "out", tmp_path / "report.html"
    assert main(["aggregate", *corpus, str(out), "--by", "week", "--html", str(html), "-q"]) == 0
    assert f"{STANCES} stances in {len(BY_WEEK)} rows by week" in capsys.readouterr().err
    parquet = pq.read_table(out / "dyads.parquet")
    assert parquet.schema.equals(table.arrow_schema())
    assert sum(parquet.column("n").to_pylist()) == STANCES
    lines = (out / "dyads.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('"source","source_name","source_kind","target"')
    assert len(lines) == 1 + len(BY_WEEK)
    page = html.read_text(encoding="utf-8")
    assert (
        page.startswith("<!doctype html>") and "__DATA__" not in page and "/*SCRIPT*/" not in page
    )
    # nothing to fetch: the one URL in the page is the SVG namespace, a name, not an address
    assert set(re.findall(r"https?://[^\s\"'`]+", page)) == {"http://www.w3.org/2000/svg"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/no/such/answers.jsonl"], "no such file"),
        (["/no/such/dir/*.jsonl"], "no file matches"),
    ],
)
def test_the_command_refuses_missing_inputs(tmp_path, capsys, argv, message):
    assert main(["aggregate", *argv, str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_report_draws_only_what_lies_between_two_principals(corpus):
    rows = table.rows(run.count(run.shards_of(corpus), "week"), "week")
    data = report.page_data(rows, "week", title="t", top=8)
    drawn = {(d["source"], d["target"]) for d in data["dyads"]}
    assert drawn == {
        ("FR", "RU"),
        ("RU", "FR"),
        ("Jan Novak", "Ruritanian Party"),
        ("Reuters", "FR"),
    }
    assert data["periods"] == ["2016-W01", "2016-W02"]
    assert data["chosen_period"] == "2016-W01"  # 4 statements against 2
    assert data["totals"] == {
        "rows": 6,
        "statements": STANCES,
        "undated": 3,
        "within": 0,
        "drawn": 6,
        "outside": 0,
    }
    for d in data["dyads"]:
        for p in d["points"]:
            assert len(data["evidence"][p["evidence"]]["items"]) == p["n"]


def test_the_report_page_escapes_what_it_embeds():
    rows = [
        {
            **{k: "x" for k in ("source", "source_name", "target", "target_name")},
            "target": "y",
            "source_kind": "country",
            "target_kind": "country",
            "period": "2016-W01",
            "period_start": W1,
            **{"n_critical": 1, "n_supportive": 0, "n_neutral": 0, "n": 1},
            **{"net": -1.0, "net_low": -1.0, "net_high": 0.6},
            "articles": 1,
            "evidence": [{"text": "</script><script>alert(1)</script>", "date": W1}],
        }
    ]
    page = report.build(rows, "week", title="<b>T</b>")
    assert "</script><script>alert(1)" not in page
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in page
    data = page.split('<script id="data" type="application/json">')[1].split("</script>")[0]
    assert json.loads(data)["evidence"][0]["items"][0]["text"].startswith("</script>")


def _row(period_start: date, n: int, source: str = "FR", target: str = "RU") -> dict:
    return {
        **{"source": source, "target": target, "source_name": source, "target_name": target},
        **{"source_kind": "country", "target_kind": "country"},
        "period": table.period_label(period_start, "week"),
        "period_start": period_start,
        **{"n_critical": n, "n_supportive": 0, "n_neutral": 0, "n": n},
        **{"net": -1.0, "net_low": -1.0, "net_high": -0.9, "articles": 1, "evidence": []},
    }


@pytest.mark.parametrize(
    ("far", "drawn"),
    [
        (1, ["2016-W01", "2016-W02"]),  # 1 of 201 statements, years before: left out
        (3, ["2001-W22", "2016-W01", "2016-W02"]),  # 3 of 203: over 1%, drawn
    ],
)
def test_the_time_axis_leaves_out_a_far_tail(far, drawn):
    rows = [_row(date(2001, 5, 28), far), _row(W1, 100), _row(W2, 100)]
    data = report.page_data(rows, "week", title="t")
    assert data["periods"] == drawn
    assert data["totals"]["outside"] == (far if len(drawn) == 2 else 0)
    assert [p["period"] for p in data["dyads"][0]["points"]] == drawn
