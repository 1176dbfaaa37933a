"""The dyad report in headless Chromium, offline: it shows the lines and the graph, and a click
on a point or an edge lists its statements.

The page is opened from a file with every request outside it refused and recorded: it must need
none. Chromium comes from the ``browser`` fixture (``conftest.py``).
"""

from __future__ import annotations

import pytest

from service.cli import main
from tests.dyads.synthetic import write_corpus
from tools.browser import VIEWPORT, WAIT_MS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_path(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    results = write_corpus(root / "answers")
    html = root / "report.html"
    assert (
        main(["aggregate", *results, str(root / "out"), "--by", "week", "--html", str(html), "-q"])
        == 0
    )
    return html


@pytest.fixture
def page(browser, report_path):
    """The report, offline: any request but the page's own file is refused and recorded."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)
    requested: list[str] = []

    def refuse(route):
        requested.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("file://"), refuse)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(report_path.as_uri())
    yield pg
    context.close()
    assert not errors, f"uncaught script errors on the page: {errors}"
    assert requested == [], f"the report asked the network for {requested}"


def click_line(page, selector: str) -> None:
    """Click the middle of a curve, where a person would (its box's centre is off the line)."""
    page.locator(selector).scroll_into_view_if_needed()
    point = page.evaluate(
        """(sel) => {
             const p = document.querySelector(sel);
             const at = p.getPointAtLength(p.getTotalLength() / 2);
             const m = p.getScreenCTM();
             return {x: at.x * m.a + at.y * m.c + m.e, y: at.x * m.b + at.y * m.d + m.f};
           }""",
        selector,
    )
    page.mouse.click(point["x"], point["y"])


def test_lines_graph_and_the_evidence_of_a_point(page):
    # the lines: one panel per dyad between two principals, a point per dated period
    panels = page.locator(".panel.dyad")
    assert panels.count() == 4
    france_russia = page.locator('.panel.dyad[data-source="FR"][data-target="RU"]')
    assert "France → Russia" in france_russia.locator("h3").inner_text()
    assert france_russia.locator("circle.point").count() == 1  # its undated statements: none
    russia_france = page.locator('.panel.dyad[data-source="RU"][data-target="FR"]')
    assert russia_france.locator("circle.point").count() == 1

    # the graph of the busiest week, chosen for the reader: France and Russia, both ways
    assert page.locator("#period").input_value() == "2016-W01"
    assert page.locator("svg.graph g.edge").count() == 2
    assert page.locator("svg.graph g.node").count() == 2

    # a click on a point lists its statements, their quotes and where they come from
    assert page.locator("#evidence-list li").count() == 0
    france_russia.locator("circle.point").click()
    items = page.locator("#evidence-list li.statement")
    assert items.count() == 2
    text = page.locator("#evidence").inner_text()
    assert "France → Russia, 2016-W01" in text
    assert "Russia must stop" in text and "art-1" in text and "a reported act" in text
    assert "2 statements: 2 critical, 0 supportive, 0 neutral" in text


def test_another_period_and_an_edge(page):
    page.select_option("#period", "2016-W02")
    assert page.locator("svg.graph g.edge").count() == 2
    click_line(page, 'svg.graph g.edge[data-source="Reuters"] path.line')
    text = page.locator("#evidence").inner_text()
    assert "Reuters → France, 2016-W02" in text and "A fine plan" in text
    # the keyboard reaches the same evidence
    page.locator('svg.graph g.edge[data-source="Jan Novak"]').focus()
    page.keyboard.press("Enter")
    assert (
        "Mr. Jan B. Novak → the Ruritanian Party, 2016-W02"
        in page.locator("#evidence").inner_text()
    )
