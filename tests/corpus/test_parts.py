"""OUT_DIR: parts appear whole or not at all, once; the manifest refuses mixing two corpora."""

from __future__ import annotations

import json

import fsspec
import pytest

from service.corpus.inputs import Shard
from service.corpus.parts import MANIFEST, OutputDir, OutputMismatch

SHARDS = [
    Shard("part-00000.jsonl", "/in/a.jsonl", 0, 10, None, 20),
    Shard("part-00001.jsonl", "/in/a.jsonl", 10, None, None, 20),
]


def _files(path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def test_a_part_appears_only_when_whole(tmp_path):
    out = OutputDir(str(tmp_path))
    with out.writer("part-00000.jsonl") as fh:
        fh.write(b"one\n")
        (tmp,) = _files(tmp_path)  # under a temporary, hidden name meanwhile
        assert tmp.startswith(".part-00000.jsonl.")
        assert tmp.endswith(".tmp")
        assert out.complete() == set()
    assert _files(tmp_path) == ["part-00000.jsonl"]
    assert (tmp_path / "part-00000.jsonl").read_bytes() == b"one\n"
    assert out.complete() == {"part-00000.jsonl"}


@pytest.mark.parametrize("failure", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_leaves_nothing(tmp_path, failure):
    out = OutputDir(str(tmp_path))
    with pytest.raises(type(failure)), out.writer("part-00000.jsonl") as fh:
        fh.write(b"half")
        raise failure
    assert _files(tmp_path) == []


def test_a_part_is_written_once(tmp_path):
    out = OutputDir(str(tmp_path))
    # Two attempts at one shard; the first to finish wins, the second is dropped.
    with out.writer("part-00000.jsonl") as slow:
        slow.write(b"slow\n")
        with out.writer("part-00000.jsonl") as fast:
            fast.write(b"fast\n")
    assert _files(tmp_path) == ["part-00000.jsonl"]
    assert (tmp_path / "part-00000.jsonl").read_bytes() == b"fast\n"


def test_manifest_written_then_checked(tmp_path):
    out = OutputDir(str(tmp_path / "out"))
    out.prepare(SHARDS)
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert [s["part"] for s in manifest["shards"]] == ["part-00000.jsonl", "part-00001.jsonl"]
    assert manifest["shards"][1] == {
        "part": "part-00001.jsonl", "url": "/in/a.jsonl", "start": 10, "end": None,
        "compression": None, "size": 20,
    }  # fmt: skip
    out.prepare(SHARDS)  # the same plan: a rerun, accepted


@pytest.mark.parametrize(
    "other",
    [
        SHARDS[:1],  # fewer inputs
        [SHARDS[0], Shard("part-00001.jsonl", "/in/b.jsonl", 10, None, None, 20)],  # another file
        [Shard(s.part, s.url, s.start, s.end, s.compression, 21) for s in SHARDS],  # it changed
    ],
)
def test_manifest_refuses_other_inputs(tmp_path, other):
    OutputDir(str(tmp_path)).prepare(SHARDS)
    with pytest.raises(OutputMismatch, match="other inputs"):
        OutputDir(str(tmp_path)).prepare(other)


def test_parts_without_manifest_are_not_a_corpus_run(tmp_path):
    (tmp_path / "part-00000.jsonl").write_text("x\n")
    with pytest.raises(OutputMismatch, match=r"no _manifest\.json"):
        OutputDir(str(tmp_path)).prepare(SHARDS)


def test_complete_and_remove_temporary(tmp_path):
    for name in ["part-00000.jsonl", ".part-00001.jsonl.0a1b.tmp", "notes.txt", MANIFEST]:
        (tmp_path / name).write_text("x")
    out = OutputDir(str(tmp_path))
    assert out.complete() == {"part-00000.jsonl"}
    assert out.remove_temporary() == 1
    assert _files(tmp_path) == [MANIFEST, "notes.txt", "part-00000.jsonl"]


def test_object_store_like_file_systems():
    out = OutputDir("memory://out15")
    out.prepare(SHARDS)
    with out.writer("part-00001.jsonl") as fh:
        fh.write(b"x\n")
    assert out.complete() == {"part-00001.jsonl"}
    fs = fsspec.filesystem("memory")
    assert fs.cat("/out15/part-00001.jsonl") == b"x\n"
    fs.rm("/out15", recursive=True)
