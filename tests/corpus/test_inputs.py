"""INPUT arguments to sources and shards, and shards to lines: every line in exactly one shard."""

from __future__ import annotations

import gzip
import json

import fsspec
import pytest

from service.corpus.inputs import (
    InputError,
    Shard,
    expand,
    open_lines,
    parse_size,
    plan,
    read_lines,
)


def _write(path, lines: list[str]) -> bytes:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return data


@pytest.fixture
def tree(tmp_path):
    _write(tmp_path / "a" / "one.jsonl", ["1"])
    _write(tmp_path / "a" / "deep" / "two.jsonl.gz", ["2"])
    _write(tmp_path / "a" / "three.ndjson", ["3"])
    _write(tmp_path / "a" / "notes.txt", ["x"])
    _write(tmp_path / "a" / "_meta.ndjson", ["x"])  # "_" and "." names are not data
    _write(tmp_path / "a" / ".part-00000.jsonl.abc.tmp", ["x"])
    _write(tmp_path / "a" / ".hidden.jsonl", ["x"])
    _write(tmp_path / "b.jsonl", ["4"])
    return tmp_path


def test_files_directories_and_globs(tree):
    sources = expand([str(tree / "b.jsonl"), str(tree / "a"), str(tree / "a" / "*.jsonl")])
    names = [s.url.removeprefix(str(tree) + "/") for s in sources]
    # In argument order, each file once, a directory's corpus files at any depth.
    assert names == ["b.jsonl", "a/deep/two.jsonl.gz", "a/one.jsonl", "a/three.ndjson"]
    by_name = dict(zip(names, sources, strict=True))
    assert by_name["a/deep/two.jsonl.gz"].compression == "gzip"
    assert by_name["b.jsonl"].compression is None
    assert by_name["b.jsonl"].size == 2


def test_files_under_out_dir_are_left_out(tree):
    _write(tree / "a" / "out" / "part-00000.jsonl", ["answer"])
    sources = expand([str(tree / "a")], exclude=str(tree / "a" / "out"))
    assert not any("/out/" in s.url for s in sources)
    assert len(sources) == 3
    assert len(expand([str(tree / "a")], exclude=str(tree / "a" / "ou"))) == 4  # a prefix only
    with pytest.raises(InputError, match="outside OUT_DIR"):
        expand([str(tree / "a" / "out")], exclude=str(tree / "a" / "out"))


def test_a_named_file_is_taken_whatever_its_name(tree):
    (source,) = expand([str(tree / "a" / "notes.txt")])
    assert source.url.endswith("notes.txt")


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("missing.jsonl", "no such file"),
        ("a/*.csv", "no file matches"),
        ("a/deep/*.jsonl", "no file matches"),  # the glob is not recursive
        ("empty", "no .jsonl or .ndjson file"),
    ],
)
def test_inputs_that_name_no_corpus(tree, arg, message):
    (tree / "empty").mkdir()
    with pytest.raises(InputError, match=message):
        expand([str(tree / arg)])


def test_fsspec_urls():
    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus15/x.jsonl", b'{"text": "a"}\n')
    fs.pipe("/corpus15/y.jsonl.gz", gzip.compress(b'{"text": "b"}\n'))
    sources = expand(["memory://corpus15/"])
    assert [s.url for s in sources] == [
        "memory:///corpus15/x.jsonl",
        "memory:///corpus15/y.jsonl.gz",
    ]
    lines = [line for shard in plan(sources) for line in read_lines(shard)]
    assert lines == [b'{"text": "a"}\n', b'{"text": "b"}\n']
    fs.rm("/corpus15", recursive=True)


LINES = [json.dumps({"id": str(i), "text": "word " * (i % 7)}) for i in range(40)]


@pytest.mark.parametrize("shard_bytes", [1, 7, 23, 64, 100, 333, 10_000])
def test_every_line_in_exactly_one_shard(tmp_path, shard_bytes):
    data = _write(tmp_path / "in.jsonl", LINES)
    shards = plan(expand([str(tmp_path / "in.jsonl")]), shard_bytes)
    assert len(shards) == min(-(-len(data) // shard_bytes), len(data))
    assert [s.part for s in shards] == [f"part-{i:05d}.jsonl" for i in range(len(shards))]
    got = [line.decode().rstrip("\n") for s in shards for line in read_lines(s)]
    assert got == LINES


def test_a_range_starting_on_a_line_start_owns_that_line(tmp_path):
    first = _write(tmp_path / "in.jsonl", ["aaa", "bbb", "ccc"])
    path = str(tmp_path / "in.jsonl")
    assert first.index(b"bbb") == 4
    assert list(read_lines(Shard("p", path, 0, 4))) == [b"aaa\n"]
    assert list(read_lines(Shard("p", path, 4, 5))) == [b"bbb\n"]
    assert list(read_lines(Shard("p", path, 5, 8))) == []  # no line starts in 5..7
    assert list(read_lines(Shard("p", path, 5, None))) == [b"ccc\n"]


def test_compressed_files_are_one_shard_each(tmp_path):
    _write(tmp_path / "in.jsonl.gz", LINES)
    (shard,) = plan(expand([str(tmp_path / "in.jsonl.gz")]), 1)
    assert (shard.start, shard.end, shard.compression) == (0, None, "gzip")
    assert [line.decode().rstrip("\n") for line in read_lines(shard)] == LINES


def test_a_last_line_without_newline_is_read(tmp_path):
    (tmp_path / "in.jsonl").write_bytes(b"a\nb")
    shards = plan(expand([str(tmp_path / "in.jsonl")]), 2)
    assert [line for s in shards for line in read_lines(s)] == [b"a\n", b"b"]


def test_open_lines_reads_gzip_by_name(tmp_path):
    _write(tmp_path / "in.jsonl.gz", ["x", "y"])
    with open_lines(str(tmp_path / "in.jsonl.gz")) as lines:
        assert list(lines) == [b"x\n", b"y\n"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1048576", 1_048_576),
        ("64MB", 64_000_000),
        ("64mb", 64_000_000),
        ("64MiB", 64 * 2**20),
        ("1.5 MB", 1_500_000),
        ("500k", 500_000),
        ("2KiB", 2048),
        ("3GB", 3 * 10**9),
        ("10b", 10),
    ],
)
def test_parse_size(value, expected):
    assert parse_size(value) == expected


@pytest.mark.parametrize("value", ["", "lots", "-1MB", "0", "0.1", "5 XB", "1.5.2MB", "MB", "4i"])
def test_parse_size_refuses(value):
    with pytest.raises(ValueError):
        parse_size(value)
