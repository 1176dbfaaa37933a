"""CORS, off unless ``CORS_ORIGINS`` lists the origins that may call the API from a browser.

The API paths answer ``OPTIONS`` themselves (204 with ``Allow``); for an allowed origin this adds
the grant, on preflights and on the actual responses alike.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

# Authorization: a page calling the API with a key (NAS_API_KEYS_FILE); the quota headers let it
# tell its user when to try again.
ALLOWED_HEADERS = "Content-Type, X-Request-ID, Authorization"
EXPOSED_HEADERS = (
    "X-Request-ID, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
)
MAX_AGE = "600"


def _allowed(origin: str | None) -> bool:
    origins = current_app.config["CORS_ORIGINS"]
    return bool(origin) and ("*" in origins or origin.rstrip("/") in origins)


def _decorate(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not _allowed(origin):
        return response
    response.vary.add("Origin")
    if request.method == "OPTIONS" and response.status_code == 204:
        wanted = (request.headers.get("Access-Control-Request-Method") or "").upper()
        allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
        if wanted not in allowed:
            return response  # no grant: the browser will refuse the actual request
        response.headers["Access-Control-Allow-Methods"] = wanted
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = MAX_AGE
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def init_app(app: Flask) -> None:
    if app.config["CORS_ORIGINS"]:
        app.after_request(_decorate)
