"""Dask mode on a real LocalCluster: every line answered once, as the local mode answers it;
resume; a worker killed mid-task loses nothing; bad lines and gzip inputs."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from service.corpus import cluster, local
from service.corpus.inputs import expand, plan, read_lines
from service.corpus.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "seeds" / "000_08f99502b94fa4d8.txt").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in SEED.split("\n") if p.strip()]


@pytest.fixture(scope="module")
def dask_cluster():
    # Two single-threaded worker processes, as `--dask 2` starts them; no dashboard port.
    with dask.config.set(cluster.WORKER_CONFIG):  # read by the nannies as they are made
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with lc:
        yield lc


def _settings(run_id: str = "test-run") -> Settings:
    return Settings(run_id=run_id, max_text_chars=100_000, batch_size=4)


def _lines(prefix: str, texts: list[str]) -> list[str]:
    return [json.dumps({"id": f"{prefix}{i}", "text": t}) for i, t in enumerate(texts)]


BAD = ["{not json", json.dumps({"id": "blank", "text": "  "}), ""]


@pytest.fixture
def corpus(tmp_path) -> tuple[list[str], dict[str, list[str]]]:
    """Three inputs: plain with bad lines, gzip, and one split in two by the shard size."""
    files = {
        "a.jsonl": _lines("a", PARAGRAPHS[:5]) + BAD + _lines("a-end", PARAGRAPHS[5:7]),
        "b.jsonl.gz": _lines("b", PARAGRAPHS[7:11]),
        "c.jsonl": _lines("c", PARAGRAPHS[11:16] * 3),
    }
    for name, lines in files.items():
        data = "".join(f"{line}\n" for line in lines).encode("utf-8")
        (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return [str(tmp_path / n) for n in files], files


def _without_volatile(line: str) -> dict:
    record = json.loads(line)
    if "meta" in record:
        record["meta"] = {
            k: v for k, v in record["meta"].items() if k not in {"elapsed_ms", "request_id"}
        }
    return record


def _part_lines(out: Path, part: str) -> list[str]:
    return (out / part).read_text(encoding="utf-8").splitlines()


def test_every_line_answered_once_as_the_local_mode_answers_it(dask_cluster, corpus, tmp_path):
    paths, files = corpus
    shards = plan(expand(paths), shard_bytes=Path(paths[0]).stat().st_size)
    # a whole, b whole (gzip cannot be entered in the middle), c in pieces
    assert [s.url for s in shards] == paths[:2] + [paths[2]] * (len(shards) - 2)
    assert len(shards) >= 4
    out = tmp_path / "out"
    logged: list[str] = []
    summary = cluster.run(
        shards, str(out), _settings(), dask_cluster.scheduler_address, logged.append
    )

    assert summary.failed == ()
    assert (len(summary.results), summary.skipped) == (len(shards), 0)
    n_lines = sum(len(lines) for lines in files.values())
    assert (summary.docs, summary.errors) == (n_lines - len(BAD), len(BAD))
    assert summary.words == sum(len(p.split()) for p in PARAGRAPHS + PARAGRAPHS[11:16] * 2)
    assert sum(line.startswith("[") and "tasks]" in line for line in logged) == len(shards)
    assert sorted(p.name for p in out.iterdir()) == ["_manifest.json"] + [s.part for s in shards]

    by_source: dict[str, list[str]] = {}
    for shard in shards:
        answers = _part_lines(out, shard.part)
        assert len(answers) == len(list(read_lines(shard)))  # line for line
        by_source.setdefault(shard.url, []).extend(answers)
    for path, (name, lines) in zip(paths, files.items(), strict=True):
        answers = [json.loads(a) for a in by_source[path]]
        assert [a["id"] for a in answers] == [
            None if line in (BAD[0], "") else json.loads(line)["id"] for line in lines
        ], name
        with open(path, "rb") as fh:
            raw = gzip.decompress(fh.read()).splitlines(True) if name.endswith(".gz") else fh
            expected = [o.json for o in local.outcomes(raw, _settings("local"))]
        assert [_without_volatile(a) for a in by_source[path]] == [
            _without_volatile(e) for e in expected
        ], name
    errors = [json.loads(a) for a in by_source[paths[0]] if "error" in a]
    assert [(e["line"], e["id"]) for e in errors] == [(6, None), (7, "blank"), (8, None)]
    assert "invalid JSON" in errors[0]["error"]


def test_a_rerun_redoes_only_the_missing_part(dask_cluster, corpus, tmp_path):
    paths, _ = corpus
    shards = plan(expand(paths))
    out = tmp_path / "out"
    address = dask_cluster.scheduler_address
    cluster.run(shards, str(out), _settings(), address, lambda _m: None)
    kept = out / shards[0].part
    kept.write_text(kept.read_text() + "marker: a rerun must not rewrite a complete part\n")
    first = _part_lines(out, shards[1].part)
    (out / shards[1].part).unlink()

    summary = cluster.run(shards, str(out), _settings("rerun"), address, lambda _m: None)
    assert (summary.skipped, [r.part for r in summary.results]) == (2, [shards[1].part])
    assert kept.read_text().endswith("marker: a rerun must not rewrite a complete part\n")
    again = _part_lines(out, shards[1].part)
    assert [_without_volatile(a) for a in again] == [_without_volatile(a) for a in first]

    done = cluster.run(shards, str(out), _settings("third"), address, lambda _m: None)
    assert (done.skipped, done.results) == (3, ())


def test_a_worker_killed_mid_task_loses_no_line(dask_cluster, tmp_path):
    src = tmp_path / "big.jsonl"
    lines = _lines("k", [SEED] * 16)  # a few seconds of work for one worker
    src.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    shards = plan(expand([str(src)]))
    out = tmp_path / "out"
    settings = _settings("kill")
    found: dict = {}
    run = threading.Thread(
        target=lambda: found.update(
            summary=cluster.run(
                shards, str(out), settings, dask_cluster.scheduler_address, lambda _m: None
            )
        )
    )
    run.start()
    killed = _kill_the_writer(dask_cluster, out, f"corpus-{shards[0].part}-kill")
    run.join(timeout=120)
    assert not run.is_alive()

    summary = found["summary"]
    (result,) = summary.results
    assert summary.failed == ()
    assert not result.worker.endswith(f":{killed}")  # done again by another process
    answers = [json.loads(a) for a in _part_lines(out, shards[0].part)]
    assert [a["id"] for a in answers] == [f"k{i}" for i in range(16)]
    assert not any("error" in a for a in answers)
    assert sorted(p.name for p in out.iterdir()) == ["_manifest.json", shards[0].part]


def _kill_the_writer(lc: LocalCluster, out: Path, key: str) -> int:
    """SIGKILL the worker process running ``key`` once it has begun writing; its pid."""
    with Client(lc.scheduler_address) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            writing = out.is_dir() and any(p.name.endswith(".tmp") for p in out.iterdir())
            holder = [w for w, keys in client.processing().items() if key in keys]
            if writing and holder:
                pid = client.run(os.getpid, workers=holder)[holder[0]]
                os.kill(pid, signal.SIGKILL)
                return pid
            time.sleep(0.02)
    raise AssertionError("the task never started writing")


def test_the_command_starts_and_stops_a_local_cluster(corpus, tmp_path):
    paths, files = corpus
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "service", "corpus", *paths[:2], str(out), "--dask", "1"]
    proc = subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "2 shards: 0 complete from an earlier run, 2 to do" in proc.stderr
    assert "Dask dashboard: http" in proc.stderr
    assert "[2/2 tasks]" in proc.stderr
    assert "part-00000.jsonl line 6: invalid JSON" in proc.stderr
    ok = len(files["a.jsonl"]) + len(files["b.jsonl.gz"]) - len(BAD)
    assert f"{ok} analysed, {len(BAD)} error records" in proc.stderr
    assert "2 done, 0 complete before, 0 failed" in proc.stderr
    assert proc.stdout == ""


def test_workers_set_up_for_the_engine_pass_the_check(dask_cluster):
    logged: list[str] = []
    with Client(dask_cluster.scheduler_address) as client:
        cluster._check_workers(client, logged.append)
    assert logged == []


def test_workers_set_up_otherwise_are_warned_about():
    logged: list[str] = []
    had_trim = cluster.TRIM in os.environ
    # Dask's own defaults: a malloc trim threshold, and here two threads a worker.
    try:
        with (
            LocalCluster(n_workers=1, threads_per_worker=2, dashboard_address=None) as lc,
            Client(lc) as client,
        ):
            cluster._check_workers(client, logged.append)
    finally:
        if not had_trim:  # a nanny sets it in its own process too, for every later spawn
            os.environ.pop(cluster.TRIM, None)
    assert len(logged) == 2
    assert "several threads" in logged[0]
    assert "MALLOC_TRIM_THRESHOLD_" in logged[1]
