"""INPUT arguments to sources, sources to shards, shards to raw lines; all I/O through fsspec.

An INPUT is a file, a directory (its ``*.jsonl`` and ``*.ndjson`` files, compressed or not, at any
depth), a glob, or any of these as an fsspec URL (``s3://``, ``gs://`` once s3fs or gcsfs is
installed). Compression is inferred from the name (``.gz``, ``.bz2``, ``.xz``) and read
transparently.

A shard is one task's input: a whole file, or, for an uncompressed file larger than the shard
size, one of its equal byte ranges. A line belongs to the range in which it starts, so every line
is in exactly one shard; a compressed file cannot be entered in the middle and is one shard.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

import fsspec
from fsspec.core import url_to_fs
from fsspec.implementations.local import LocalFileSystem
from fsspec.spec import AbstractFileSystem
from fsspec.utils import infer_compression

DEFAULT_SHARD_BYTES = 64 * 2**20
_CORPUS_NAME = re.compile(r"\.(jsonl|ndjson)(\.(gz|bz2|xz))?$")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*((?:[kmgt]i?)?)b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


class InputError(ValueError):
    """An INPUT argument that names no readable corpus file."""


@dataclass(frozen=True, slots=True)
class Source:
    url: str  # an absolute path for local files, else the fsspec URL
    size: int
    compression: str | None


@dataclass(frozen=True, slots=True)
class Shard:
    """One task's input: ``url`` from byte ``start`` to ``end`` (None: to its end)."""

    part: str  # the name of its output part file
    url: str
    start: int = 0
    end: int | None = None
    compression: str | None = None
    size: int = 0  # of the whole source, so that the manifest notices a changed file


def expand(inputs: list[str], *, exclude: str | None = None) -> list[Source]:
    """Every corpus file the INPUT arguments name, in argument order, each once.

    Files under ``exclude`` (OUT_DIR) are left out: an output directory inside an input
    directory must not make its own parts inputs of the next run.
    """
    skip = None
    if exclude is not None:
        fs, path = url_to_fs(exclude)
        skip = _url(fs, path).rstrip("/") + "/"
    found: dict[str, Source] = {}
    for arg in inputs:
        fs, path = url_to_fs(arg)
        for name, size in _files(fs, path, arg):
            url = _url(fs, name)
            if url not in found and not (skip and url.startswith(skip)):
                found[url] = Source(url, size, infer_compression(name))
    if not found:
        raise InputError("no input file outside OUT_DIR")
    return list(found.values())


def _files(fs: AbstractFileSystem, path: str, arg: str) -> list[tuple[str, int]]:
    """The files ``arg`` names, sorted, with their sizes; listed with details in one go, since
    one request per file would take hours on an object store holding millions of articles."""
    if fsspec.core.has_magic(path):
        # Hidden files are left out, as a shell's glob leaves them out.
        found = fs.glob(path, detail=True)
        names = [(p, i) for p, i in found.items() if not _name(p).startswith(".")]
        if not names:
            raise InputError(f"no file matches {arg}")
    elif fs.isdir(path):
        names = [(p, i) for p, i in fs.find(path, detail=True).items() if _is_corpus(p)]
        if not names:
            raise InputError(f"no .jsonl or .ndjson file under {arg}")
    elif fs.isfile(path):
        names = [(path, fs.info(path))]
    else:
        raise InputError(f"no such file: {arg}")
    files = sorted((p, int(i["size"])) for p, i in names if i["type"] == "file")
    if not files:
        raise InputError(f"no file matches {arg}")
    return files


def _is_corpus(path: str) -> bool:
    # Files whose names start with "." or "_" are not data: a run's own temporary parts and
    # manifest among them, should OUT_DIR sit under an input directory.
    name = _name(path)
    return not name.startswith((".", "_")) and bool(_CORPUS_NAME.search(name))


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _url(fs: AbstractFileSystem, path: str) -> str:
    # Plain paths for local files: readable in messages and in the manifest.
    return path if isinstance(fs, LocalFileSystem) else fs.unstrip_protocol(path)


def plan(sources: list[Source], shard_bytes: int = DEFAULT_SHARD_BYTES) -> list[Shard]:
    """The shards of ``sources``, numbered in order: equal byte ranges of at most
    ``shard_bytes`` for uncompressed files, whole files otherwise."""
    shards: list[Shard] = []
    for source in sources:
        pieces = 1 if source.compression else max(1, math.ceil(source.size / shard_bytes))
        bounds = [source.size * i // pieces for i in range(pieces + 1)]
        for i in range(pieces):
            end = None if i == pieces - 1 else bounds[i + 1]
            part = f"part-{len(shards):05d}.jsonl"
            shards.append(Shard(part, source.url, bounds[i], end, source.compression, source.size))
    return shards


def read_lines(shard: Shard) -> Iterator[bytes]:
    """The raw lines of ``shard``: those that start at a byte in ``[start, end)``."""
    with fsspec.open(shard.url, "rb", compression=shard.compression) as fh:
        yield from _lines_in(fh, shard.start, shard.end)


def _lines_in(fh: IO[bytes], start: int, end: int | None) -> Iterator[bytes]:
    if start:
        # Step back one byte: if it is a newline, a line starts exactly at ``start`` and is ours;
        # otherwise the rest of a line that started earlier is skipped (the range before has it).
        fh.seek(start - 1)
        fh.readline()
        pos = fh.tell()
    else:
        pos = 0
    while end is None or pos < end:
        line = fh.readline()
        if not line:
            return
        pos += len(line)
        yield line


@contextmanager
def open_lines(path: str) -> Iterator[Iterator[bytes]]:
    """The raw lines of one whole input for the local mode: a path, a URL, or ``-`` (stdin)."""
    if path == "-":
        yield iter(sys.stdin.buffer)
        return
    with fsspec.open(path, "rb", compression="infer") as fh:
        yield iter(fh)


def count_lines(path: str) -> int | None:
    """How many lines ``path`` has (for a progress bar), or None for stdin."""
    if path == "-":
        return None
    with open_lines(path) as lines:
        return sum(1 for _ in lines)


def parse_size(value: str) -> int:
    """Bytes from ``64MB``, ``1.5MiB``, ``500k`` or ``1048576``; at least 1."""
    m = _SIZE.match(value)
    if not m:
        raise ValueError(f"not a size: {value!r} (say e.g. 64MB, 512KiB or 1000000)")
    number, unit = float(m.group(1)), m.group(2).lower()
    # KB, MB are powers of 1000 and KiB, MiB powers of 1024, as Dask and most tools read them.
    scale = 2 ** (10 * "kmgt".index(unit[0]) + 10) if unit.endswith("i") else _UNITS[unit]
    size = int(number * scale)
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte, got {value!r}")
    return size
