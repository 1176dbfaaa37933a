"""Command line: ``python -m service analyze FILE|-``, ``… corpus IN OUT`` and ``… serve``.

Installed as a package, the same command is ``news-attribution``.

Both run the same engine and print the same JSON as the HTTP API (``/v1/analyze``): the answer is
dumped with the web layer's response schema, so a CLI result and an API result can be diffed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

DESCRIPTION = "Who said what about whom: actors, quotes, targets and stances in news articles."


def _open_in(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    return open(path, encoding="utf-8")


def _open_out(path: str) -> IO[str]:
    if path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8")


# --- the API's schemas: one validation and one JSON shape for the CLI and the service ------------


class Api:
    """The request check and the response body of ``POST /v1/analyze``, without Flask."""

    def __init__(self, nlp: Any) -> None:
        # Imported late so that ``--help`` does not pay for spaCy; these modules have no Flask.
        import service
        from service import config
        from service.nlp import pipeline
        from service.web import schemas

        self._schemas = schemas
        self.max_text_chars: int = config.load()["MAX_TEXT_CHARS"]
        self._request = schemas.DocumentSchema(max_text_chars=self.max_text_chars)
        self._meta = schemas.provenance(service.__version__, pipeline.model_info(nlp))
        # No HTTP request here: one id per command run, so a run's results can be told apart.
        self.run_id = uuid.uuid4().hex
        pipeline.allow_length(nlp, self.max_text_chars)

    def check(self, document: dict[str, Any]) -> str | None:
        """Why ``document`` would be refused with a 422 by the API, or None if it is accepted."""
        from marshmallow import EXCLUDE, ValidationError

        try:
            self._request.load(document, unknown=EXCLUDE)
        except ValidationError as exc:
            return _messages(exc.messages)
        return None

    def dump(
        self, analysis: Any, doc_id: str | None, elapsed_ms: float, text: str
    ) -> dict[str, Any]:
        """The JSON object the API answers for ``analysis`` of ``text``."""
        from service.nlp import language

        meta = {
            **self._meta,
            "elapsed_ms": round(elapsed_ms, 1),
            "request_id": self.run_id,
            "language": language.detect(text).language,
        }
        return self._schemas.dump_analysis(analysis, doc_id=doc_id, meta=meta)


def _messages(messages: Any) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{field}: {_messages(m)}" for field, m in messages.items())
    if isinstance(messages, list):
        return " ".join(_messages(m) for m in messages)
    return str(messages)


# --- analyze --------------------------------------------------------------------------------------


def cmd_analyze(args: argparse.Namespace) -> int:
    try:
        with _open_in(args.file) as fh:
            text = fh.read()
    except (FileNotFoundError, IsADirectoryError):
        print(f"error: no such file: {args.file}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(
            f"error: {args.file} is not UTF-8 ({exc.reason} at byte {exc.start})", file=sys.stderr
        )
        return 2
    from service.nlp import engine, pipeline

    started = time.perf_counter()
    nlp = pipeline.load()
    api = Api(nlp)
    problem = api.check({"text": text})
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    started = time.perf_counter()  # like the API's elapsed_ms: the analysis, not the model load
    analysis = engine.analyze_doc(nlp(text))
    body = api.dump(analysis, None, (time.perf_counter() - started) * 1000, text)
    json.dump(body, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


# --- corpus ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: its 1-based number, its id, and either a text or why it was refused."""

    line: int
    id: str | None
    text: str | None = None
    error: str | None = None


def read_items(
    lines: Iterable[str], check: Callable[[dict[str, Any]], str | None]
) -> Iterator[Item]:
    """Parse JSON Lines; a bad line becomes an ``Item`` with ``error`` set, never an exception.

    ``check`` is the API's request validation (blank or too long texts are refused the same way).
    """
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            yield Item(n, None, error="empty line")
            continue
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            yield Item(n, None, error=f"invalid JSON: {getattr(exc, 'msg', exc)}")
            continue
        if not isinstance(obj, dict):
            yield Item(n, None, error=f"expected a JSON object, found {type(obj).__name__}")
            continue
        id_ = obj.get("id")
        if isinstance(id_, int) and not isinstance(id_, bool):
            id_ = str(id_)  # numeric ids are common in corpora; the API's id is a string
        document = {k: obj[k] for k in ("title", "text") if k in obj}
        if id_ is not None:
            document["id"] = id_
        problem = check(document)
        if problem:
            yield Item(n, id_ if isinstance(id_, str) else None, error=problem)
        else:
            yield Item(n, id_, text=obj["text"])


