"""``/docs``: a Swagger UI that can read ``openapi.yaml`` (3.1), served from local files only.

What a person sees on the page is checked in Chromium (``tests/e2e/test_ui_browser.py``).
"""

from __future__ import annotations

import re

import pytest
import yaml

from service.web import apidocs
from service.web.app import OPENAPI


def test_swagger_ui_reads_the_documents_openapi_version():
    # Swagger UI 4 renders only OpenAPI 2.0 and 3.0 ("Unable to render this definition");
    # 5 added 3.1.
    spec_version = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))["openapi"]
    major = int(apidocs.swagger_ui_version().split(".")[0])
    assert spec_version.startswith("3.1") and major >= 5


def test_docs_page_uses_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "SwaggerUIBundle" in page and '"/openapi.yaml"' in page
    assert not re.search(r"https?://|//cdn", page), "no asset from another origin"
    loaded = set(re.findall(r'(?:href|src)="/docs/([^"]+)"', page))
    assert loaded == apidocs.SERVED
    for asset in sorted(loaded):
        asset_response = client.get(f"/docs/{asset}")
        assert asset_response.status_code == 200 and len(asset_response.data) > 500
        assert "max-age=86400" in asset_response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/docs/index.html", "/docs/VERSION", "/docs/../app.py", "/docs/swagger-ui.js"]
)
def test_only_the_pages_assets_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
