"""Scaling: raw ``nlp.pipe`` in one process against two (the machine's own scaling), and a
one-worker and a two-worker service up side by side, timed round by round."""

from __future__ import annotations

import argparse
import os
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from tools.bench.common import log, raw_rate, words
from tools.bench.http_runs import paired_scaling, rounds
from tools.bench.serving import pin_workers, warm_up


def _raw_child(nlp: Any, core: int | None, conn: Any) -> None:
    if core is not None:
        with suppress(OSError):
            os.sched_setaffinity(0, {core})
    while (docs := conn.recv()) is not None:
        c0 = time.process_time()
        for _ in nlp.pipe(docs, batch_size=1):
            pass
        conn.send(time.process_time() - c0)


def raw_scaling(
    nlp: Any, texts: list[str], per_round: int, passes: int, budget: float
) -> dict[str, Any]:
    """Raw ``nlp.pipe`` in one process against two, round by round: the machine's own scaling.

    Two processes forked after ``nlp`` is loaded, like gunicorn's preloaded workers, pinned to a
    core each; each round's articles go to one of them alone (the first in even rounds, the second
    in odd ones, so that neither has read more texts than the other), then split longest first
    between both, the order of the two turns alternating between rounds.
    """
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    cpus = sorted(os.sched_getaffinity(0))
    conns, procs = [], []
    for k in range(2):
        parent, child = ctx.Pipe()
        core = cpus[k] if len(cpus) >= 2 else None
        proc = ctx.Process(target=_raw_child, args=(nlp, core, child), daemon=True)
        proc.start()
        child.close()  # the parent's copy: a dead child is then an EOF here, not a hang
        conns.append(parent)
        procs.append(proc)

    def run(parts: list[tuple[Any, list[str]]]) -> tuple[float, float]:
        t0 = time.perf_counter()
        for conn, docs in parts:
            conn.send(docs)
        cpu = sum(conn.recv() for conn, _ in parts)
        return time.perf_counter() - t0, cpu

    totals = {"one": [0.0, 0.0], "two": [0.0, 0.0]}
    done = n = 0
    deadline = time.perf_counter() + budget
    try:
        plan = [
            [t for job in r for t in job]
            for _ in range(passes)
            for r in rounds([[t] for t in texts], per_round)
        ]
        for k, chunk in enumerate(plan):
            if time.perf_counter() > deadline:
                break
            halves: list[list[str]] = [[], []]
            for t in chunk:  # longest first, each to the lighter half
                min(halves, key=lambda h: sum(map(words, h))).append(t)
            sides = {"one": [(conns[k % 2], chunk)], "two": list(zip(conns, halves, strict=True))}
            for name in ("one", "two") if k % 2 == 0 else ("two", "one"):
                wall, cpu = run(sides[name])
                totals[name][0] += wall
                totals[name][1] += cpu
            done += sum(map(words, chunk))
            n += 1
    finally:
        for conn in conns:
            with suppress(OSError):
                conn.send(None)
        for proc in procs:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)
    return {
        "rounds": n,
        "words": done,
        **{name: raw_rate(done, wall, cpu) for name, (wall, cpu) in totals.items()},
    }


def stage_scaling(
    args: argparse.Namespace, texts: list[str], cfg: dict[str, Any]
) -> dict[str, Any]:
    """A one-worker and a two-worker service up side by side, timed round by round."""
    from service.nlp import pipeline
    from tools.bench.server import Server

    log("scaling: raw nlp.pipe, 1 process and 2, round by round ...")
    raw = raw_scaling(
        pipeline.load(stock=True, fresh=True),
        texts,
        args.scaling_round,
        args.scaling_passes,
        args.stage_seconds,
    )
    log(
        f"  raw: 1 process {raw['one']['words_per_s']:,.0f}, 2 processes "
        f"{raw['two']['words_per_s']:,.0f} words/s"
    )
    log_path = Path(args.server_log)
    with (
        Server(1, log_path=log_path, extra_args=args.gunicorn_args) as one,
        Server(2, log_path=log_path, extra_args=args.gunicorn_args) as two,
    ):
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) >= 2:
            # Workers placed as in the other stages: the one worker on the first core, the two on
            # a core each (the bench process and the masters are left to the scheduler).
            for server in (one, two):
                pin_workers(server, cpus)
        for server in (one, two):
            warm_up(server, texts, args.stage_seconds)
        log(f"scaling: 1 worker ({one.url}) and 2 workers ({two.url}), round by round ...")
        out = paired_scaling(
            one,
            two,
            texts,
            args.scaling_docs,
            args.scaling_round,
            args.stage_seconds,
            cfg["MAX_BODY_BYTES"],
            args.scaling_passes,
        )
    out["raw"] = raw
    log(
        f"  scaling: 1 worker {out['one']['words_per_s']:,.0f}, 2 workers "
        f"{out['two']['words_per_s']:,.0f} words/s ({out['rounds']}/{out['of']} rounds)"
    )
    return out
