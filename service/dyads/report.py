"""The dyad table as one HTML page a person reads: for the top dyads a line of net stance per
period, for a chosen period the principals' graph, and under every point or edge its evidence.

The page is self-contained: its script, style and data are inline (``static/``), it loads
nothing from the network and draws its charts as SVG in the browser. Only what the page shows is
in it (the top dyads' rows, each period's strongest edges), with at most ``MAX_EVIDENCE``
statements a point; the table has the rest.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from importlib.resources import files
from typing import Any

from service.dyads.table import By

TOP_DYADS = 8
GRAPH_EDGES = 24  # per period
MAX_EVIDENCE = 40  # statements listed per point or edge
TAIL = 0.01  # of the dated statements left out of the drawing at either end of the time axis


def build(table_rows: Sequence[dict[str, Any]], by: By, *, title: str, top: int = TOP_DYADS) -> str:
    """The page for ``table_rows`` (``table.rows``), as HTML text."""
    data = page_data(table_rows, by, title=title, top=top)
    static = files("service.dyads") / "static"
    page = (static / "report.html").read_text(encoding="utf-8")
    # "</" would end the inline script early; JSON allows the escaped form
    payload = json.dumps(data, ensure_ascii=False, default=_iso).replace("</", "<\\/")
    return (
        page.replace("/*STYLE*/", (static / "report.css").read_text(encoding="utf-8"))
        .replace("/*SCRIPT*/", (static / "report.js").read_text(encoding="utf-8"))
        .replace("__TITLE__", html.escape(title))
        .replace("__DATA__", payload)
    )


def page_data(
    table_rows: Sequence[dict[str, Any]], by: By, *, title: str, top: int = TOP_DYADS
) -> dict[str, Any]:
    """What the page draws: periods, principals, the top dyads' points, each period's graph."""
    dated = [r for r in table_rows if r["period"] is not None]
    # drawn: stances between two principals; "other" actors (places, products, "the ad") and
    # statements within one principal stay in the table only
    between = [
        r
        for r in dated
        if r["source"] != r["target"] and "other" not in (r["source_kind"], r["target_kind"])
    ]
    periods, starts = _drawn_periods(between)
    outside = sum(r["n"] for r in between if r["period"] not in starts)
    between = [r for r in between if r["period"] in starts]
    points = _Points()
    dyads = _top_dyads(between, top, points)
    graphs, volume = _graphs(between, periods, points)
    principals = {}
    for r in table_rows:
        for side in ("source", "target"):
            principals[r[side]] = {"name": r[f"{side}_name"], "kind": r[f"{side}_kind"]}
    return {
        "title": title,
        "by": by,
        "periods": periods,
        "starts": [starts[p].isoformat() for p in periods],
        "principals": principals,
        "dyads": dyads,
        "graphs": graphs,
        "chosen_period": min(volume, key=lambda p: (-volume[p], p)) if volume else None,
        "evidence": points.evidence,
        "totals": {
            "rows": len(table_rows),
            "statements": sum(r["n"] for r in table_rows),
            "undated": sum(r["n"] for r in table_rows if r["period"] is None),
            "within": sum(r["n"] for r in table_rows if r["source"] == r["target"]),
            "drawn": sum(r["n"] for r in between),
            "outside": outside,
        },
    }


class _Points:
    """The drawn points, each with the index of its evidence in one shared list."""

    def __init__(self) -> None:
        self.evidence: list[dict[str, Any]] = []

    def __call__(self, r: dict[str, Any]) -> dict[str, Any]:
        self.evidence.append({"items": r["evidence"][:MAX_EVIDENCE], "more": r["n"] - MAX_EVIDENCE})
        keys = ("source", "target", "period", "n", "n_critical", "n_supportive", "n_neutral")
        return {
            **{k: r[k] for k in keys},
            **{k: r[k] for k in ("net", "net_low", "net_high")},
            "evidence": len(self.evidence) - 1,
        }


def _top_dyads(between: Sequence[dict[str, Any]], top: int, point: _Points) -> list[dict[str, Any]]:
    """The ``top`` dyads by statements, each with its points in period order."""
    totals: Counter[tuple[str, str]] = Counter()
    for r in between:
        totals[(r["source"], r["target"])] += r["n"]
    chosen = sorted(totals, key=lambda k: (-totals[k], k))[:top]
    by_dyad: dict[tuple[str, str], list[dict[str, Any]]] = {k: [] for k in chosen}
    for r in between:
        if (r["source"], r["target"]) in by_dyad:
            by_dyad[(r["source"], r["target"])].append(r)
    return [
        {
            "source": s,
            "target": t,
            "n": totals[(s, t)],
            "points": [point(r) for r in by_dyad[(s, t)]],
        }
        for s, t in chosen
    ]


def _graphs(
    between: Sequence[dict[str, Any]], periods: Sequence[str], point: _Points
) -> tuple[dict[str, list[dict[str, Any]]], Counter[str]]:
    """Each period's graph (its heaviest edges) and its volume of statements."""
    in_period: dict[str, list[dict[str, Any]]] = {p: [] for p in periods}
    for r in between:
        in_period[r["period"]].append(r)
    graphs: dict[str, list[dict[str, Any]]] = {}
    volume: Counter[str] = Counter()
    for p, edges in in_period.items():
        edges.sort(key=lambda r: (-r["n"], r["source"], r["target"]))
        graphs[p] = [point(r) for r in edges[:GRAPH_EDGES]]
        volume[p] = sum(r["n"] for r in edges)
    return graphs, volume


def _drawn_periods(rows: Sequence[dict[str, Any]]) -> tuple[list[str], dict[str, date]]:
    """The periods drawn, in order, and their first days: the shortest run of periods that holds
    all but ``TAIL`` of the statements at either end. A quote may date what was said years before
    the article ("said in June 2001"); a handful of those would squeeze every line into a corner.
    """
    volume: Counter[str] = Counter()
    starts: dict[str, date] = {}
    for r in rows:
        volume[r["period"]] += r["n"]
        starts[r["period"]] = r["period_start"]
    ordered = sorted(starts, key=starts.__getitem__)
    total = sum(volume.values())
    lo, hi, cut = 0, len(ordered), TAIL * total
    seen = 0
    while lo < hi and seen + volume[ordered[lo]] <= cut:
        seen += volume[ordered[lo]]
        lo += 1
    seen = 0
    while hi > lo and seen + volume[ordered[hi - 1]] <= cut:
        seen += volume[ordered[hi - 1]]
        hi -= 1
    kept = ordered[lo:hi]
    return kept, {p: starts[p] for p in kept}


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
