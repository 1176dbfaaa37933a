"""Corpus mode on Dask against raw spaCy, side by side on the same texts and machine.

    python -m tools.bench.corpus --polnear ../shared/data/polnear/train.jsonl [--local]

Each side is one whole command, timed from its start to its exit, so each pays for what it really
costs, run in turn ``--pairs`` times (the order alternates, so drift in the machine's load hits
both alike):

- raw: a Python process that loads the stock model (``pipeline.load(stock=True)``, the model as
  shipped), reads the texts and runs ``nlp.pipe(texts, n_process=2)`` to the last Doc; spaCy's
  forked worker processes and the Docs' trip back to the parent are counted.
- dask: ``python -m service corpus FILE OUT_DIR --dask 2 --shard-size S`` with S chosen to cut
  the file into ``--shards`` shards: interpreter start, the LocalCluster's start, the pipeline's
  load in each worker, reading, the whole engine, JSON answers written as part files, and the
  cluster's shutdown are all counted.

Words are whitespace-separated words of the texts, the same number on both sides. After each
Dask run the parts are checked: every input line answered exactly once, in order. ``--local``
also times the local mode with 1 and 2 processes (``corpus IN OUT --n-process N``) and checks
that its answers equal the Dask run's (ignoring ``meta.elapsed_ms`` and ``meta.request_id``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TARGET = 0.90  # Dask words/s over raw nlp.pipe(n_process=2) words/s
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
_SUMMARY_SECONDS = re.compile(r"words in ([\d.]+) s")


def log(message: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:4.2f}] {message}", file=sys.stderr, flush=True)


def raw_pipe(path: str, n_process: int, batch_size: int) -> None:
    """The raw side, run as its own process: print the pipe's own seconds as JSON."""
    from service.nlp import pipeline

    nlp = pipeline.load(stock=True)
    with open(path, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    started = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    print(json.dumps({"docs": n, "pipe_s": time.perf_counter() - started}))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **dict.fromkeys(THREAD_VARS, "1")}


def timed(args: list[str]) -> dict[str, Any]:
    """Run a command; its wall and CPU time, load average before and after, stdout, stderr."""
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=_env(), check=False)
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return {
        "seconds": seconds,
        "cpu_s": cpu,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "stdout": proc.stdout,
        "stderr": proc.stderr,
    }


