"""The article page end to end in headless Chromium (Debian's ``chromium``, driven by Playwright).

The real app (``create_app``) serves on a free 127.0.0.1 port in a thread; the page talks to it
through the public API only. Playwright never downloads a browser: it launches /usr/bin/chromium.
Without Chromium these tests skip locally and fail in CI (``CI=true``), where ``.ci/run`` installs
it.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service.web.app import create_app
from tools.browser import VIEWPORT, WAIT_MS, check_docs_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
BLINKEN_QUOTE = "urged President Aliyev to cease hostilities"


@pytest.fixture(scope="module")
def base_url(nlp) -> Iterator[str]:
    """The real app on a free port; the pipeline is the session's (loaded once)."""
    app = create_app({"TESTING": True, "LOG_LEVEL": "WARNING"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as res:
                if res.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not become ready within 60 s")
        time.sleep(0.2)
    yield url
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser, base_url):
    """A fresh page on ``/``; any uncaught script error fails the test."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"{base_url}/")
    pg.wait_for_function("document.getElementById('sample').options.length > 0")
    yield pg
    context.close()
    assert not errors, f"uncaught script errors on the page: {errors}"


def analyse(pg, text: str) -> str:
    """Paste ``text``, press Analyse, wait for the outcome; RETURNS the page state (done|error)."""
    if pg.locator("#edit").is_visible():
        pg.click("#edit")
    pg.fill("#input", text)
    pg.click("#analyse")
    pg.wait_for_selector("body[data-state=done], body[data-state=error]")
    return pg.evaluate("document.body.dataset.state")


def marked_text(pg, attr: str, qid: str) -> str:
    """The text of every article piece carrying ``qid`` in ``attr``, in document order."""
    return pg.evaluate(
        """([attr, qid]) => Array.from(document.querySelectorAll(`#article [${attr}~="${qid}"]`))
             .map((n) => n.textContent).join("")""",
        [attr, qid],
    )


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


# --- the seed article through the real engine -------------------------------------------------


def test_seed_article(page, seed_text):
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        assert analyse(page, seed_text) == "done", page.inner_text("#error")

        # The article is shown whole, as submitted (code points and all).
        assert page.evaluate("document.getElementById('article').textContent") == seed_text

        # The Blinken quote: its words highlighted as a quote, its speaker marked in the text and
        # named in the details panel. Offsets are code points, as the API's (data-start/data-end).
        start = seed_text.index(BLINKEN_QUOTE)
        covering = page.evaluate(
            """([s, e]) => [...new Set(
                 Array.from(document.querySelectorAll('#article [data-content]'))
                   .filter((n) => +n.dataset.start < e && s < +n.dataset.end)
                   .flatMap((n) => n.dataset.content.split(' ')))]""",
            [start, start + len(BLINKEN_QUOTE)],
        )
        speakers = {qid: marked_text(page, "data-speaker-of", qid) for qid in covering}
        blinken = [qid for qid, said_by in speakers.items() if "Blinken" in said_by]
        assert blinken, f"quotes over the Blinken quote and their speakers: {speakers}"
        qid = blinken[0]
        assert "cease hostilities" in marked_text(page, "data-content", qid)
        page.locator(f'#article [data-content~="{qid}"]').first.click()
        assert page.get_attribute("#details", "data-quote-id") == qid
        assert "Blinken" in page.inner_text('#details [data-field="speaker"] .actor-name')
        assert page.locator(f'#article .is-sel[data-content~="{qid}"]').count() > 0

        # Three highlight kinds, three distinguishable colours.
        colours = page.evaluate(
            """() => ['k-content', 'k-speaker', 'k-cue'].map((k) =>
                 getComputedStyle(document.querySelector('.legend .' + k)).backgroundColor)"""
        )
        assert len(set(colours)) == 3, colours

        # The side panel sits beside the text, never over it.
        assert not boxes_overlap(
            page.locator("#article").bounding_box(), page.locator("#details").bounding_box()
        )
    finally:
        page.screenshot(path=str(ARTIFACTS / "ui-seed.png"), full_page=True)

    # The stance graph: the United States is critical of Azerbaijan.
    edge = page.locator(
        "#graph svg g.edge[data-label=critical][data-source-country=US][data-target-country=AZ]"
    )
    edges = page.eval_on_selector_all(
        "#graph svg g.edge",
        "els => els.map((e) => [e.dataset.sourceName, e.dataset.label, e.dataset.targetName])",
    )
    assert edge.count() >= 1, f"no US→AZ critical edge; edges: {edges}"


def test_sample_loads_into_the_editor(page, seed_text):
    page.select_option("#sample", "000_08f99502b94fa4d8")
    page.wait_for_function(
        "expected => document.getElementById('input').value === expected", arg=seed_text
    )
    assert page.is_visible("#input")
    assert page.is_hidden("#error")


# --- the front end on hand-made answers: offsets, overlaps, escaping, graph ---------------------

# Astral characters (emoji, a flag of two code points) before and inside the quotes: highlights cut
# with UTF-16 indices would be shifted. Markup in the text must stay text.
TEXT = (
    "😀🇺🇸 Officials <img src=x onerror=\"document.body.dataset.pwned='1'\"> said "
    "“we 🙂 reject ‘their plan’ now”, the ministry said. Zed urged Ruritania."
)


def _span(text: str, sub: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "text": sub}


def _answer(text: str) -> dict:
    """An answer shaped like openapi.yaml's Analysis, code-point offsets computed in Python."""
    q1 = _span(text, "we 🙂 reject ‘their plan’ now")
    q2 = _span(text, "their plan")
    actor = {"type": "person", "country": None, "affiliation": None, "titles": []}
    actors = [
        {**actor, "id": "a1", "name": "Officials", "mentions": [_span(text, "Officials")]},
        {**actor, "id": "a2", "name": "Zed", "mentions": [_span(text, "Zed")]},
        {
            **actor,
            "id": "a3",
            "name": "Ruritania",
            "type": "country",
            "country": "RR",
            "mentions": [_span(text, "Ruritania")],
        },
        {**actor, "id": "a4", "name": "Zedland", "type": "country", "country": "ZZ"},
        {**actor, "id": "a5", "name": "Ministry of Things", "type": "organization"},
    ]
    actors[3]["mentions"] = []
    actors[4]["mentions"] = [_span(text, "the ministry")]
    cue = _span(text, "said")
    quotes = [
        {
            **q1,
            "id": "q1",
            "fragments": [q1],
            "type": "direct",
            "speaker": "a1",
            "speaker_mention": _span(text, "Officials"),
            "cue": {**cue, "lemma": "say"},
            "addressees": [],
            "via": "a5",
            "confidence": 0.9,
        },
        {
            **q2,
            "id": "q2",
            "fragments": [q2],
            "type": "mixed",
            "speaker": "a1",
            # a speaker inside another quote
            "speaker_mention": _span(text, "we"),
            "cue": {**_span(text, "reject"), "lemma": "reject"},
            "addressees": ["a2"],
            "via": None,
            "confidence": 0.6,
        },
    ]
    bad = {"start": 0, "end": 2, "text": "Of"}  # does not match the text: must be skipped
    targets = [
        {"quote": "q1", "actor": "a3", "role": "subject", "mention": _span(text, "Ruritania")},
        {"quote": "q2", "actor": "a2", "role": "addressee", "mention": bad},
    ]
    stance = {"plover": {"event": "REJECT", "mode": None}, "cameo": "12", "negated": False}
    stances = [
        {**stance, "id": sid, "source": src, "target": tgt, "label": label, "act": act}
        for sid, src, tgt, label, act in [
            ("s1", "a3", "a4", "critical", "reject"),
            ("s2", "a3", "a4", "critical", "reject"),
            ("s3", "a5", "a3", "supportive", "praise"),
        ]
    ]
    for s in stances:
        s.update(quotes=["q1"], confidence=0.8)
    relations = [
        {"source": "a3", "target": "a4", "label": "critical", "quotes": ["q1", "q2"]},
        {"source": "a4", "target": "a3", "label": "neutral", "quotes": ["q2"]},
        {"source": "a5", "target": "a3", "label": "supportive", "quotes": ["q1"]},
    ]
    for r in relations:
        r.update(stances=["s1"], confidence=0.7)
    meta = {
        "service_version": "test",
        "spacy_version": "3.8",
        "model": {"name": "en_core_web_sm", "version": "3.8.0"},
        "elapsed_ms": 1.0,
        "request_id": "test",
    }
    return {
        "id": None,
        "meta": meta,
        "actors": actors,
        "quotes": quotes,
        "targets": targets,
        "stances": stances,
        "relations": relations,
    }


def _fulfil_json(page, status: int, body, content_type: str = "application/json") -> None:
    payload = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    page.route(
        "**/v1/analyze",
        lambda route: route.fulfill(status=status, content_type=content_type, body=payload),
    )


def test_offsets_overlaps_and_escaping(page):
    _fulfil_json(page, 200, _answer(TEXT))
    assert analyse(page, TEXT) == "done"

    assert page.evaluate("document.getElementById('article').textContent") == TEXT
    assert page.locator("#article img").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None

    # (attribute, quote, exact text it must cover)
    table = [
        ("data-content", "q1", "we 🙂 reject ‘their plan’ now"),
        ("data-content", "q2", "their plan"),
        ("data-speaker-of", "q1", "Officials"),
        ("data-speaker-of", "q2", "we"),
        ("data-cue-of", "q1", "said"),
        ("data-cue-of", "q2", "reject"),
        ("data-target-of", "q1", "Ruritania"),
        ("data-target-of", "q2", ""),  # its only mention does not match the text
    ]
    for attr, qid, expected in table:
        assert marked_text(page, attr, qid) == expected, (attr, qid)
    # Nested quote pieces know their depth; the inner speaker is also part of the outer quote.
    assert page.locator('#article [data-content="q1 q2"][data-depth="2"]').inner_text() == (
        "their plan"
    )
    assert "k-content" in page.get_attribute('#article [data-speaker-of~="q2"]', "class")
    assert "1 span" in page.inner_text("#warning")

    # Clicking the nested words picks the innermost quote and shows its addressee.
    page.locator('#article [data-content="q1 q2"]').click()
    assert page.get_attribute("#details", "data-quote-id") == "q2"
    assert "Zed" in page.inner_text('#details [data-field="addressees"]')
    # Hovering previews another quote; leaving the text goes back to the selected one.
    page.hover('#article [data-cue-of~="q1"]')
    assert page.get_attribute("#details", "data-quote-id") == "q1"
    page.hover("#quotes-heading")
    assert page.get_attribute("#details", "data-quote-id") == "q2"
    # Clicking the selected quote again clears the selection.
    page.locator('#article [data-content="q1 q2"]').click()
    assert page.get_attribute("#details", "data-quote-id") is None
    assert page.locator("#article .is-sel").count() == 0
    # A quote row selects its quote (keyboard too); the panel lists stances with label and act.
    page.focus('#quotes-table tr[data-quote-id="q1"]')
    page.keyboard.press("Enter")
    stances = page.inner_text('#details [data-field="stances"]')
    assert "critical" in stances and "reject" in stances and "REJECT" in stances
    assert "Ministry of Things" in page.inner_text('#details [data-field="via"]')

    # Picking an actor marks its mentions; picking it again clears them.
    page.click('#actors-table tr[data-actor-id="a3"]')
    assert page.locator("#article .is-mention").all_inner_texts() == ["Ruritania"]
    page.click('#actors-table tr[data-actor-id="a3"]')
    assert page.locator("#article .is-mention").count() == 0

    # Graph: one node per principal, one edge per relation, each with its direction and label.
    assert page.locator("#graph svg g.node").count() == 3
    edges = page.eval_on_selector_all(
        "#graph svg g.edge",
        """els => els.map((e) => [
             e.dataset.sourceCountry || e.dataset.sourceName,
             e.dataset.targetCountry || e.dataset.targetName,
             e.dataset.label,
             e.dataset.count,
           ])""",
    )
    assert sorted(edges) == [
        ["Ministry of Things", "RR", "supportive", "1"],
        ["RR", "ZZ", "critical", "2"],
        ["ZZ", "RR", "neutral", "1"],
    ]
    widths = page.eval_on_selector_all(
        "#graph svg g.edge path", "els => els.map((e) => +e.getAttribute('stroke-width'))"
    )
    assert max(widths) > min(widths), "thickness follows the number of statements"


def test_empty_answer_shows_no_graph(page):
    empty = {k: [] for k in ("actors", "quotes", "targets", "stances", "relations")}
    _fulfil_json(page, 200, {**empty, "id": None, "meta": _answer(TEXT)["meta"]})
    assert analyse(page, "Nothing to see here.") == "done"
    assert page.locator("#graph svg").count() == 0
    assert "No stance" in page.inner_text("#graph")
    assert page.locator("#article .hl").count() == 0
    assert "No quotes" in page.inner_text("#quotes-empty")


# --- errors are shown in words -----------------------------------------------------------------


def test_blank_text_shows_the_problem(page):
    """The real service refuses blank text; the page says why, in words, and stays usable."""
    assert analyse(page, "   \n  ") == "error"
    assert page.is_visible("#error")
    title = page.inner_text("#error-title").strip()
    said = page.inner_text("#error")
    assert title and "{" not in said, said
    assert "422" in page.inner_text("#error-meta")
    assert page.is_enabled("#analyse")
    assert page.is_hidden("#article")
    # A good text afterwards clears the problem.
    assert analyse(page, "The minister said the talks were useful.") == "done"
    assert page.is_hidden("#error")


@pytest.mark.parametrize(
    ("status", "body", "content_type", "expected"),
    [
        (
            422,
            {
                "type": "urn:nas:problem:validation-error",
                "title": "Invalid request",
                "status": 422,
                "detail": "The request body failed validation.",
                "errors": {"text": ["Must not be blank."]},
            },
            "application/problem+json",
            ["Invalid request", "failed validation", "text: Must not be blank."],
        ),
        (502, "<html><b>Bad gateway</b></html>", "text/html", ["502"]),
        (200, "not json", "text/plain", ["cannot read"]),
    ],
    ids=["problem-json", "html-from-a-proxy", "unreadable-200"],
)
def test_error_answers_in_words(page, status, body, content_type, expected):
    _fulfil_json(page, status, body, content_type)
    assert analyse(page, "Some text.") == "error"
    said = page.inner_text("#error")
    for words in expected:
        assert words in said, said
    assert page.locator("#error b").count() == 0


def test_network_error_in_words(page):
    page.route("**/v1/analyze", lambda route: route.abort("connectionrefused"))
    assert analyse(page, "Some text.") == "error"
    assert "Could not reach the service" in page.inner_text("#error-title")
    assert page.is_enabled("#analyse")


# --- the API reference at /docs ----------------------------------------------------------------


def test_docs_page_shows_the_api(browser, base_url):
    check_docs_page(browser, base_url, ARTIFACTS / "docs.png")
