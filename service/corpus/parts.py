"""The output directory of a Dask run: one part file per shard, written atomically, and resume.

A part is written under a temporary name (``.part-00003.jsonl.<token>.tmp``) and renamed when it
is whole, so a part file that exists is complete: a rerun skips it and redoes the others. Two
attempts at the same shard (a worker presumed dead that was only slow) write two temporary files;
the first to finish is kept and the other is dropped, so a part is written once.

``_manifest.json`` records which shard each part answers (source, byte range, source size). A
rerun with other inputs, or with a changed input file, is refused instead of mixing answers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from typing import IO

from fsspec.core import url_to_fs

from service.corpus.inputs import Shard

MANIFEST = "_manifest.json"
_FORMAT = 1


class OutputMismatch(ValueError):
    """OUT_DIR holds the answers of another set of inputs."""


class OutputDir:
    """OUT_DIR on any fsspec file system: a local path, ``s3://bucket/prefix``, …"""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.path = url_to_fs(url)

    def _join(self, name: str) -> str:
        return f"{self.path.rstrip('/')}/{name}"

    # --- the driver's side -------------------------------------------------------------------

    def prepare(self, shards: list[Shard]) -> None:
        """Create OUT_DIR and record the plan, or check that it is the plan of the earlier run."""
        self.fs.makedirs(self.path, exist_ok=True)
        manifest = {"format": _FORMAT, "shards": [asdict(s) for s in shards]}
        path = self._join(MANIFEST)
        if self.fs.exists(path):
            with self.fs.open(path, "r", encoding="utf-8") as fh:
                found = json.load(fh)
            if found != manifest:
                raise OutputMismatch(
                    f"{self.url} holds the answers of other inputs, or of inputs that changed "
                    f"since (see {MANIFEST}): give another OUT_DIR, or empty this one"
                )
            return
        if self.complete():
            raise OutputMismatch(f"{self.url} has part files but no {MANIFEST}: not a corpus run")
        with self._atomic(MANIFEST) as fh:
            fh.write(json.dumps(manifest, indent=1).encode("utf-8"))

    def complete(self) -> set[str]:
        """The names of the part files present, all of them whole (see the module's doc)."""
        names = (p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(self.path, detail=False))
        return {n for n in names if n.startswith("part-") and n.endswith(".jsonl")}

    def remove_temporary(self) -> int:
        """Delete what attempts killed mid-write left behind; how many files."""
        names = [p for p in self.fs.ls(self.path, detail=False) if p.endswith(".tmp")]
        for path in names:
            with suppress(FileNotFoundError):
                self.fs.rm(path)
        return len(names)

    # --- a task's side -----------------------------------------------------------------------

    @contextmanager
    def writer(self, part: str) -> Iterator[IO[bytes]]:
        """A binary file whose content becomes part ``part`` only if the block ends normally."""
        with self._atomic(part) as fh:
            yield fh

    @contextmanager
    def _atomic(self, name: str) -> Iterator[IO[bytes]]:
        final = self._join(name)
        tmp = self._join(f".{name}.{uuid.uuid4().hex[:12]}.tmp")
        try:
            with self.fs.open(tmp, "wb") as fh:
                yield fh
            if self.fs.exists(final):
                self.fs.rm(tmp)  # another attempt at this shard finished first: keep its file
            else:
                # A rename on local and POSIX-like file systems; object stores have no rename
                # and copy, but their objects only ever appear whole.
                self.fs.mv(tmp, final)
        except BaseException:
            with suppress(FileNotFoundError):
                self.fs.rm(tmp)
            raise
