"""One error shape for everything: RFC 9457 ``application/problem+json``.

A single handler covers every ``HTTPException`` (Flask's own 404/405/413…, ours), marshmallow
validation errors (422 with the field messages) and unexpected exceptions (500, no exception text).
Nothing answers HTML or a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, json, request
from flask_limiter import RateLimitExceeded
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_JSON = "application/problem+json"

# Problem types beyond the plain HTTP status (RFC 9457 §4.2: "about:blank" means "see the status").
VALIDATION = "urn:nas:problem:validation-error"
NOT_READY = "urn:nas:problem:not-ready"
TIMEOUT = "urn:nas:problem:timeout"
UNSUPPORTED_LANGUAGE = "urn:nas:problem:unsupported-language"
LIMIT = "urn:nas:problem:limit-exceeded"
QUOTA = "urn:nas:problem:quota-exceeded"

log = logging.getLogger("service.web")


class Problem(HTTPException):
    """An HTTP error with a problem type and optional extension members."""

    def __init__(
        self,
        code: int,
        detail: str,
        *,
        type_: str = "about:blank",
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(description=detail)
        self.code = code
        self.type = type_
        self.title = title
        self.extra_headers = headers or {}
        self.extensions = extensions


class NotReady(Problem):
    """503 until the pipeline is loaded; ``Retry-After`` tells clients when to try again."""

    def __init__(self, detail: str = "The language model is not loaded yet.") -> None:
        super().__init__(
            503, detail, type_=NOT_READY, title="Service not ready", headers={"Retry-After": "5"}
        )


class AnalysisTimeout(Problem):
    """503 for an analysis stopped at the request deadline (``service.web.deadline``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            503,
            f"The analysis did not finish within {seconds:g} seconds; send a shorter text.",
            type_=TIMEOUT,
            title="Analysis timed out",
        )


class ItemTimeout(Problem):
    """503 for one document of a batch left unanalysed when the request's deadline came."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            503,
            f"The batch ran out of its {seconds:g} seconds before this document was analysed; "
            "send it again, alone or in a smaller batch.",
            type_=TIMEOUT,
            title="Analysis timed out",
        )


class UnsupportedLanguage(Problem):
    """422 for a text that is not in English (the only language the pipeline reads)."""

    def __init__(self, code: str, name: str) -> None:
        super().__init__(
            422,
            f"The text is in {name} ({code}); only English text is analysed.",
            type_=UNSUPPORTED_LANGUAGE,
            title="Unsupported language",
            language=code,
        )


class LimitExceeded(Problem):
    """A request that breaks a configured limit, refused before any work, naming the limit."""

    def __init__(
        self, code: int, detail: str, *, limit: str, maximum: int, actual: int | None = None
    ) -> None:
        extra = {"limit": limit, "maximum": maximum}
        if actual is not None:
            extra["actual"] = actual
        super().__init__(code, detail, type_=LIMIT, title="Request too large", **extra)


class QuotaExceeded(Problem):
    """429 for a caller over a quota (``service.web.quotas``), naming it; the limiter adds
    ``Retry-After`` (when the quota has room again) to the answer."""

    def __init__(self, detail: str, *, limit: str, maximum: int) -> None:
        super().__init__(
            429, detail, type_=QUOTA, title="Quota exceeded", limit=limit, maximum=maximum
        )

    @classmethod
    def from_breach(cls, exc: RateLimitExceeded) -> QuotaExceeded:
        # The quotas' scopes are the names of the settings that set them.
        scope = exc.limit.scope if isinstance(exc.limit.scope, str) else "quota"
        return cls(
            f"{exc.description} Retry after the time in Retry-After.",
            limit=scope,
            maximum=exc.limit.limit.amount,
        )


def validation_problem(messages: Any, detail: str = "The request body is not valid.") -> Problem:
    """A 422 carrying marshmallow's field messages as ``errors``."""
    if not isinstance(messages, dict):
        messages = {"_schema": messages if isinstance(messages, list) else [str(messages)]}
    return Problem(
        422, detail, type_=VALIDATION, title="Unprocessable Content", errors=_jsonable(messages)
    )


def _jsonable(messages: Any) -> Any:
    # marshmallow keys list positions by int; JSON object keys must be strings.
    if isinstance(messages, dict):
        return {str(k): _jsonable(v) for k, v in messages.items()}
    if isinstance(messages, list | tuple):
        return [_jsonable(v) for v in messages]
    return str(messages)


def problem_body(
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    **extensions: Any,
) -> dict[str, Any]:
    """The problem object (also used for per-item errors inside a batch answer)."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    body.update(extensions)
    return body


def problem_response(exc: HTTPException) -> Response:
    """Render any HTTPException as problem+json, keeping its own headers (e.g. ``Allow``)."""
    status = exc.code or 500
    title = getattr(exc, "title", None) or exc.name
    detail = exc.description or title
    body = problem_body(
        status,
        title,
        detail,
        getattr(exc, "type", "about:blank"),
        instance=request.path if request else None,
        **getattr(exc, "extensions", {}),
    )
    request_id = getattr(g, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    # Keep what the exception itself asks for (Allow on 405, Retry-After on 503…) but not its
    # Content-Type, which werkzeug sets to HTML.
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    for name, value in getattr(exc, "extra_headers", {}).items():
        response.headers[name] = value
    return response


def handle(exc: Exception) -> Response:
    """The one handler registered for ``Exception``: HTTP errors, validation, anything else."""
    if isinstance(exc, ValidationError):
        return problem_response(validation_problem(exc.messages))
    if isinstance(exc, RateLimitExceeded):
        return problem_response(QuotaExceeded.from_breach(exc))
    if isinstance(exc, HTTPException):
        if exc.code is None:  # e.g. a bare HTTPException(response=...) from a third party
            return problem_response(InternalServerError())
        return problem_response(exc)
    # Log the type and where it happened, never the message: it may quote the article.
    log.error(
        "unhandled exception",
        extra={"error": type(exc).__name__, "where": _where(exc)},
    )
    return problem_response(
        InternalServerError("The server could not analyse this request. It has been logged.")
    )


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "unknown"
    code = tb.tb_frame.f_code
    return f"{code.co_filename}:{tb.tb_lineno} in {code.co_name}"


def init_app(app: Flask) -> None:
    app.register_error_handler(Exception, handle)
