"""``corpus INPUT... OUT_DIR --dask N|ADDRESS``: the driver of a Dask run.

It plans the shards, skips those whose part is already complete, and submits one task per
remaining shard (``task.run_shard``) to a cluster: a ``LocalCluster`` of N single-threaded worker
processes that it starts and stops itself, or an existing scheduler at ADDRESS. Each worker loads
the pipeline once, when it joins (``LoadPipeline``), and keeps it for all its tasks. A worker that
dies mid-task is replaced and its task run again elsewhere by the scheduler; a task that raises
(a network error while reading, say) is retried too. Only whole parts ever appear in OUT_DIR.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from service.corpus.inputs import Shard
from service.corpus.parts import OutputDir
from service.corpus.settings import Settings
from service.corpus.task import ShardResult, run_shard

RETRIES = 2  # a task that raises is run up to 3 times; worker deaths are the scheduler's to count
TRIM = "MALLOC_TRIM_THRESHOLD_"
# Dask's worker defaults suit workers that hold data and run short tasks; ours hold none between
# tasks and parse for minutes on end. Two defaults cost a worker CPU per word (docs/corpus.md):
# - glibc's malloc trim threshold, which Dask sets to 64 KiB to hand memory back to the OS sooner,
#   also fixes the mmap threshold, so every large array spaCy allocates is mapped and unmapped
#   again. Unset, glibc keeps its own adaptive thresholds.
# - the event loop's frequent wake-ups (a latency tick, a stack sample of the running task, the
#   memory and system monitors) each take the GIL from the parse. Fewer of them change nothing a
#   corpus run relies on.
WORKER_CONFIG = {
    f"distributed.nanny.pre-spawn-environ.{TRIM}": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
UNTRIM_HINT = "DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON='{\"MALLOC_TRIM_THRESHOLD_\": None}'"
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class RunSummary:
    shards: int
    skipped: int  # shards whose part was complete before this run
    results: tuple[ShardResult, ...]  # the shards done by this run
    failed: tuple[str, ...]  # "part-00003.jsonl: why", for the shards that could not be done
    seconds: float  # wall time of the run, cluster start and pipeline loads included

    @property
    def docs(self) -> int:
        return sum(r.docs for r in self.results)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)

    @property
    def words(self) -> int:
        return sum(r.words for r in self.results)

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


class LoadPipeline(WorkerPlugin):
    """Load the pipeline in each worker as it joins (restarted workers too), before any task."""

    idempotent = True

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def setup(self, worker: object) -> None:
        from service.corpus.runner import engine_for  # spaCy: in workers only, not the driver

        # In a thread: a load of a second or two must not stall the worker's heartbeats.
        await asyncio.to_thread(engine_for, self.settings)


@contextmanager
def connect(target: int | str, log: Log) -> Iterator[Client]:
    """A client of a new ``LocalCluster`` of ``target`` workers, or of the scheduler at
    ``target``; a cluster started here is stopped on the way out."""
    if isinstance(target, int):
        # Single-threaded worker processes: spaCy is not thread-safe, and a parse holds the GIL.
        with (
            dask.config.set(WORKER_CONFIG),
            LocalCluster(n_workers=target, threads_per_worker=1, processes=True) as cluster,
            Client(cluster) as client,
        ):
            note = "" if importlib.util.find_spec("bokeh") else " (pip install bokeh to view it)"
            log(f"Dask dashboard: {client.dashboard_link}{note}")
            yield client
        return
    with Client(target) as client:
        log(f"Dask dashboard: {client.dashboard_link}")
        _check_workers(client, log)
        yield client


def _check_workers(client: Client, log: Log) -> None:
    """Warn about workers of an existing cluster that are set up to be slow or unsafe here."""
    threaded = [a for a, w in client.scheduler_info()["workers"].items() if w["nthreads"] > 1]
    if threaded:
        log(
            f"warning: {len(threaded)} worker(s) run several threads; start them with "
            "--nthreads 1 (spaCy is not thread-safe and a parse holds the GIL)"
        )
    trimmed = [a for a, value in client.run(_trim_threshold).items() if value is not None]
    if trimmed:
        log(
            f"warning: {len(trimmed)} worker(s) run with {TRIM} set (Dask's default), which "
            f"costs 15-20% of the parse; start them with {UNTRIM_HINT} (docs/corpus.md)"
        )


def _trim_threshold() -> str | None:
    return os.environ.get(TRIM)


def run(
    shards: list[Shard], out_dir: str, settings: Settings, target: int | str, log: Log
) -> RunSummary:
    """Do every shard whose part is not complete in ``out_dir``; report each task as it ends."""
    started = time.perf_counter()
    out = OutputDir(out_dir)
    out.prepare(shards)
    complete = out.complete()
    todo = [s for s in shards if s.part not in complete]
    log(
        f"{len(shards)} shards: {len(shards) - len(todo)} complete from an earlier run, "
        f"{len(todo)} to do"
    )
    results: list[ShardResult] = []
    failed: list[str] = []
    if todo:
        with connect(target, log) as client:
            client.register_plugin(LoadPipeline(settings))
            shard_of = {
                client.submit(
                    run_shard,
                    s,
                    out_dir,
                    settings,
                    key=f"corpus-{s.part}-{settings.run_id}",
                    pure=False,
                    retries=RETRIES,
                ): s
                for s in todo
            }
            for future in as_completed(shard_of):
                part = shard_of[future].part
                try:
                    results.append(future.result())
                except Exception as exc:  # reported, and redone by the next run
                    failed.append(f"{part}: {type(exc).__name__}: {exc}")
                    log(f"{part}: failed: {type(exc).__name__}: {exc}")
                    continue
                finally:
                    # Let the scheduler forget the result: while a future is held, a worker's
                    # death makes the scheduler run again the finished tasks whose results it
                    # kept, redoing whole shards whose parts are already written.
                    future.release()
                done = len(results) + len(failed)
                _progress(results, done, len(todo), time.perf_counter() - started, log)
        out.remove_temporary()
    return RunSummary(
        len(shards),
        len(shards) - len(todo),
        tuple(results),
        tuple(failed),
        time.perf_counter() - started,
    )


def _progress(results: list[ShardResult], done: int, total: int, seconds: float, log: Log) -> None:
    last = results[-1]
    words = sum(r.words for r in results)
    log(
        f"[{done}/{total} tasks] {last.part}: {last.docs} docs, {last.errors} errors "
        f"in {last.seconds:.1f} s on {last.worker}; so far {words / seconds:,.0f} words/s"
    )
    for problem in last.problems:
        log(f"  {last.part} {problem}")
    if last.errors > len(last.problems):
        log(f"  … and {last.errors - len(last.problems)} more error records in {last.part}")


def summary_line(summary: RunSummary) -> str:
    return (
        f"{summary.docs} analysed, {summary.errors} error records, {summary.words} words in "
        f"{summary.seconds:.1f} s: {summary.words_per_s:,.0f} words/s; shards: "
        f"{len(summary.results)} done, {summary.skipped} complete before, "
        f"{len(summary.failed)} failed"
    )
