"""Service configuration: defaults in code, overridden by ``NAS_*`` environment variables.

Shared by the Flask factory and ``gunicorn.conf.py`` so that the web app and the process manager
read the same values. ``PORT`` is read as-is (the usual convention of container platforms).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any

from service import cgroup

PREFIX = "NAS_"


def default_workers() -> int:
    """One worker per CPU this process may use: the cores it may run on (affinity, cpusets), or
    fewer where a cgroup CPU quota grants fewer (a container's or pod's CPU limit), rounded up."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    limit = cgroup.cpu_limit()
    if limit is not None:
        cores = min(cores, math.ceil(limit))
    return max(1, cores)


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("must be a positive integer")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("must be a positive number")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    # A comma- or space-separated allow-list; "*" is accepted and means any origin.
    return tuple(o.strip().rstrip("/") for o in raw.replace(",", " ").split() if o.strip())


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return level


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _count(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("must be 0 (off) or a positive integer")
    return value


def _optional_path(raw: str) -> str | None:
    return raw.strip() or None


# The rate-limit stores Flask-Limiter (the ``limits`` library) can use that this package ships a
# client for: per-process memory, or Redis (shared by every worker and replica).
QUOTA_STORES = ("memory", "redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")


def _storage_uri(raw: str) -> str:
    scheme = raw.strip().partition("://")[0]
    if "://" not in raw or scheme not in QUOTA_STORES:
        raise ValueError(f"must be a URI with one of the schemes {', '.join(QUOTA_STORES)}")
    return raw.strip()


# name (without prefix) -> (default, parser, one-line description for the README table)
SETTINGS: dict[str, tuple[Any, Callable[[str], Any], str]] = {
    "MAX_TEXT_CHARS": (100_000, _positive_int, "longest accepted text, in Unicode code points"),
    "MAX_BATCH_DOCS": (32, _positive_int, "most documents in one batch request"),
    # 100,000 non-ASCII characters JSON-escaped as \uXXXX take 600 kB; emoji (two escapes) 1.2 MB.
    "MAX_BODY_BYTES": (2_000_000, _positive_int, "largest accepted request body, in bytes"),
    # Measured so that the largest batch this admits finishes well inside REQUEST_TIMEOUT on one
    # core (docs/performance.md, "Limits and memory"); a bigger batch is refused before any work.
    "MAX_BATCH_CHARS": (
        300_000,
        _positive_int,
        "most characters (code points) of all the texts of one batch request",
    ),
    "SLICE_CHARS": (
        20_000,
        _positive_int,
        "longer texts are parsed in paragraph-bounded slices of at most this many characters",
    ),
    "WORKERS": (None, _positive_int, "gunicorn worker processes (default: one per core)"),
    # Stalled clients and connections closing after an answer each hold a thread for a while:
    # 16 leave room for both beside the probes (with as many threads as stalled clients, a probe
    # can wait behind them).
    "THREADS": (
        16,
        _positive_int,
        "request threads per worker; analyses still run one at a time per worker",
    ),
    "READ_TIMEOUT": (
        10.0,
        _positive_float,
        "seconds a client may stay silent while sending a request (then 408, or closed)",
    ),
    "MODEL": ("en_core_web_sm", str, "spaCy pipeline to load"),
    "LOG_LEVEL": ("INFO", _log_level, "log level of the JSON-lines logs on stdout"),
    "CORS_ORIGINS": ((), _origins, "CORS allow-list, comma-separated origins (off when empty)"),
    "REQUEST_TIMEOUT": (
        40.0,
        _positive_float,
        "seconds a request may take; past them an analysis answers 503, a batch's rest per item",
    ),
    "PRELOAD_MODEL": (True, _boolean, "load the pipeline when the app is created"),
    # Callers and quotas (docs/deployment.md): all off by default.
    "API_KEYS_FILE": (
        None,
        _optional_path,
        "key file (`python -m service keys`); when set, /v1/* needs `Authorization: Bearer <key>`",
    ),
    "QUOTA_REQUESTS_PER_MINUTE": (0, _count, "API requests per minute per caller (0: no quota)"),
    "QUOTA_CHARS_PER_MINUTE": (
        0,
        _count,
        "characters of text per minute per caller (0: no quota)",
    ),
    "QUOTA_STORAGE_URI": (
        "memory://",
        _storage_uri,
        "where quotas are counted: memory:// (each worker apart) or redis://host:6379 (shared)",
    ),
    "TRUSTED_PROXIES": (
        0,
        _count,
        "proxies in front whose X-Forwarded-For names the client (for quotas by address)",
    ),
}


def defaults() -> dict[str, Any]:
    """The built-in value of every setting, as Flask config keys (no prefix)."""
    values = {name: default for name, (default, _, _) in SETTINGS.items()}
    values["WORKERS"] = default_workers()
    return values


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings given as ``NAS_<NAME>`` in ``environ``, parsed; a bad value stops start-up."""
    environ = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for name, (_, parse, _) in SETTINGS.items():
        raw = environ.get(PREFIX + name)
        if raw is None:
            continue
        try:
            out[name] = parse(raw)
        except ValueError as exc:
            raise ValueError(f"{PREFIX}{name}={raw!r}: {exc}") from None
    return out


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults overridden by the environment."""
    return {**defaults(), **from_env(environ)}


def port(environ: Mapping[str, str] | None = None) -> int:
    """``PORT`` as-is (no prefix), default 8080."""
    environ = os.environ if environ is None else environ
    raw = environ.get("PORT", "8080")
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"PORT={raw!r}: must be an integer") from None
    if not 0 < value < 65536:
        raise ValueError(f"PORT={raw!r}: must be between 1 and 65535")
    return value
