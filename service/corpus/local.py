"""``corpus IN.jsonl OUT.jsonl [--n-process N]``: one output file, the engine in N processes.

The command process only reads raw lines and writes answers; the pool's processes do the rest
(JSON parsing, the API's request check, the parse, the rules and the response dump), a chunk of
lines at a time, so N processes give about N times the throughput of one. Answers are written in
input order, as soon as the chunks before them are done.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from service.corpus.records import Outcome
from service.corpus.settings import Settings

Chunk = list[tuple[int, bytes]]


@dataclass(frozen=True, slots=True)
class Totals:
    ok: int
    errors: int
    words: int
    seconds: float

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def analyse_chunk(chunk: Chunk, settings: Settings) -> list[Outcome]:
    """The answers to a chunk of numbered raw lines, in this process's pipeline."""
    from service.corpus.runner import answer_lines

    return list(answer_lines(chunk, settings))


def outcomes(
    lines: Iterable[bytes], settings: Settings, *, n_process: int = 1
) -> Iterator[Outcome]:
    """The answer to every line, in input order: in this process, or in a pool of ``n_process``."""
    if n_process == 1:
        from service.corpus.runner import answer_lines

        yield from answer_lines(enumerate(lines, start=1), settings)
        return
    # Spawned, not forked: each process loads its own pipeline (a second or two, in parallel)
    # instead of inheriting the parent's threads and locks, and it works the same on every OS.
    context = multiprocessing.get_context("spawn")
    chunk_lines = settings.batch_size  # small enough to keep every process busy to the end
    with ProcessPoolExecutor(
        n_process, mp_context=context, initializer=_load, initargs=(settings,)
    ) as pool:
        window: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(lines, chunk_lines):
            window.append(pool.submit(analyse_chunk, chunk, settings))
            # A bounded window: the input is never read much ahead of the answers.
            if len(window) >= 2 * n_process:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _load(settings: Settings) -> None:
    """A pool process's start: its pipeline, before the first chunk (spaCy is imported here,
    in the pool's processes only: the command process just reads and writes)."""
    from service.corpus.runner import engine_for

    engine_for(settings)


def _chunks(lines: Iterable[bytes], size: int) -> Iterator[Chunk]:
    chunk: Chunk = []
    for n, raw in enumerate(lines, start=1):
        chunk.append((n, raw))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    lines: Iterable[bytes],
    out: IO[str],
    settings: Settings,
    *,
    n_process: int = 1,
    progress: Any = None,
) -> Totals:
    """Write one answer line per input line to ``out``; report refused lines on stderr."""
    ok = errors = words = 0
    started = time.perf_counter()
    for outcome in outcomes(lines, settings, n_process=n_process):
        out.write(outcome.json)
        out.write("\n")
        if outcome.error is None:
            ok += 1
            words += outcome.words
        else:
            errors += 1
            _log(progress, f"line {outcome.line}: skipped: {outcome.error}")
        if progress is not None:
            progress.update(1)
    return Totals(ok, errors, words, time.perf_counter() - started)


def _log(progress: Any, message: str) -> None:
    # Through tqdm when there is a bar, so the message does not tear the bar apart.
    if progress is not None and hasattr(progress, "write"):
        progress.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr)
