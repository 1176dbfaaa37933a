"""One shard end to end, as a Dask worker runs it: read, analyse, write the part atomically.

No Dask here: the task is a plain function of plain, picklable values, so it runs the same in a
test, in a worker on this machine or in a pod on a cluster. The engine is imported inside the
task: the driver pickles ``run_shard`` by reference and so imports this module, but never needs
spaCy itself (a second or two of start-up saved).
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from service.corpus.inputs import Shard, read_lines
from service.corpus.parts import OutputDir
from service.corpus.settings import Settings

MAX_PROBLEMS = 5  # error messages a task reports back; every one is in its part file


@dataclass(frozen=True, slots=True)
class ShardResult:
    part: str
    docs: int  # lines answered with an analysis
    errors: int  # lines answered with an error record
    words: int  # in the analysed texts
    seconds: float  # the task's wall time, the pipeline's first load included
    cpu_seconds: float  # the CPU time of the worker process meanwhile, its other threads too
    worker: str  # host:pid of the process that wrote the part
    problems: tuple[str, ...] = ()  # the first MAX_PROBLEMS error records, as "line N: why"


def run_shard(shard: Shard, out_dir: str, settings: Settings) -> ShardResult:
    """Analyse every line of ``shard`` into its part file under ``out_dir``.

    Each output line answers the shard's input line of the same number. The part appears only
    once it is whole; an exception (unreadable input, a full disk) leaves no part behind.
    """
    from service.corpus.runner import answer_lines, engine_for

    started = time.perf_counter()
    cpu_started = time.process_time()
    engine_for(settings)  # the pipeline first: a failure to load it leaves no temporary part
    docs = errors = words = 0
    problems: list[str] = []
    with OutputDir(out_dir).writer(shard.part) as out:
        for outcome in answer_lines(enumerate(read_lines(shard), 1), settings):
            out.write(outcome.json.encode("utf-8") + b"\n")
            if outcome.error is None:
                docs += 1
                words += outcome.words
                continue
            errors += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(f"line {outcome.line}: {outcome.error}")
    return ShardResult(
        part=shard.part,
        docs=docs,
        errors=errors,
        words=words,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu_started,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        problems=tuple(problems),
    )