def _children_cpu() -> float:
    """CPU seconds of every finished descendant: a command's own worker processes included, as
    each parent waits for its children (spaCy's pipe processes, Dask's nannies and workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_raw(path: str, n_process: int, batch_size: int, n_words: int) -> dict[str, Any]:
    code = f"from tools.bench.corpus import raw_pipe; raw_pipe({path!r}, {n_process}, {batch_size})"
    run = timed([sys.executable, "-c", code])
    inner = json.loads(run.pop("stdout").strip().splitlines()[-1])
    run.pop("stderr")
    return {**run, **inner, **_rates(run, n_words)}


def run_dask(
    path: str, out_dir: Path, workers: int, shard_bytes: int, batch_size: int, n_words: int
) -> dict[str, Any]:
    args = [sys.executable, "-m", "service", "corpus", path, str(out_dir), "--dask", str(workers)]
    args += ["--shard-size", str(shard_bytes), "--batch-size", str(batch_size), "--quiet"]
    run = timed(args)
    run.pop("stdout")
    stderr = run.pop("stderr")
    found = _SUMMARY_SECONDS.search(stderr)
    run["in_run_s"] = float(found.group(1)) if found else None
    run["summary"] = stderr.strip().splitlines()[-1]
    return {**run, **_rates(run, n_words)}


def run_local(path: str, out: Path, n_process: int, batch_size: int, n_words: int) -> dict:
    args = [sys.executable, "-m", "service", "corpus", path, str(out)]
    args += ["--n-process", str(n_process), "--batch-size", str(batch_size), "--quiet"]
    run = timed(args)
    run.pop("stdout")
    run["summary"] = run.pop("stderr").strip().splitlines()[-1]
    return {**run, "n_process": n_process, **_rates(run, n_words)}


def _rates(run: dict[str, Any], n_words: int) -> dict[str, float]:
    cpu = run["cpu_s"]
    return {
        "words_per_s": n_words / run["seconds"],
        "words_per_cpu_s": n_words / cpu if cpu else 0.0,
    }


# --- checks ---------------------------------------------------------------------------------------


def part_lines(out_dir: Path) -> list[str]:
    """The answers of a Dask run, shard after shard as the manifest lists them."""
    manifest = json.loads((out_dir / "_manifest.json").read_text(encoding="utf-8"))
    lines: list[str] = []
    for shard in manifest["shards"]:
        lines.extend((out_dir / shard["part"]).read_text(encoding="utf-8").splitlines())
    return lines


def exactly_once(answers: list[str], ids: list[str | None]) -> dict[str, Any]:
    """Whether ``answers`` answer the input lines of ``ids`` one for one, in order."""
    got = [json.loads(a).get("id") for a in answers]
    errors = sum("error" in json.loads(a) for a in answers)
    return {"lines": len(answers), "expected": len(ids), "ok": got == ids, "error_records": errors}


def comparable(line: str) -> dict[str, Any]:
    record = json.loads(line)
    if "meta" in record:
        meta = record["meta"]
        record["meta"] = {k: v for k, v in meta.items() if k not in {"elapsed_ms", "request_id"}}
    return record


def differences(a: list[str], b: list[str]) -> list[int]:
    """1-based line numbers whose answers differ (beyond elapsed_ms and request_id)."""
    n = max(len(a), len(b))
    pad = [*a, *[""] * (n - len(a))], [*b, *[""] * (n - len(b))]
    return [
        i + 1
        for i, (x, y) in enumerate(zip(*pad, strict=True))
        if not x or not y or comparable(x) != comparable(y)
    ]


# --- the run --------------------------------------------------------------------------------------


def input_ids(path: str) -> tuple[list[str | None], int]:
    ids: list[str | None] = []
    n_words = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            ids.append(str(obj["id"]) if obj.get("id") is not None else None)
            n_words += len(obj["text"].split())
    return ids, n_words


def bench(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    path = str(Path(args.polnear).resolve())
    ids, n_words = input_ids(path)
    size = os.path.getsize(path)
    shard_bytes = math.ceil(size / args.shards)
    result: dict[str, Any] = {"input": path, "lines": len(ids), "words": n_words, "pairs": []}
    result["shards"] = {"count": args.shards, "shard_bytes": shard_bytes}
    log(f"{len(ids)} articles, {n_words:,} words, {args.shards} shards of {shard_bytes:,} bytes")
    for i in range(args.pairs):
        order = ["raw", "dask"] if i % 2 == 0 else ["dask", "raw"]
        pair: dict[str, Any] = {}
        for side in order:
            if side == "raw":
                pair["raw"] = run_raw(path, args.workers, args.batch_size, n_words)
            else:
                out = tmp / f"dask-{i}"
                pair["dask"] = run_dask(
                    path, out, args.workers, shard_bytes, args.batch_size, n_words
                )
                pair["dask"]["check"] = exactly_once(part_lines(out), ids)
            log(f"pair {i + 1} {side}: {pair[side]['words_per_s']:,.0f} words/s")
        pair["ratio"] = pair["dask"]["words_per_s"] / pair["raw"]["words_per_s"]
        result["pairs"].append(pair)
    if args.local:
        result["local"] = bench_local(path, tmp, args, n_words)
    return result


def bench_local(path: str, tmp: Path, args: argparse.Namespace, n_words: int) -> dict:
    runs = {}
    for n in (1, args.workers):
        runs[n] = run_local(path, tmp / f"local-{n}.jsonl", n, args.batch_size, n_words)
        log(f"local --n-process {n}: {runs[n]['words_per_s']:,.0f} words/s")
    local_lines = (tmp / f"local-{args.workers}.jsonl").read_text(encoding="utf-8").splitlines()
    diff = differences(local_lines, part_lines(tmp / "dask-0"))
    return {
        "runs": runs,
        "scaling": runs[args.workers]["words_per_s"] / runs[1]["words_per_s"],
        "answers_equal_dask": not diff,
        "differing_lines": diff[:20],
    }


def _row(i: int, side: str, r: dict[str, Any]) -> str:
    if side == "raw":
        note = f"pipe alone {r['pipe_s']:.1f} s"
    else:
        c = r["check"]
        note = (
            f"in-run {r['in_run_s']} s; exactly once: {c['ok']} ({c['lines']}/{c['expected']} "
            f"lines, {c['error_records']} error records)"
        )
    load = f"{r['load_before']:.2f}->{r['load_after']:.2f}"
    rates = f"{r['seconds']:>8.1f} {r['words_per_s']:>9,.0f} {r['words_per_cpu_s']:>9,.0f}"
    return f"{i:>4}  {side:<5} {rates}  {load:>11}  {note}"


def report(result: dict[str, Any], workers: int) -> bool:
    """Print the runs and the verdicts; True if every target is met."""
    print(f"\n{result['input']}: {result['lines']} articles, {result['words']:,} words")
    print(f"{result['shards']['count']} shards; {workers} processes on each side")
    head = f"{'wall s':>8} {'words/s':>9} {'w/cpu-s':>9}"
    print(f"{'pair':>4}  {'side':<5} {head}  {'load':>11}  notes")
    for i, pair in enumerate(result["pairs"], start=1):
        print(_row(i, "raw", pair["raw"]))
        print(_row(i, "dask", pair["dask"]))
        cpu = pair["dask"]["words_per_cpu_s"] / pair["raw"]["words_per_cpu_s"]
        print(f"{i:>4}  ratio dask/raw = {pair['ratio']:.3f} (per CPU-second: {cpu:.3f})")
    median = statistics.median(p["ratio"] for p in result["pairs"])
    once = all(p["dask"]["check"]["ok"] for p in result["pairs"])
    verdict = "PASS" if median >= TARGET else "FAIL"
    print(
        f"\nDask / raw nlp.pipe(n_process={workers}): median {median:.3f} over "
        f"{len(result['pairs'])} pairs (target >= {TARGET:.2f}): {verdict}"
    )
    print(f"every line answered exactly once: {'PASS' if once else 'FAIL'}")
    ok = median >= TARGET and once
    if "local" in result:
        ok = _report_local(result["local"], workers) and ok
    return ok


def _report_local(loc: dict[str, Any], workers: int) -> bool:
    one, many = loc["runs"][1]["words_per_s"], loc["runs"][workers]["words_per_s"]
    print(
        f"local mode: 1 process {one:,.0f} words/s, {workers} processes {many:,.0f} words/s: "
        f"x{loc['scaling']:.2f}"
    )
    diff = f" (first differing lines {loc['differing_lines']})" if loc["differing_lines"] else ""
    print(f"local mode answers == Dask answers: {loc['answers_equal_dask']}{diff}")
    return bool(loc["answers_equal_dask"])


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tools.bench.corpus",
        description="Corpus mode on Dask against raw nlp.pipe(n_process=N), side by side.",
    )
    p.add_argument(
        "--polnear",
        default=str(ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"),
        help="JSON Lines with id and text (default: ../shared/data/polnear/train.jsonl)",
    )
    p.add_argument("--shards", type=int, default=8, help="shards to cut the file into (8)")
    p.add_argument("--workers", type=int, default=2, help="processes on each side (2)")
    p.add_argument("--pairs", type=int, default=2, help="raw/Dask pairs, order alternating (2)")
    p.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size, both sides")
    p.add_argument("--local", action="store_true", help="also the local mode, 1 and N processes")
    p.add_argument("--json", metavar="PATH", help="also write every number to PATH as JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        result = bench(args, Path(tmp))
    ok = report(result, args.workers)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
