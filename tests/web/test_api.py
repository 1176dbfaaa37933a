"""The HTTP API through the factory-built app. The ``client`` fixture checks every response against
``openapi.yaml``; these tests add what the spec cannot say (statuses, headers, consistency)."""

from __future__ import annotations

import io
import json
import re
import time

import pytest
import yaml
from werkzeug.test import EnvironBuilder

from service.nlp import engine, parse
from service.web import model
from service.web.app import OPENAPI, create_app

PROBLEM = "application/problem+json"
SHORT = "The minister said the talks had failed."


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert b"<html" not in response.data.lower()
    return body


AN, BATCH = "/v1/analyze", "/v1/analyze/batch"


def _raw(data):
    """Request kwargs for a body sent as-is with a JSON content type."""
    return {"data": data, "content_type": "application/json"}


BIG = "a" * 2_100_000

# (name, method, path, request kwargs, status)
ERROR_CASES = [
    ("malformed JSON", "post", AN, _raw("{"), 400),
    ("invalid UTF-8", "post", AN, _raw(b'{"text": "\xff"}'), 400),
    ("JSON nested too deep", "post", AN, _raw("[" * 100_000), 400),
    ("batch malformed JSON", "post", BATCH, _raw("[1,"), 400),
    ("unknown path", "get", "/v2/analyze", {}, 404),
    ("trailing slash", "get", "/livez/", {}, 404),
    ("unknown docs asset", "get", "/docs/index.html", {}, 404),
    ("GET on analyze", "get", AN, {}, 405),
    ("PUT on batch", "put", BATCH, {"json": {}}, 405),
    ("DELETE on readyz", "delete", "/readyz", {}, 405),
    ("OPTIONS off the API", "options", "/livez", {}, 405),
    ("body over the byte limit", "post", AN, {"json": {"text": BIG}}, 413),
    ("batch body over the limit", "post", BATCH, {"json": {"documents": [{"text": BIG}]}}, 413),
    ("text/plain body", "post", AN, {"data": SHORT, "content_type": "text/plain"}, 415),
    ("no content type", "post", AN, {"data": json.dumps({"text": SHORT})}, 415),
    ("form body", "post", BATCH, {"data": {"text": SHORT}}, 415),
    ("empty text", "post", AN, {"json": {"text": ""}}, 422),
    ("blank text", "post", AN, {"json": {"text": " \n\t\u3000 "}}, 422),
    ("missing text", "post", AN, {"json": {"id": "x"}}, 422),
    ("null text", "post", AN, {"json": {"text": None}}, 422),
    ("text is a number", "post", AN, {"json": {"text": 5}}, 422),
    ("lone surrogate in text", "post", AN, _raw(b'{"text": "Ann said \\ud800 no"}'), 422),
    ("unknown field", "post", AN, {"json": {"text": SHORT, "lang": "en"}}, 422),
    ("id is not a string", "post", AN, {"json": {"text": SHORT, "id": 7}}, 422),
    ("text over MAX_TEXT_CHARS", "post", AN, {"json": {"text": "a" * 100_001}}, 422),
    ("body is a list", "post", AN, {"json": [SHORT]}, 422),
    ("body is null", "post", AN, _raw("null"), 422),
    ("batch without documents", "post", BATCH, {"json": {}}, 422),
    ("batch with no document", "post", BATCH, {"json": {"documents": []}}, 422),
    ("batch documents not a list", "post", BATCH, {"json": {"documents": {"text": SHORT}}}, 422),
    ("batch over the doc limit", "post", BATCH, {"json": {"documents": [{"text": "a"}] * 33}}, 422),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_errors_are_problems(client, method, path, kwargs, status):
    response = getattr(client, method)(path, **kwargs)
    body = _problem(response, status)
    assert body["instance"] == path
    assert body["request_id"] == response.headers["X-Request-ID"]
    if status == 422:
        assert body["type"] == "urn:nas:problem:validation-error"
        assert body["errors"], "422 carries the field messages"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("get", "/v1/analyze", {"POST", "OPTIONS"}),
        ("delete", "/v1/analyze/batch", {"POST", "OPTIONS"}),
        ("post", "/readyz", {"GET", "HEAD"}),
        ("post", "/openapi.yaml", {"GET", "HEAD"}),
    ],
)
def test_405_keeps_allow(client, method, path, allow):
    response = getattr(client, method)(path)
    _problem(response, 405)
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allow