def error_record(item: Item, detail: str) -> dict[str, Any]:
    return {"id": item.id, "line": item.line, "error": detail}


class _SkippedDocs:
    """spaCy error handler: note the failure and drop the batch instead of ending the whole run.

    The dropped lines are noticed by their missing line numbers and written as error records.
    """

    def __init__(self) -> None:
        self.failures: list[str] = []

    def __call__(self, proc_name: Any, proc: Any, docs: Any, exc: Exception) -> None:
        self.failures.append(f"{proc_name or 'pipeline'}: {type(exc).__name__}: {exc}")


@contextmanager
def _error_handler(nlp: Any, handler: Any) -> Iterator[None]:
    """Install ``handler`` where spaCy supports one, and restore the old handlers afterwards."""
    # nlp.set_error_handler() fails on the parser and NER (no error_handler attribute), so set
    # each component that has one, plus the handler the multiprocessing pipe reports to.
    saved: list[tuple[Any, str, Any]] = [(nlp, "default_error_handler", nlp.default_error_handler)]
    nlp.default_error_handler = handler
    for _, proc in nlp.pipeline:
        try:
            old = proc.get_error_handler()
            proc.set_error_handler(handler)
        except AttributeError:
            continue
        saved.append((proc, "set_error_handler", old))
    try:
        yield
    finally:
        for obj, attr, old in saved:
            if attr == "default_error_handler":
                obj.default_error_handler = old
            else:
                obj.set_error_handler(old)


def run_corpus(
    nlp: Any,
    api: Api,
    items: Iterable[Item],
    out: IO[str],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    progress: Any = None,
) -> tuple[int, int, int]:
    """Analyse ``items`` in order and write one JSON line per item; return (ok, errors, words).

    ``elapsed_ms`` in each result is the wall time since the previous result: with ``nlp.pipe``
    an article's own parse time is not observable, its share of the run is.
    """
    from service.nlp import engine

    handler = _SkippedDocs()
    source = iter(items)
    pending: deque[Item] = deque()  # items read but not yet written, in input order
    pulled = 0
    ok = errors = words = 0

    def log(message: str) -> None:
        # Through tqdm when there is a bar, so the message does not tear the bar apart.
        if progress is not None and hasattr(progress, "write"):
            progress.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def write(record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        if progress is not None:
            progress.update(1)

    def flush_until(line: int | None) -> None:
        """Write the error records of every pending item before ``line`` (all if None)."""
        nonlocal errors
        while pending and (line is None or pending[0].line < line):
            item = pending.popleft()
            if item.error is None:  # sent to spaCy but never came back: its batch failed
                detail = handler.failures[-1] if handler.failures else "not processed"
                item = Item(item.line, item.id, error=f"analysis failed: {detail}")
            log(f"line {item.line}: skipped: {item.error}")
            write(error_record(item, item.error or ""))
            errors += 1

    def texts() -> Iterator[tuple[str, int]]:
        # Only the line number travels with the text: worker processes get no more than they need.
        nonlocal pulled
        for item in source:
            pending.append(item)
            pulled += 1
            if item.error is None:
                yield item.text or "", item.line

    last = time.perf_counter()
    with _error_handler(nlp, handler):
        while True:
            pulled_before = pulled
            docs = nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
            try:
                for doc, line in docs:
                    flush_until(line)
                    item = pending.popleft()  # the item itself, now at the head
                    try:
                        analysis = engine.analyze_doc(doc)
                        now = time.perf_counter()
                        record = api.dump(analysis, item.id, (now - last) * 1000, item.text or "")
                        last = now
                    except Exception as exc:  # one article's rule failure must not end the run
                        detail = f"analysis failed: {type(exc).__name__}: {exc}"
                        log(f"line {item.line}: skipped: {detail}")
                        write(error_record(item, detail))
                        errors += 1
                        continue
                    write(record)
                    ok += 1
                    words += len(item.text.split()) if item.text else 0
                break
            except Exception as exc:
                # A component without an error handler raised: the batch in flight is lost, the
                # rest of the input is not. Record it and start a fresh pipe on the remaining lines.
                handler(None, None, None, exc)
                flush_until(None)
                if pulled == pulled_before:
                    raise  # no input was consumed: retrying would loop forever
    flush_until(None)
    return ok, errors, words


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def cmd_corpus(args: argparse.Namespace) -> int:
    if args.input != "-" and not Path(args.input).is_file():
        print(f"error: no such file: {args.input}", file=sys.stderr)
        return 2
    if (
        args.output != "-"
        and args.input != "-"
        and Path(args.output).resolve() == Path(args.input).resolve()
    ):
        print("error: OUT must differ from IN", file=sys.stderr)
        return 2
    from tqdm import tqdm

    from service.nlp import pipeline

    nlp = pipeline.load()
    api = Api(nlp)
    gc.freeze()  # the pipeline lives as long as the run: keep the garbage collector off it
    total = _count_lines(args.input)
    start = time.perf_counter()
    with (
        _open_in(args.input) as fin,
        _open_out(args.output) as fout,
        tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet) as bar,
    ):
        ok, errors, words = run_corpus(
            nlp,
            api,
            read_items(fin, api.check),
            fout,
            n_process=args.n_process,
            batch_size=args.batch_size,
            progress=bar,
        )
    seconds = time.perf_counter() - start
    print(
        f"{ok} analysed, {errors} skipped, {words} words in {seconds:.1f} s: "
        f"{words / seconds:,.0f} words/s "
        f"(n_process={args.n_process}, batch_size={args.batch_size})",
        file=sys.stderr,
    )
    return 0


