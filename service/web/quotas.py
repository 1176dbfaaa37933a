"""Per-caller quotas on the API: requests and characters of text per minute (Flask-Limiter).

The caller is ``g.caller`` (``service.web.auth``): the key's name, or the client's address when
keys are off. Both quotas are shared by ``/v1/analyze`` and ``/v1/analyze/batch`` and count a
sliding minute (a weighted sliding-window counter: two numbers per caller and quota, whatever the
cost of a hit, so a 100,000-character text costs no more to count than a short one).

Refusals are cheap and come before any analysis: the request quota is checked first, without
reading the body; the characters are those of ``text`` (or every document's ``text``) in the body,
read once and kept for the view. A refused request is a 429 problem (``urn:nas:problem:
quota-exceeded``, naming the quota) with ``Retry-After``; every answer of the API carries
``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` for the quota nearest to its end.

Counts live in ``QUOTA_STORAGE_URI``: ``memory://`` keeps them in each worker process (a caller may
then get up to workers × replicas times its quota), ``redis://…`` in one Redis that every worker
and replica shares. If that store cannot be reached, requests are served unmetered and the failure
is logged: a quota protects the service, it must not take it down.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from werkzeug.exceptions import HTTPException

QUOTA_ENDPOINTS = ("api.analyze", "api.analyze_batch")
# The scope of each quota is the setting that sets it: it names the quota in a 429 problem.
REQUESTS = "NAS_QUOTA_REQUESTS_PER_MINUTE"
CHARS = "NAS_QUOTA_CHARS_PER_MINUTE"


def _caller() -> str:
    return getattr(g, "caller", None) or f"addr:{request.remote_addr or 'unknown'}"


def text_chars(body: Any) -> int:
    """Characters (code points) of the texts in an analyse or batch body; 0 for anything else,
    which the view will refuse on its own."""
    if not isinstance(body, dict):
        return 0
    if isinstance(body.get("text"), str):
        return len(body["text"])
    documents = body.get("documents")
    if isinstance(documents, list):
        texts = (d.get("text") for d in documents if isinstance(d, dict))
        return sum(len(t) for t in texts if isinstance(t, str))
    return 0


def _request_chars() -> int:
    # The view reads the same body (routes.read_json keeps it, or the error it raised, on g), so
    # it is read and parsed once. A body the view will refuse (too large, not JSON) costs nothing.
    from service.web.routes import read_json

    try:
        return text_chars(read_json())
    except HTTPException:
        return 0


def check_settings(config: dict[str, Any]) -> None:
    """A character quota must admit the largest request the limits admit, or such a request
    would be refused forever (its Retry-After a lie)."""
    chars = config["QUOTA_CHARS_PER_MINUTE"]
    needed = max(config["MAX_TEXT_CHARS"], config["MAX_BATCH_CHARS"])
    if chars and chars < needed:
        raise ValueError(
            f"{CHARS}={chars}: must be 0 (off) or at least NAS_MAX_TEXT_CHARS and "
            f"NAS_MAX_BATCH_CHARS ({needed}), so that every admissible request can be served"
        )


def init_app(app: Flask) -> None:
    """Install the quotas that are set (none by default: nothing is counted then)."""
    cfg = app.config
    check_settings(cfg)
    requests_pm, chars_pm = cfg["QUOTA_REQUESTS_PER_MINUTE"], cfg["QUOTA_CHARS_PER_MINUTE"]
    if not (requests_pm or chars_pm):
        return
    limiter = Limiter(
        key_func=_caller,
        storage_uri=cfg["QUOTA_STORAGE_URI"],
        strategy="sliding-window-counter",
        headers_enabled=True,
        swallow_errors=True,
        key_prefix="nas-quota",
    )
    limiter.init_app(app)
    app.extensions["nas"]["limiter"] = limiter
    # (per minute, scope, what is counted, the cost of a request)
    wanted = [
        (requests_pm, REQUESTS, "requests", 1),
        (chars_pm, CHARS, "characters of text", _request_chars),
    ]
    quotas = [
        limiter.shared_limit(
            f"{amount}/minute",
            scope=scope,
            methods=["POST"],
            cost=cost,
            error_message=f"Over the quota of {amount} {what} a minute.",
        )
        for amount, scope, what, cost in wanted
        if amount
    ]
    for endpoint in QUOTA_ENDPOINTS:
        view = app.view_functions[endpoint]
        for quota in quotas:
            view = quota(view)
        app.view_functions[endpoint] = view


def reset(app: Flask | None = None) -> None:
    """Forget every count (tests; an operator's fresh start)."""
    limiter = (app or current_app).extensions["nas"].get("limiter")
    if limiter is not None:
        limiter.reset()
