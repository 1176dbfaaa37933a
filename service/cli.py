"""The command line: ``python -m service analyze FILE``, ``… corpus …``, ``… serve`` and
``… keys``; installed as a package, the same command is ``news-attribution``.

Both run the same engine and print the same JSON as the HTTP API (``/v1/analyze``): answers are
dumped with the web layer's response schema (``service.api``), so a CLI result and an API result
can be diffed. Each subcommand is a ``add_<name>(subparsers)`` function listed in
``SUBCOMMANDS``; the heavy imports (spaCy, Dask) happen inside the commands, so ``--help`` is fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import IO, Any

DESCRIPTION = "Who said what about whom: actors, quotes, targets and stances in news articles."


def error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


# --- analyze --------------------------------------------------------------------------------------


def add_analyze(sub: Any) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse one article and print the JSON answer",
        description="Analyse one article (a UTF-8 text file, or - for stdin) and print the same "
        "JSON as POST /v1/analyze: actors, quotes, targets, stances and relations.",
    )
    p.add_argument("file", metavar="FILE", help="article text file, or - to read stdin")
    p.add_argument("--compact", action="store_true", help="one line of JSON instead of indented")
    p.add_argument(
        "--published",
        metavar="DATE",
        help="the article's date (ISO 8601), against which 'on Sunday', 'last week' are resolved",
    )
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    try:
        text = _read_input(args.file)
    except (FileNotFoundError, IsADirectoryError):
        return error(f"no such file: {args.file}")
    except UnicodeDecodeError as exc:
        return error(f"{args.file} is not UTF-8 ({exc.reason} at byte {exc.start})")
    from service.api import Api
    from service.nlp import engine, pipeline

    document = {"text": text}
    if args.published is not None:
        document["published"] = args.published
    nlp = pipeline.load()
    api = Api(nlp)
    problem = api.check(document)
    if problem:
        return error(problem)
    published = date.fromisoformat(args.published[:10]) if args.published else None
    started = time.perf_counter()  # like the API's elapsed_ms: the analysis, not the model load
    analysis = engine.analyze_doc(nlp(text), published=published, today=_today())
    body = api.dump(analysis, None, (time.perf_counter() - started) * 1000, text)
    json.dump(body, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


# --- corpus ---------------------------------------------------------------------------------------

CORPUS_HELP = """\
Two forms. Local: corpus IN.jsonl OUT.jsonl [--n-process N] analyses IN.jsonl (a file, an fsspec
URL or - for stdin) into OUT.jsonl (or - for stdout): one answer a line, in the same order, each
the /v1/analyze answer plus its id. Dask: corpus INPUT... OUT_DIR --dask N|ADDRESS reads files,
directories, globs or fsspec URLs, one task per shard (a file, or a --shard-size piece of a large
one), on a new local cluster of N worker processes or the scheduler at ADDRESS, and writes one
part file per shard into OUT_DIR, its lines answering the shard's lines in order; a rerun redoes
only the parts that are missing. In both, a bad line is answered {"id", "line", "error"}, so order
and count are kept; .gz inputs are read as such. A record's date (its "published" field, or
--published-field) is the API's "published". Progress and words/s go to stderr."""


def add_corpus(sub: Any) -> None:
    p = sub.add_parser(
        "corpus", help="analyse JSON Lines corpora, one answer a line", description=CORPUS_HELP
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="IN.jsonl, or (with --dask) many")
    p.add_argument("output", metavar="OUT", help="OUT.jsonl, or with --dask the OUT_DIR")
    p.add_argument(
        "--dask",
        type=_dask_target,
        metavar="N|ADDRESS",
        help="run on Dask: N local worker processes, or an existing scheduler (tcp://host:8786)",
    )
    p.add_argument(
        "--n-process",
        type=_positive,
        help=f"local mode: engine processes (default: the number of cores, {os.cpu_count()})",
    )
    p.add_argument(
        "--batch-size", type=_positive, default=16, help="texts per nlp.pipe batch (default 16)"
    )
    p.add_argument(
        "--shard-size",
        type=_size,
        default="64MB",
        help="with --dask: split uncompressed files larger than this (default 64MB)",
    )
    p.add_argument(
        "--published-field",
        default="published",
        metavar="FIELD",
        help="the record field holding the article's date, ISO 8601 (default: published)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, only the summary")
    p.set_defaults(func=cmd_corpus)


