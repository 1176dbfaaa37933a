"""The API reference at ``/docs``: Swagger UI over ``/openapi.yaml``, served from this process.

Swagger UI 5 (it reads OpenAPI 3.1, which ``openapi.yaml`` is; version 4 does not) comes as static
files inside the ``flask-swagger-ui`` registry package. Only its files are used, not its blueprint:
the page is ours, and no asset is fetched from a CDN.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Response, send_from_directory, url_for
from werkzeug.exceptions import NotFound

bp = Blueprint("apidocs", __name__)

ASSETS = Path(str(files("flask_swagger_ui") / "dist"))
# Only the files the page loads; nothing else in the package's folder is reachable.
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})


def swagger_ui_version() -> str:
    """The bundled Swagger UI's version, e.g. ``5.34.0`` (from the package's ``VERSION`` file)."""
    return (ASSETS / "VERSION").read_text(encoding="utf-8").strip().lstrip("v")


@bp.get("/docs")
def page() -> Response:
    html = _PAGE.format(
        css=url_for("apidocs.asset", filename="swagger-ui.css"),
        bundle=url_for("apidocs.asset", filename="swagger-ui-bundle.js"),
        icon=url_for("apidocs.asset", filename="favicon-32x32.png"),
        spec=url_for("api.openapi_spec"),
    )
    return Response(html, mimetype="text/html")


@bp.get("/docs/<path:filename>")
def asset(filename: str) -> Response:
    if filename not in SERVED:
        raise NotFound()
    return send_from_directory(ASSETS, filename, max_age=86400)


# BaseLayout: the API alone, without the standalone layout's bar for loading other documents.
_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News attribution service — API</title>
<link rel="stylesheet" href="{css}">
<link rel="icon" type="image/png" href="{icon}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{bundle}"></script>
<script>
window.ui = SwaggerUIBundle({{
  url: "{spec}",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true
}});
</script>
</body>
</html>
"""
