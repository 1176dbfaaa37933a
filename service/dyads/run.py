"""RESULTS to a dyad table: one task per shard of the inputs, in this process or on Dask.

The inputs are read as the corpus mode reads its own (``service.corpus.inputs``): files,
directories of part files, globs, fsspec URLs, compressed or not, a large file cut into byte
ranges. A task counts the stances of its shard into a ``Partial``; the partials are added up
here. Counting is a sum and the rows are sorted, so the table does not depend on where or in
what order the shards were done.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from service.corpus.inputs import DEFAULT_SHARD_BYTES, Shard, expand, plan, read_lines
from service.dyads.facts import stance_facts
from service.dyads.table import By, Partial

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Summary:
    shards: int
    answers: int  # lines with an analysis
    errors: int  # error records and unreadable lines
    stances: int  # counted, every one in exactly one row


def count_shard(shard: Shard, by: By) -> Partial:
    """The counts of one shard's answers; a line that is no answer counts as an error."""
    partial = Partial()
    for raw in read_lines(shard):
        if not raw.strip():
            continue
        try:
            answer = json.loads(raw)
        except ValueError:
            partial.errors += 1
            continue
        if not isinstance(answer, dict) or "error" in answer or "stances" not in answer:
            partial.errors += 1
            continue
        partial.answers += 1
        for fact in stance_facts(answer):
            partial.add_fact(fact, by)
    return partial


def shards_of(results: list[str], shard_bytes: int = DEFAULT_SHARD_BYTES) -> list[Shard]:
    """The shards of RESULTS (raises ``InputError`` or ``FileNotFoundError`` for a bad one)."""
    return plan(expand(results), shard_bytes)


def count(
    shards: list[Shard], by: By, target: int | str | None = None, log: Log = lambda _m: None
) -> Partial:
    """The counts of every shard: here when ``target`` is None, else on Dask (N local workers or
    the scheduler at ADDRESS, as for the corpus mode)."""
    total = Partial()
    if target is None:
        for shard in shards:
            total.merge(count_shard(shard, by))
        return total
    from distributed import as_completed

    from service.corpus.cluster import connect

    run_id = uuid.uuid4().hex
    with connect(target, log) as client:
        futures = [
            client.submit(count_shard, s, by, key=f"dyads-{s.part}-{run_id}", pure=False)
            for s in shards
        ]
        for future in as_completed(futures):
            total.merge(future.result())
            future.release()
    return total


def summary(shards: list[Shard], total: Partial) -> Summary:
    return Summary(len(shards), total.answers, total.errors, total.stances)
