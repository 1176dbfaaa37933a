"""Who is calling (``g.caller``), and the API keys ``/v1/*`` needs when ``API_KEYS_FILE`` is set.

With keys on, every ``/v1/*`` request but a CORS preflight (browsers send those without
credentials) needs ``Authorization: Bearer <key>`` naming a caller of the key file; anything else
is a 401 problem with ``WWW-Authenticate`` (RFC 6750), raised here and answered by the one error
handler. The caller is the key's name. The operations and documentation routes (``/livez``,
``/readyz``, ``/metrics``, ``/openapi.yaml``, ``/docs``, the article page and its samples) stay
open: probes and scrapers carry no key, and those pages hold nothing but the service's own files.

With keys off, the caller is the client's address (for quotas; ``TRUSTED_PROXIES`` says how many
proxies' ``X-Forwarded-For`` entries to believe). The key itself is never logged, stored or echoed.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, request

from service import keys
from service.web.errors import Problem

REALM = "news-attribution"
API_PREFIX = "/v1/"
log = logging.getLogger("service.web")


class Unauthorized(Problem):
    """401 with the challenge: a missing key gets the bare one, a bad key ``invalid_token``."""

    def __init__(self, detail: str, *, invalid: bool) -> None:
        challenge = f'Bearer realm="{REALM}"'
        if invalid:
            challenge += ', error="invalid_token"'
        super().__init__(401, detail, title="Unauthorized", headers={"WWW-Authenticate": challenge})


def _bearer() -> str | None:
    """The key of ``Authorization: Bearer <key>``; "" for any other form; None without one."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not keys.KEY.fullmatch(token):
        return ""
    return token


def _identify() -> None:
    store: keys.KeyStore | None = current_app.extensions["nas"].get("keys")
    # Only a request for an API operation needs a key: an unknown path or method is answered 404
    # or 405 as without keys (the contract is public anyway, at /openapi.yaml).
    needs_key = request.url_rule is not None and request.path.startswith(API_PREFIX)
    if store is None or not needs_key or request.method == "OPTIONS":
        g.caller = f"addr:{request.remote_addr or 'unknown'}"
        return
    token = _bearer()
    if token is None:
        raise Unauthorized(
            "This API needs a key: send it as 'Authorization: Bearer <key>'.", invalid=False
        )
    name = store.caller(token) if token else None
    if name is None:
        # Never say which: not known, revoked or malformed all read the same.
        raise Unauthorized("The API key is not valid.", invalid=True)
    g.caller = f"key:{name}"


def caller_name() -> str | None:
    """The authenticated caller's name (None when keys are off or before identification)."""
    caller = getattr(g, "caller", None)
    return caller[4:] if caller and caller.startswith("key:") else None


def init_app(app: Flask) -> None:
    """Read the key file (a bad or missing one stops start-up) and identify every request."""
    path = app.config["API_KEYS_FILE"]
    if path:
        try:
            store = keys.KeyStore(path, on_error=_reload_failed)
        except keys.KeyFileError as exc:
            raise ValueError(f"NAS_API_KEYS_FILE: {exc}") from None
        if not store.entries:
            log.warning("the key file has no keys: every /v1 request will be refused", extra={})
        app.extensions["nas"]["keys"] = store
    app.before_request(_identify)


def _reload_failed(exc: keys.KeyFileError) -> None:
    log.error("key file not reloaded; the last good keys stay in force", extra={"error": str(exc)})
