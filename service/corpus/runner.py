"""Items to answers with the whole engine (parse, then rules, then the API's JSON), in one process.

Every process that analyses (the local mode's pool workers, each Dask worker, or the command
itself with one process) runs ``analyse``; ``engine_for`` gives it the pipeline, loaded once per
process and kept for every later chunk or task.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from spacy.language import Language

from service.api import Api
from service.corpus.records import Item, Outcome, error_record, parse_line, words
from service.corpus.settings import Settings
from service.nlp import engine, pipeline

_lock = threading.Lock()
_engines: dict[Settings, tuple[Language, Api]] = {}


def engine_for(settings: Settings) -> tuple[Language, Api]:
    """The process's pipeline and API shim for ``settings``: loaded on the first call only."""
    with _lock:
        found = _engines.get(settings)
        if found is None:
            nlp = pipeline.load()
            found = (nlp, Api(nlp, max_text_chars=settings.max_text_chars, run_id=settings.run_id))
            _engines[settings] = found
            # The pipeline lives as long as the process: keep the garbage collector off it.
            gc.freeze()
        return found


def answer_lines(numbered: Iterable[tuple[int, bytes]], settings: Settings) -> Iterator[Outcome]:
    """The answers to numbered raw lines, in this process's pipeline (loaded on first use)."""
    nlp, api = engine_for(settings)
    items = (parse_line(n, raw, api.check, settings.published_field) for n, raw in numbered)
    yield from analyse(nlp, api, items, batch_size=settings.batch_size, today=settings.today)


class _SkippedDocs:
    """spaCy error handler: note the failure and drop the batch instead of ending the whole run.

    The dropped lines are noticed by their missing line numbers and written as error records.
    """

    def __init__(self) -> None:
        self.failures: list[str] = []

    def __call__(self, proc_name: Any, proc: Any, docs: Any, exc: Exception) -> None:
        self.failures.append(f"{proc_name or 'pipeline'}: {type(exc).__name__}: {exc}")


@contextmanager
def _error_handler(nlp: Language, handler: Any) -> Iterator[None]:
    """Install ``handler`` where spaCy supports one, and restore the old handlers afterwards."""
    # nlp.set_error_handler() fails on the parser and NER (no error_handler attribute), so set
    # each component that has one, plus the pipeline's default.
    saved: list[tuple[Any, Any]] = []
    old_default = nlp.default_error_handler
    nlp.default_error_handler = handler
    for _, proc in nlp.pipeline:
        try:
            old = proc.get_error_handler()
            proc.set_error_handler(handler)
        except AttributeError:
            continue
        saved.append((proc, old))
    try:
        yield
    finally:
        nlp.default_error_handler = old_default
        for proc, old in saved:
            proc.set_error_handler(old)


def _record(item: Item, detail: str) -> Outcome:
    return Outcome(item.line, _dumps(error_record(item, detail)), error=detail)


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def analyse(
    nlp: Language,
    api: Api,
    items: Iterable[Item],
    *,
    batch_size: int = 16,
    today: date | None = None,
) -> Iterator[Outcome]:
    """One ``Outcome`` per item, in input order; a failure costs its line or batch, not the run.

    ``elapsed_ms`` in each answer is the wall time since the previous answer: with ``nlp.pipe``
    an article's own parse time is not observable, its share of the run is. ``today`` dates a
    dateline that gives no year, in every answer of the run alike.
    """
    handler = _SkippedDocs()
    source = iter(items)
    pending: deque[Item] = deque()  # items read but not yet answered, in input order
    pulled = 0
    clock = [time.perf_counter()]

    def refused_until(line: int | None) -> Iterator[Outcome]:
        """The error records of every pending item before ``line`` (all if None)."""
        while pending and (line is None or pending[0].line < line):
            item = pending.popleft()
            if item.error is None:  # sent to spaCy but never came back: its batch failed
                detail = handler.failures[-1] if handler.failures else "not processed"
                yield _record(item, f"analysis failed: {detail}")
            else:
                yield _record(item, item.error)

    def texts() -> Iterator[tuple[str, int]]:
        nonlocal pulled
        for item in source:
            pending.append(item)
            pulled += 1
            if item.error is None:
                yield item.text or "", item.line

    with _error_handler(nlp, handler):
        while True:
            pulled_before = pulled
            docs = nlp.pipe(texts(), as_tuples=True, batch_size=batch_size)
            try:
                for doc, line in docs:
                    yield from refused_until(line)
                    yield _answer(api, pending.popleft(), doc, clock, today)
                break
            except Exception as exc:
                # A component without an error handler raised: the batch in flight is lost, the
                # rest of the input is not. Record it and start a fresh pipe on the remaining lines.
                handler(None, None, None, exc)
                yield from refused_until(None)
                if pulled == pulled_before:
                    raise  # no input was consumed: retrying would loop forever
    yield from refused_until(None)


def _answer(api: Api, item: Item, doc: Any, clock: list[float], today: date | None) -> Outcome:
    """The analysis of one parsed item, or its error record if a rule fails on it."""
    try:
        analysis = engine.analyze_doc(doc, published=item.published, today=today)
        now = time.perf_counter()
        record = api.dump(analysis, item.id, (now - clock[0]) * 1000, item.text or "")
        clock[0] = now
    except Exception as exc:  # one article's rule failure must not end the run
        return _record(item, f"analysis failed: {type(exc).__name__}: {exc}")
    return Outcome(item.line, _dumps(record), words=words(item.text))