@pytest.mark.parametrize(
    ("field", "payload", "message"),
    [
        ("text", {"text": "   "}, "blank"),
        ("text", {}, "required"),
        ("text", {"text": "a" * 100_001}, "100000"),
        ("lang", {"text": SHORT, "lang": "en"}, "Unknown field"),
        ("text", {"text": "Ann \udc00 said"}, "surrogate at position 4"),
        ("published", {"text": SHORT, "published": "06/01/2016"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": "2016-02-30"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": "2016-1-6"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": "2016-01-06T25:00:00Z"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": "2016-01-06\n"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": "last Sunday"}, "ISO 8601"),
        ("published", {"text": SHORT, "published": 20160106}, "ISO 8601"),
    ],
)
def test_422_names_the_field(client, field, payload, message):
    body = _problem(client.post("/v1/analyze", json=payload), 422)
    assert message in " ".join(body["errors"][field])


DATED_TEXT = "The minister said on Monday that the talks had failed."


@pytest.mark.parametrize(
    ("published", "echoed"),
    [
        ("2016-01-06", "2016-01-06"),
        ("2016-01-06T23:30:00Z", "2016-01-06"),
        ("2016-01-06T23:30:00.125-08:00", "2016-01-06"),  # the local day, as written
        ("2016-01-06t23:30z", "2016-01-06"),
        ("2016-01-06T23:59:60Z", "2016-01-06"),  # a leap second
        (None, None),
    ],
)
def test_published_is_the_base_of_statement_time(client, assert_consistent, published, echoed):
    response = client.post("/v1/analyze", json={"text": DATED_TEXT, "published": published})
    assert response.status_code == 200
    body = response.get_json()
    assert body["published"] == echoed
    (quote,) = body["quotes"]
    if echoed is None:
        assert quote["time"] is None
    else:
        span = {"start": 21, "end": 27, "text": "Monday"}
        assert quote["time"] == {
            "date": "2016-01-04",
            "precision": "day",
            "source": "text",
            "span": span,
        }
    assert_consistent(DATED_TEXT, body)


def test_batch_items_carry_their_own_dates(client):
    docs = [{"text": DATED_TEXT, "published": p} for p in ("2016-01-06", "2016-01-13", "bad")]
    results = client.post(BATCH, json={"documents": docs}).get_json()["results"]
    assert [r["quotes"][0]["time"]["date"] for r in results[:2]] == ["2016-01-04", "2016-01-11"]
    assert results[2]["status"] == 422 and "published" in results[2]["errors"]


def test_413_is_decided_from_content_length_before_reading(client, app):
    # A Content-Length over the limit is refused without reading a byte of the body.
    limit = app.config["MAX_BODY_BYTES"]
    stream = io.BytesIO(b"")
    response = client.post(
        "/v1/analyze",
        input_stream=stream,
        content_type="application/json",
        environ_overrides={"CONTENT_LENGTH": str(limit + 1)},
    )
    _problem(response, 413)
    assert stream.tell() == 0


class _ChunkedBuilder(EnvironBuilder):
    """A request as a server hands over a chunked body: no CONTENT_LENGTH, input terminated."""

    def get_environ(self):
        environ = super().get_environ()
        del environ["CONTENT_LENGTH"]
        environ["wsgi.input_terminated"] = True
        return environ


@pytest.mark.parametrize("app_config", [{"MAX_BODY_BYTES": 1_000}])
@pytest.mark.parametrize(
    ("size", "status"),
    [(2_000, 413), (900, 200)],
)
def test_body_without_content_length_is_bounded(client, size, status):
    # Chunked transfer: no Content-Length, so the limit is enforced while reading.
    body = json.dumps({"text": SHORT + " " + "x" * (size - len(SHORT) - 20)}).encode()
    builder = _ChunkedBuilder(
        path="/v1/analyze",
        method="POST",
        input_stream=io.BytesIO(body),
        content_type="application/json",
    )
    response = client.open(builder)
    assert "CONTENT_LENGTH" not in response.request.environ
    assert response.status_code == status


def test_500_has_no_exception_text(client, monkeypatch, capsys):
    def explode(doc, **dates):
        raise RuntimeError("SECRET-ARTICLE-WORDS in the message")

    monkeypatch.setattr(engine, "analyze_doc", explode)
    body = _problem(client.post("/v1/analyze", json={"text": SHORT}), 500)
    assert "SECRET" not in json.dumps(body)
    assert "Traceback" not in json.dumps(body)
    assert "SECRET" not in capsys.readouterr().out


@pytest.mark.parametrize("app_config", [{"MODEL": "no_such_model_xyz", "PRELOAD_MODEL": False}])
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/readyz", {}),
        ("post", "/v1/analyze", {"json": {"text": SHORT}}),
        ("post", "/v1/analyze/batch", {"json": {"documents": [{"text": SHORT}]}}),
    ],
)
def test_503_until_the_model_is_loaded(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    body = _problem(response, 503)
    assert body["type"] == "urn:nas:problem:not-ready"
    assert response.headers["Retry-After"]


@pytest.mark.parametrize("app_config", [{"REQUEST_TIMEOUT": 0.2}])
def test_analysis_past_the_deadline_is_a_clean_503(client, monkeypatch):
    # The deadline is kept between parse groups and before the engine: a parse that takes longer
    # than the request's time stops there.
    real = parse.parse

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(parse, "parse", slow)
    started = time.monotonic()
    body = _problem(client.post(AN, json={"text": SHORT}), 503)
    assert time.monotonic() - started < 2
    assert body["type"] == "urn:nas:problem:timeout"


@pytest.mark.parametrize("app_config", [{"REQUEST_TIMEOUT": 0.5}])
def test_batch_past_the_deadline_answers_what_finished(client, monkeypatch, assert_consistent):
    real = engine.analyze_doc

    def slow(doc, **dates):
        time.sleep(0.3)
        return real(doc, **dates)

    monkeypatch.setattr(engine, "analyze_doc", slow)
    docs = [{"id": str(i), "text": SHORT} for i in range(5)] + [{"id": "bad", "text": ""}]
    started = time.monotonic()
    response = client.post(BATCH, json={"documents": docs})
    assert time.monotonic() - started < 2.5
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == [d["id"] for d in docs]
    done = [r for r in results[:5] if "actors" in r]
    late = [r for r in results[:5] if "status" in r]
    assert done and late and len(done) + len(late) == 5
    assert results[: len(done)] == done, "the documents are analysed in order"
    for r in done:
        assert_consistent(SHORT, r)
    for r in late:
        assert r["status"] == 503 and r["type"] == "urn:nas:problem:timeout"
    assert results[5]["status"] == 422


@pytest.mark.parametrize("app_config", [{"REQUEST_TIMEOUT": 0.3}])
@pytest.mark.parametrize(
    ("path", "payload"),
    [(AN, {"text": SHORT}), (BATCH, {"documents": [{"text": SHORT}]})],
)
def test_waiting_for_the_analysis_slot_counts_against_the_deadline(client, path, payload):
    # Analyses take turns, one per worker process: a request that cannot start in its time is a
    # 503 without any work done.
    with model.slot.hold(1) as mine:
        assert mine
        started = time.monotonic()
        body = _problem(client.post(path, json=payload), 503)
        assert time.monotonic() - started < 1.5
    assert body["type"] == "urn:nas:problem:timeout"
    assert not model.slot.busy
    assert client.post(path, json=payload).status_code == 200


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        ("abc-123", True),
        ("0f8fad5b-d9cb-469f-a165-70867728950e", True),
        ("req.42:part_1", True),
        ("", False),
        ("has spaces", False),
        ("x" * 129, False),
        ("<script>", False),
        ("-leading-dash", False),
        (None, False),
    ],
)
def test_request_id_echoed_when_sane_else_generated(client, sent, echoed):
    headers = {} if sent is None else {"X-Request-ID": sent}
    for response in (
        client.get("/livez", headers=headers),
        client.post("/v1/analyze", json={"text": SHORT}, headers=headers),
        client.get("/nowhere", headers=headers),
    ):
        rid = response.headers["X-Request-ID"]
        if echoed:
            assert rid == sent
        else:
            assert rid != sent and re.fullmatch("[0-9a-f]{32}", rid), rid
    assert response.get_json()["request_id"] == rid