def cmd_corpus(args: argparse.Namespace) -> int:
    from service import config
    from service.corpus.settings import Settings

    settings = Settings(
        run_id=uuid.uuid4().hex,
        max_text_chars=config.load()["MAX_TEXT_CHARS"],
        batch_size=args.batch_size,
        published_field=args.published_field,
        today=_today(),
    )
    if args.dask is None:
        if len(args.inputs) != 1:
            return error("several inputs need --dask N|ADDRESS (OUT is then a directory)")
        return _corpus_local(args.inputs[0], args.output, args, settings)
    if args.n_process is not None:
        return error("--n-process is for the local mode; with --dask, N is the worker count")
    if "-" in args.inputs or args.output == "-":
        return error("stdin and stdout (-) are for the local mode")
    return _corpus_dask(args, settings)


def _corpus_local(path: str, out_path: str, args: argparse.Namespace, settings: Any) -> int:
    from fsspec.core import url_to_fs
    from tqdm import tqdm

    from service.corpus import inputs, local

    if path != "-":
        fs, fs_path = url_to_fs(path)
        if not fs.isfile(fs_path):
            return error(f"no such file: {path}")
        if out_path != "-" and os.path.realpath(out_path) == os.path.realpath(path):
            return error("OUT must differ from IN")
    n_process = args.n_process or os.cpu_count() or 1
    total = None if args.quiet else inputs.count_lines(path)
    with (
        inputs.open_lines(path) as lines,
        _open_out(out_path) as out,
        tqdm(total=total, unit="doc", file=sys.stderr, disable=args.quiet) as bar,
    ):
        totals = local.run(lines, out, settings, n_process=n_process, progress=bar)
    print(
        f"{totals.ok} analysed, {totals.errors} skipped, {totals.words} words in "
        f"{totals.seconds:.1f} s: {totals.words_per_s:,.0f} words/s "
        f"(n_process={n_process}, batch_size={settings.batch_size})",
        file=sys.stderr,
    )
    return 0


def _open_out(path: str) -> IO[str]:
    if path == "-":
        # Not closed on the way out of the ``with``: the interpreter still needs it.
        return open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)
    return open(path, "w", encoding="utf-8")


