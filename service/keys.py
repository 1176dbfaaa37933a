"""API keys: the key file, and who a presented key belongs to. No Flask here: the command line
(``python -m service keys …``) writes the file and the web layer (``service.web.auth``) reads it.

The file is JSON, one entry per caller, and holds no key, only a salted hash of each::

    {"version": 1, "keys": [{"name": "newsroom", "hash": "sha256$<salt hex>$<digest hex>",
                             "created": "2025-01-01T00:00:00+00:00"}]}

The digest is HMAC-SHA256 of the key under a random 16-byte salt of its own. Keys the command
makes are 256 random bits (``nas_`` + URL-safe base64), so one fast hash is enough: there is
nothing to guess from a leaked file. A presented key is checked against every entry with
``hmac.compare_digest`` and no early exit, so the time taken says nothing about which entry, or how
much of it, matched.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERSION = 1
KEY_PREFIX = "nas_"
# A caller's name shows in logs, quotas and traces: short and plain, starting with a letter (so it
# can never look like a client address, the caller of a request when keys are off).
NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")
# RFC 6750 b64token, at least 32 characters: a key given with --key must be as hard to guess as
# one the command makes (43 characters of base64 for 256 bits) would be to brute-force, near enough.
KEY = re.compile(r"[A-Za-z0-9._~+/-]{32,256}=*")
_SCHEME = "sha256"


class KeyFileError(ValueError):
    """The key file is missing, unreadable or not in the expected form."""


@dataclass(frozen=True)
class Entry:
    name: str
    hash: str
    created: str


def new_key() -> str:
    """A fresh key: 256 random bits, prefixed so that secret scanners can recognise it."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str, salt: bytes | None = None) -> str:
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{_SCHEME}${salt.hex()}${digest}"


def matches(key: str, stored: str) -> bool:
    """Whether ``key`` is the key ``stored`` (a :func:`hash_key` value) was made from."""
    scheme, salt, _ = stored.split("$")
    if scheme != _SCHEME:
        return False
    return hmac.compare_digest(hash_key(key, bytes.fromhex(salt)), stored)


def find(entries: tuple[Entry, ...], key: str) -> str | None:
    """The name of the caller whose key ``key`` is, or None. Every entry is checked."""
    found = None
    for entry in entries:
        if matches(key, entry.hash) and found is None:
            found = entry.name
    return found


# --- the file -------------------------------------------------------------------------------------


def parse(text: str) -> tuple[Entry, ...]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeyFileError(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise KeyFileError(f'expected {{"version": {VERSION}, "keys": [...]}}')
    raw = data.get("keys")
    if not isinstance(raw, list):
        raise KeyFileError('"keys" must be a list')
    entries, names = [], set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise KeyFileError(f"keys[{i}] must be an object")
        name, hashed = item.get("name"), item.get("hash")
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise KeyFileError(f"keys[{i}]: bad name {name!r}")
        if name in names:
            raise KeyFileError(f"keys[{i}]: {name!r} appears twice")
        if not isinstance(hashed, str) or not _well_formed(hashed):
            raise KeyFileError(f"keys[{i}] ({name}): bad hash")
        names.add(name)
        entries.append(Entry(name, hashed, str(item.get("created", ""))))
    return tuple(entries)


def _well_formed(hashed: str) -> bool:
    return bool(re.fullmatch(rf"{_SCHEME}\$[0-9a-f]{{32}}\$[0-9a-f]{{64}}", hashed))


def read(path: str | os.PathLike[str]) -> tuple[Entry, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read {path}: {type(exc).__name__}") from None
    try:
        return parse(text)
    except KeyFileError as exc:
        raise KeyFileError(f"{path}: {exc}") from None


def write(path: str | os.PathLike[str], entries: tuple[Entry, ...]) -> None:
    """Replace the file atomically (a reader sees the old file or the new one, never half) with
    mode 0600: it is a list of who may call, and its hashes are nobody else's business."""
    path = Path(path)
    body = {"version": VERSION, "keys": [vars(e) for e in entries]}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:  # mkstemp made it 0600
            json.dump(body, fh, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add(path: str | os.PathLike[str], name: str, key: str | None = None) -> str:
    """Add caller ``name`` with ``key`` (a new one when None) to the file, created if missing;
    returns the key. Refuses a name already there, a malformed name or key, and a key in use."""
    if not NAME.fullmatch(name):
        raise KeyFileError(
            f"bad name {name!r}: a letter, then up to 63 letters, digits, '.', '_' or '-'"
        )
    if key is not None and not KEY.fullmatch(key):
        raise KeyFileError(
            "bad key: at least 32 characters of A-Z a-z 0-9 . _ ~ + / - (then '=' padding)"
        )
    entries = read(path) if Path(path).exists() else ()
    if any(e.name == name for e in entries):
        raise KeyFileError(f"{name!r} already has a key; revoke it first to issue a new one")
    key = new_key() if key is None else key
    if find(entries, key) is not None:
        raise KeyFileError("that key already belongs to another caller")
    created = datetime.now(UTC).isoformat(timespec="seconds")
    write(path, (*entries, Entry(name, hash_key(key), created)))
    return key


def revoke(path: str | os.PathLike[str], name: str) -> None:
    """Remove caller ``name`` from the file; refuses a name that is not there."""
    entries = read(path)
    kept = tuple(e for e in entries if e.name != name)
    if len(kept) == len(entries):
        raise KeyFileError(f"no caller named {name!r} in {path}")
    write(path, kept)


# --- the service's view of the file ---------------------------------------------------------------


class KeyStore:
    """The key file as the service sees it, read again when it changes.

    A Kubernetes Secret mounted as a volume is updated in place (a symlink swapped to a new
    directory), so every lookup compares the file's ``stat`` (inode, size, mtime) with the last
    one read: one system call, and a revoked key stops working on the next request. A file that
    turns unreadable or malformed keeps the last good keys (and says so through ``on_error``):
    a bad edit must not lock every caller out, nor let anyone in.
    """

    def __init__(self, path: str | os.PathLike[str], on_error: Any = None) -> None:
        self.path = Path(path)
        self._on_error = on_error
        self._lock = threading.Lock()
        self._stamp = self._stat()
        self._entries = read(self.path)  # at start-up a bad file is an error, not a warning

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    @property
    def entries(self) -> tuple[Entry, ...]:
        stamp = self._stat()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._reload(stamp)
        return self._entries

    def _reload(self, stamp: tuple[int, int, int] | None) -> None:
        self._stamp = stamp
        try:
            self._entries = read(self.path)
        except KeyFileError as exc:
            if self._on_error is not None:
                self._on_error(exc)

    def caller(self, key: str) -> str | None:
        """The name of the caller whose key this is, or None."""
        return find(self.entries, key)