def test_analysis_meta_and_id(client, assert_consistent):
    response = client.post(
        "/v1/analyze",
        json={"text": SHORT, "id": "doc-9", "title": "T"},
        headers={"X-Request-ID": "r1"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "doc-9"
    meta = body["meta"]
    assert meta["request_id"] == "r1"
    assert meta["model"] == {"name": "en_core_web_sm", "version": "3.8.0"}
    assert meta["spacy_version"].startswith("3.8")
    assert meta["elapsed_ms"] >= 0
    for key in ("actors", "quotes", "targets", "stances", "relations"):
        assert isinstance(body[key], list)
    assert_consistent(SHORT, body)


def test_batch_with_one_empty_document(client, assert_consistent):
    docs = [
        {"id": "a", "text": SHORT},
        {"id": "empty", "text": ""},
        {"id": "c", "text": '"We will not back down," the president told reporters.'},
        7,
        {"text": "a" * 100_001, "id": "long"},
    ]
    response = client.post("/v1/analyze/batch", json={"documents": docs})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(docs)
    assert [r.get("id") for r in results] == ["a", "empty", "c", None, "long"]
    for i in (0, 2):
        assert "actors" in results[i] and "status" not in results[i]
        assert_consistent(docs[i]["text"], results[i])
    for i in (1, 3, 4):
        assert results[i]["status"] == 422
        assert results[i]["errors"]
    assert "blank" in results[1]["errors"]["text"][0]


def test_batch_matches_single_analysis(client):
    texts = [SHORT, '"It is a good day," she said.', "Nothing to see here"]
    batch = client.post("/v1/analyze/batch", json={"documents": [{"text": t} for t in texts]})
    for text, result in zip(texts, batch.get_json()["results"], strict=True):
        single = client.post("/v1/analyze", json={"text": text}).get_json()
        for key in ("actors", "quotes", "targets", "stances", "relations", "author"):
            assert result[key] == single[key]


def test_batch_item_failure_does_not_fail_the_batch(client, monkeypatch):
    real = engine.analyze_doc

    def flaky(doc, **dates):
        if "BOOM" in doc.text:
            raise ValueError("BOOM")
        return real(doc, **dates)

    monkeypatch.setattr(engine, "analyze_doc", flaky)
    docs = [{"id": "ok", "text": SHORT}, {"id": "bad", "text": "BOOM went the engine."}]
    results = client.post("/v1/analyze/batch", json={"documents": docs}).get_json()["results"]
    assert "actors" in results[0]
    assert results[1]["status"] == 500 and results[1]["id"] == "bad"
    assert "BOOM" not in results[1]["detail"]


def test_seed_article_end_to_end(client, seed_text, assert_consistent):
    response = client.post("/v1/analyze", json={"text": seed_text, "id": "seed"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "seed"
    for key in ("actors", "quotes", "targets", "stances"):
        assert body[key], f"{key} is empty for the seed article"
    assert_consistent(seed_text, body)


# --- operations endpoints ------------------------------------------------------------------------


def test_livez_and_readyz(client):
    assert client.get("/livez").get_json() == {"status": "alive"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["model"]["name"] == "en_core_web_sm"


def test_openapi_is_served_as_is(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.data == OPENAPI.read_bytes()
    assert yaml.safe_load(response.data)["openapi"].startswith("3.1")


def test_article_page_is_served(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"


def test_metrics_count_requests_by_route_and_status(client):
    client.get("/livez")
    client.get("/no/such/page")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'nas_http_requests_total{method="GET",route="/livez",status="200"}' in text
    assert 'route="<unmatched>",status="404"' in text
    assert "nas_http_request_duration_seconds_bucket" in text
    assert 'nas_model_info{name="en_core_web_sm"' in text


@pytest.mark.parametrize("app_config", [{"LOG_LEVEL": "INFO"}])
def test_logs_are_json_lines_without_article_text(client, capsys):
    secret = "Zebraquokka Mbeki-Thornbury said the zebraquokka was fine."
    client.post("/v1/analyze", json={"text": secret}, headers={"X-Request-ID": "log-1"})
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert "ebraquokka" not in out.lower()
    entry = next(line for line in lines if line.get("request_id") == "log-1")
    assert entry["route"] == "/v1/analyze"
    assert entry["status"] == 200
    assert entry["text_chars"] == len(secret)
    assert entry["latency_ms"] >= 0


# --- CORS ----------------------------------------------------------------------------------------

ORIGIN = "https://news.example"


PREFLIGHT = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}


@pytest.mark.parametrize("path", [AN, BATCH])
def test_options_lists_the_methods(client, path):
    response = client.options(path, headers=PREFLIGHT)
    assert response.status_code == 204 and not response.data
    assert {m.strip() for m in response.headers["Allow"].split(",")} == {"POST", "OPTIONS"}
    assert "Access-Control-Allow-Origin" not in response.headers, "CORS is off by default"


@pytest.mark.parametrize("app_config", [{"CORS_ORIGINS": (ORIGIN,)}])
def test_cors_allow_list(client):
    preflight = client.options(AN, headers=PREFLIGHT)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert preflight.headers["Access-Control-Allow-Methods"] == "POST"
    allowed = {h.strip() for h in preflight.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"Content-Type", "Authorization"} <= allowed
    response = client.post(AN, json={"text": SHORT}, headers={"Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {h.strip() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"X-Request-ID", "Retry-After"} <= exposed
    assert "Origin" in response.headers["Vary"]
    # Another origin, or a method the path does not have: no grant.
    other = client.options(AN, headers={**PREFLIGHT, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    wrong = client.options(AN, headers={**PREFLIGHT, "Access-Control-Request-Method": "DELETE"})
    assert "Access-Control-Allow-Origin" not in wrong.headers
    refused = client.post(AN, json={"text": SHORT}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_cors_is_off_by_default(client):
    response = client.post(AN, json={"text": SHORT}, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_app_never_runs_in_debug_mode(nlp):
    assert not create_app({"LOG_LEVEL": "WARNING"}).debug