def _corpus_dask(args: argparse.Namespace, settings: Any) -> int:
    from service.corpus import cluster, inputs
    from service.corpus.parts import OutputMismatch

    try:
        sources = inputs.expand(args.inputs, exclude=args.output)
        shards = inputs.plan(sources, args.shard_size)
    except (inputs.InputError, FileNotFoundError) as exc:
        return error(str(exc))
    if any(os.path.realpath(s.url) == os.path.realpath(args.output) for s in shards):
        return error("OUT_DIR must not be one of the inputs")
    log: Callable[[str], None] = (
        (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    )
    try:
        summary = cluster.run(shards, args.output, settings, args.dask, log)
    except (OutputMismatch, NotADirectoryError, FileExistsError) as exc:
        return error(str(exc))
    print(cluster.summary_line(summary), file=sys.stderr)
    return 1 if summary.failed else 0


# --- aggregate ------------------------------------------------------------------------------------

AGGREGATE_HELP = """\
Count the stances of corpus-mode answers (RESULTS: the JSON Lines output of `corpus`, files,
part directories, globs or fsspec URLs) per source principal, target principal and period, into
OUT/dyads.parquet and OUT/dyads.csv: one row per dyad and period with the critical, supportive and
neutral statements, a net score (supportive - critical) / n with its 95% interval, and the
evidence (article id, quote ids, a short quote text). Every stance is counted in exactly one row.
A statement is dated by its quote's time, else by the article's date; undated ones get an empty
period. --html adds a self-contained page of the table. See docs/corpus.md."""


def add_aggregate(sub: Any) -> None:
    p = sub.add_parser(
        "aggregate",
        help="stance between principals over time, from corpus answers",
        description=AGGREGATE_HELP,
    )
    p.add_argument("inputs", nargs="+", metavar="RESULTS", help="the corpus mode's answers")
    p.add_argument("output", metavar="OUT", help="directory (or URL) for dyads.parquet, dyads.csv")
    p.add_argument(
        "--by", choices=("day", "week", "month"), default="week", help="period (default week)"
    )
    p.add_argument(
        "--dask",
        type=_dask_target,
        metavar="N|ADDRESS",
        help="count on Dask: N local worker processes, or an existing scheduler",
    )
    p.add_argument("--html", metavar="OUT.html", help="also write the report page here")
    p.add_argument("--top", type=_positive, default=8, help="dyads drawn in the report (default 8)")
    p.add_argument(
        "--shard-size",
        type=_size,
        default="64MB",
        help="split uncompressed inputs larger than this into tasks (default 64MB)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="only the summary")
    p.set_defaults(func=cmd_aggregate)


def cmd_aggregate(args: argparse.Namespace) -> int:
    from service.corpus.inputs import InputError
    from service.dyads import report, run, table

    started = time.perf_counter()
    try:
        shards = run.shards_of(args.inputs, args.shard_size)
    except (InputError, FileNotFoundError) as exc:
        return error(str(exc))
    log: Callable[[str], None] = (
        (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    )
    total = run.count(shards, args.by, args.dask, log)
    rows = table.rows(total, args.by)
    parquet, csv = table.write(rows, args.output)
    written = [parquet, csv]
    if args.html:
        title = (
            f"Stance over time: {', '.join(os.path.basename(i.rstrip('/')) for i in args.inputs)}"
        )
        page = report.build(rows, args.by, title=title, top=args.top)
        with open(args.html, "w", encoding="utf-8") as fh:
            fh.write(page)
        written.append(args.html)
    print(
        f"{total.answers} answers ({total.errors} error records), {total.stances} stances in "
        f"{len(rows)} rows by {args.by}, {len(shards)} shards in "
        f"{time.perf_counter() - started:.1f} s: {', '.join(written)}",
        file=sys.stderr,
    )
    return 0


# --- serve ----------------------------------------------------------------------------------------


def add_serve(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="run the HTTP service (gunicorn)",
        description="Run the HTTP API and the article page with gunicorn, as in the container: "
        "settings from PORT and the NAS_* environment, gunicorn options from GUNICORN_CMD_ARGS.",
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn and the packaged settings, as ``scripts/serve.sh``."""
    from pathlib import Path

    import service

    # In the repo a link to the top-level gunicorn.conf.py; in the wheel a copy of it.
    settings = Path(service.__file__).resolve().parent / "gunicorn_conf.py"
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(settings),
        "service.web.app:create_app()",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # signals (SIGTERM: graceful stop) then reach gunicorn itself
    return 0  # not reached


from service.cli_keys import add_keys  # noqa: E402 (the subcommands in order)

# --- entry point ----------------------------------------------------------------------------------

SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    add_analyze,
    add_corpus,
    add_aggregate,
    add_serve,
    add_keys,
)


def build_parser() -> argparse.ArgumentParser:
    prog = os.path.basename(sys.argv[0])
    parser = argparse.ArgumentParser(
        prog="python -m service" if prog in {"__main__.py", "-m"} else prog, description=DESCRIPTION
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def _read_input(path: str) -> str:
    """A UTF-8 text file, or stdin for ``-``."""
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _today() -> date:
    """The day of the analysis (UTC): it dates a dateline that gives no year."""
    return datetime.now(UTC).date()


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return n


def _size(value: str) -> int:
    from service.corpus.inputs import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _dask_target(value: str) -> int | str:
    """N (workers of a new local cluster) or a scheduler address (tcp://host:8786, host:8786)."""
    if value.isdigit():
        return _positive(value)
    host, _, port = value.rpartition("://")[2].rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(
            f"expected a worker count or a scheduler address like tcp://host:8786, got {value!r}"
        )
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
