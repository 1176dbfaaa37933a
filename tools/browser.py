"""Headless Chromium for the page checks (Debian's ``/usr/bin/chromium``, driven by Playwright,
which never downloads a browser): the launch settings, and what a person must see at ``/docs``.

Shared by the browser tests (``tests/e2e/test_ui_browser.py``) and the image test
(``tools/image_test.py``), which runs the same check against the container.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed
# network refuses many at a time.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}
WAIT_MS = 90_000


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def check_docs_page(browser: Any, base_url: str, screenshot: Path | None = None) -> None:
    """What a person sees at ``/docs``: the API's title and its operations, no "Unable to render",
    and ``POST /v1/analyze`` tried out from the page with the document's own example: a 200.

    Raises AssertionError (with what was seen) otherwise.
    """
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        pg.goto(f"{base_url}/docs")
        operation = pg.locator("#operations-analysis-analyze")
        operation.wait_for(state="visible")
        assert "News attribution service" in pg.locator(".info .title").inner_text()
        body = pg.inner_text("body")
        assert "Unable to render" not in body and pg.locator(".errors-wrapper").count() == 0
        paths = {p.strip() for p in pg.locator(".opblock-summary-path").all_inner_texts()}
        assert {"/v1/analyze", "/v1/analyze/batch", "/readyz"} <= paths, paths

        operation.locator(".opblock-summary").click()
        operation.locator("button.try-out__btn").click()
        operation.locator("button.execute").click()
        status = operation.locator(".live-responses-table tr.response .response-col_status").first
        status.wait_for(state="visible")
        assert status.inner_text().strip() == "200", status.inner_text()
        answer = operation.locator(".live-responses-table .microlight").first.inner_text()
        assert '"quotes"' in answer, answer[:200]
        assert not errors, f"uncaught script errors on /docs: {errors}"
    finally:
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            pg.evaluate("window.scrollTo(0, 0)")
            pg.screenshot(path=str(screenshot))
        context.close()
