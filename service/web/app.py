"""The application factory: ``create_app(test_config=None)``.

Configuration: defaults in ``service.config``, then ``NAS_*`` environment variables, then
``test_config``. With ``PRELOAD_MODEL`` (the default) the spaCy pipeline is loaded here, which under
gunicorn's ``preload_app`` means once in the master, shared by every forked worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import RequestRedirect

from service import config
from service.web import (
    apidocs,
    auth,
    cors,
    errors,
    logs,
    metrics,
    model,
    quotas,
    routes,
    traces,
    ui,
)

# Package data (in the repo a link to the top-level openapi.yaml), so an installed wheel has it too.
OPENAPI = Path(__file__).resolve().parents[1] / "openapi.yaml"


class ServiceFlask(Flask):
    """Flask whose routing redirects are not answered with werkzeug's HTML redirect page."""

    def handle_http_exception(self, e: HTTPException):  # type: ignore[override]
        # Flask returns routing redirects as-is (an HTML body). The API defines no redirect, so a
        # URL that only a redirect would fix (e.g. an empty path) is simply not found.
        if isinstance(e, RequestRedirect):
            e = NotFound()
        return super().handle_http_exception(e)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``test_config`` overrides both the defaults and the environment."""
    app = ServiceFlask(__name__, static_folder=None)
    app.config.update(config.load())
    # Flask itself reads FLASK_DEBUG from the environment; no served configuration runs in debug.
    app.config["DEBUG"] = False
    if test_config:
        app.config.update(test_config)
    # Werkzeug bounds every read, chunked bodies (no Content-Length) included. It stops silently at
    # its limit, so it is one byte above ours: reading limit + 1 bytes proves the body too large.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"] + 1
    # OPTIONS would otherwise answer an empty text/html 200 on every route (CORS has its own).
    app.config["PROVIDE_AUTOMATIC_OPTIONS"] = False
    app.json.sort_keys = False  # keep the documented field order
    # "//livez" would otherwise be redirected with an HTML body; it is a 404 like any unknown path.
    app.url_map.merge_slashes = False

    app.extensions["nas"] = {"openapi": OPENAPI.read_bytes()}

    if app.config["TRUSTED_PROXIES"]:
        # The client's address (the caller when keys are off) from that many X-Forwarded-For hops.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])  # type: ignore[method-assign]

    traces.init_app(app)  # when on: the request's span is open before anything else runs
    logs.init_app(app)  # then the request id, before anything can fail
    metrics.init_app(app)
    cors.init_app(app)
    errors.init_app(app)
    auth.init_app(app)  # who calls (a key's name, or the address); 401 when a key is needed
    app.register_blueprint(routes.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(apidocs.bp)
    quotas.init_app(app)  # on the API's views, so after they are registered
    model.init_app(app)
    return app
