"""The dyad table: statements counted per (source principal, target principal, period).

Shards are counted apart (``Partial``) and added up (``Partial.merge``); the rows come out
sorted, so the table is the same whatever the order in which shards were done.

The net score of a row is ``(n_supportive - n_critical) / n``, from -1 (every statement
critical) to +1 (every one supportive), neutral statements counting in ``n``. Its interval is a
95% normal (Wald) interval on that mean of scores -1, 0, +1: ``net ± 1.96 * sqrt(v / n)`` with
``v = p_s + p_c - (p_s - p_c)^2``, the proportions taken with one pseudo-statement of each label
added (``(count + 1) / (n + 3)``) so that a single statement, or a unanimous period, still has
an interval of some width; clipped to [-1, 1]. No bootstrap: each shard adds counts, and the
interval is a function of the sums.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from service.dyads.facts import Evidence, StanceFact
from service.nlp.types import POLAR_LABELS, STANCE_LABELS

By = Literal["day", "week", "month"]
Key = tuple[str, str, date | None]  # source, target, the period's first day (None: undated)
Z = 1.959964  # 95%


def period_start(day: date, by: By) -> date:
    """The first day of the period holding ``day``: itself, its week's Monday, its month's 1st."""
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def period_label(start: date | None, by: By) -> str | None:
    """``2016-09-12``, ``2016-W37`` (ISO week) or ``2016-09``; None for undated statements."""
    if start is None:
        return None
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


#: the labels in the order of the table's columns (n_critical, n_supportive, n_neutral)
ORDER = (*sorted(POLAR_LABELS), *(lb for lb in STANCE_LABELS if lb not in POLAR_LABELS))


@dataclass
class Cell:
    counts: Counter[str] = field(default_factory=Counter)
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, other: Cell) -> None:
        self.counts.update(other.counts)
        self.evidence.extend(other.evidence)


@dataclass
class Partial:
    """The counts of some answers: cells, the names and kinds each key was seen with, and how
    many answers and error records were read."""

    cells: dict[Key, Cell] = field(default_factory=dict)
    names: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    answers: int = 0
    errors: int = 0
    stances: int = 0

    def add_fact(self, fact: StanceFact, by: By) -> None:
        start = None if fact.date is None else period_start(fact.date, by)
        cell = self.cells.setdefault((fact.source.key, fact.target.key, start), Cell())
        cell.counts[fact.label] += 1
        cell.evidence.append(fact.evidence)
        for p in (fact.source, fact.target):
            self.names.setdefault(p.key, Counter())[(p.name, p.kind)] += 1
        self.stances += 1

    def merge(self, other: Partial) -> Partial:
        for key, cell in other.cells.items():
            self.cells.setdefault(key, Cell()).add(cell)
        for key, seen in other.names.items():
            self.names.setdefault(key, Counter()).update(seen)
        self.answers += other.answers
        self.errors += other.errors
        self.stances += other.stances
        return self


def net_interval(critical: int, supportive: int, neutral: int) -> tuple[float, float, float]:
    """The net score and its 95% interval (see the module's docstring)."""
    n = critical + supportive + neutral
    if n == 0:
        return 0.0, -1.0, 1.0
    net = (supportive - critical) / n
    ps, pc = (supportive + 1) / (n + 3), (critical + 1) / (n + 3)
    half = Z * math.sqrt(max(ps + pc - (ps - pc) ** 2, 0.0) / n)
    return net, max(-1.0, net - half), min(1.0, net + half)


def rows(total: Partial, by: By) -> list[dict[str, Any]]:
    """One row per cell, sorted by source, target and period (undated last)."""
    display = {key: _most_common(seen) for key, seen in total.names.items()}
    out = []
    far = date.max
    for key in sorted(total.cells, key=lambda k: (k[0], k[1], k[2] or far)):
        source, target, start = key
        cell = total.cells[key]
        crit, sup, neu = (cell.counts[label] for label in ORDER)
        net, low, high = net_interval(crit, sup, neu)
        evidence = sorted(cell.evidence, key=lambda e: (e.article or "", e.stance))
        out.append(
            {
                "source": source,
                "source_name": display[source][0],
                "source_kind": display[source][1],
                "target": target,
                "target_name": display[target][0],
                "target_kind": display[target][1],
                "period": period_label(start, by),
                "period_start": start,
                "n_critical": crit,
                "n_supportive": sup,
                "n_neutral": neu,
                "n": crit + sup + neu,
                "net": round(net, 6),
                "net_low": round(low, 6),
                "net_high": round(high, 6),
                "articles": len({e.article for e in evidence}),
                "evidence": [_evidence(e) for e in evidence],
            }
        )
    return out


def _most_common(seen: Counter[tuple[str, str]]) -> tuple[str, str]:
    # most often seen; among equals the first in alphabetical order, so that reruns agree
    return min(seen.items(), key=lambda item: (-item[1], item[0]))[0]


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "article": e.article,
        "stance": e.stance,
        "quotes": list(e.quotes),
        "label": e.label,
        "act": e.act,
        "date": e.date,
        "text": e.text,
    }


# --- files ----------------------------------------------------------------------------------------


def arrow_schema() -> Any:
    import pyarrow as pa

    evidence = pa.struct(
        [
            ("article", pa.string()),
            ("stance", pa.string()),
            ("quotes", pa.list_(pa.string())),
            ("label", pa.string()),
            ("act", pa.string()),
            ("date", pa.date32()),
            ("text", pa.string()),
        ]
    )
    counts = [(name, pa.int64()) for name in ("n_critical", "n_supportive", "n_neutral", "n")]
    return pa.schema(
        [
            *((name, pa.string()) for name in _PRINCIPAL_COLUMNS),
            ("period", pa.string()),
            ("period_start", pa.date32()),
            *counts,
            ("net", pa.float64()),
            ("net_low", pa.float64()),
            ("net_high", pa.float64()),
            ("articles", pa.int64()),
            ("evidence", pa.list_(evidence)),
        ]
    )


_PRINCIPAL_COLUMNS = (
    "source",
    "source_name",
    "source_kind",
    "target",
    "target_name",
    "target_kind",
)


def to_arrow(table_rows: Iterable[dict[str, Any]]) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(list(table_rows), schema=arrow_schema())


def write(table_rows: list[dict[str, Any]], out_dir: str) -> tuple[str, str]:
    """``dyads.parquet`` and ``dyads.csv`` under ``out_dir`` (a directory or an fsspec URL, made
    if missing); in the CSV the evidence is one JSON array per row."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    from fsspec.core import url_to_fs
    from fsspec.implementations.local import LocalFileSystem

    fs, root = url_to_fs(out_dir)
    fs.makedirs(root, exist_ok=True)
    parquet, csv = f"{root.rstrip('/')}/dyads.parquet", f"{root.rstrip('/')}/dyads.csv"
    with fs.open(parquet, "wb") as fh:
        pq.write_table(to_arrow(table_rows), fh)
    schema = arrow_schema()
    flat_schema = schema.set(schema.get_field_index("evidence"), pa.field("evidence", pa.string()))
    flat = [{**r, "evidence": json.dumps(r["evidence"], default=str)} for r in table_rows]
    with fs.open(csv, "wb") as fh:
        pcsv.write_csv(pa.Table.from_pylist(flat, schema=flat_schema), fh)
    if isinstance(fs, LocalFileSystem):
        return parquet, csv
    return fs.unstrip_protocol(parquet), fs.unstrip_protocol(csv)