# --- serve ----------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn and the packaged settings, as ``scripts/serve.sh``."""
    import service

    # In the repo a link to the top-level gunicorn.conf.py; in the wheel a copy of it.
    settings = Path(service.__file__).resolve().parent / "gunicorn_conf.py"
    app = "service.web.app:create_app()"
    argv = [sys.executable, "-m", "gunicorn", "--config", str(settings), app]
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # signals (SIGTERM: graceful stop) then reach gunicorn itself
    return 0  # not reached


# --- entry point ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    prog = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(
        prog="python -m service" if prog == "__main__.py" else prog, description=DESCRIPTION
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{analyze,corpus,serve}")

    p = sub.add_parser(
        "analyze",
        help="analyse one article and print the JSON answer",
        description="Analyse one article (a UTF-8 text file, or - for stdin) and print the same "
        "JSON as POST /v1/analyze: actors, quotes, targets, stances and relations.",
    )
    p.add_argument("file", metavar="FILE", help="article text file, or - to read stdin")
    p.add_argument("--compact", action="store_true", help="one line of JSON instead of indented")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "corpus",
        help="analyse a JSON Lines corpus, one result a line",
        description='Analyse IN.jsonl (one {"id": ..., "text": ...} object a line) into OUT.jsonl: '
        "one result a line, in the same order, each the /v1/analyze answer plus its id. A bad "
        'line is reported on stderr and written as {"id", "line", "error"} so order and count '
        "are kept. A progress bar and the words/s go to stderr.",
    )
    p.add_argument("input", metavar="IN.jsonl", help="input JSON Lines, or - for stdin")
    p.add_argument("output", metavar="OUT.jsonl", help="output JSON Lines, or - for stdout")
    p.add_argument(
        "--n-process",
        type=_positive,
        default=os.cpu_count() or 1,
        help="parser processes (default: the number of cores, %(default)s)",
    )
    p.add_argument(
        "--batch-size", type=_positive, default=16, help="texts per nlp.pipe batch (default 16)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_corpus)

    p = sub.add_parser(
        "serve",
        help="run the HTTP service (gunicorn)",
        description="Run the HTTP API and the article page with gunicorn, as in the container: "
        "settings from PORT and the NAS_* environment, gunicorn options from GUNICORN_CMD_ARGS.",
    )
    p.set_defaults(func=cmd_serve)
    return parser


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return n


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
