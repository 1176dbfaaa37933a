"""Shared fixtures: one spaCy pipeline per session, the seed article, factory-built app/client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathError

from service.nlp import pipeline
from service.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp():
    return pipeline.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / "000_08f99502b94fa4d8.txt").read_text(encoding="utf-8")


# --- the app, and a client whose every response is checked against openapi.yaml ------------------

OPENAPI_PATH = ROOT / "openapi.yaml"


class _SentRequest(WerkzeugOpenAPIRequest):
    # The app has consumed the body; only the response is validated, so the request's is not needed.
    @property
    def body(self) -> bytes:
        return b""


class Contract:
    """``openapi.yaml`` as a response checker (openapi-core), for test clients and live servers."""

    def __init__(self, path: Path) -> None:
        self.spec_dict = yaml.safe_load(path.read_text(encoding="utf-8"))
        # openapi-core parses only plain application/json out of the box.
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        self.openapi = OpenAPI.from_dict(self.spec_dict, config=config)

    def check(self, request, response) -> None:
        """Validate ``response`` (to ``request``), both openapi-core protocol objects.

        A path or method the spec does not have must still answer a problem+json 404/405.
        """
        assert response.headers.get("X-Request-ID"), "every response carries X-Request-ID"
        try:
            self.openapi.validate_response(request, response)
        except PathError:  # no such path, method or server in the spec
            assert response.status_code in (404, 405), (request.method, request.path)
            self.check_problem(response.content_type, response.data)

    def check_problem(self, content_type: str, body: bytes) -> None:
        assert content_type.split(";")[0].strip() == "application/problem+json", content_type
        schema = {**self.spec_dict["components"]["schemas"]["Problem"]}
        schema["$defs"] = self.spec_dict["components"]["schemas"]
        text = json.dumps(schema).replace("#/components/schemas/", "#/$defs/")
        Draft202012Validator(json.loads(text)).validate(json.loads(body))

    def check_werkzeug(self, response) -> None:
        self.check(_SentRequest(response.request), WerkzeugOpenAPIResponse(response))

    def check_requests(self, response) -> None:
        """For tests against a live server with ``requests``."""
        self.check(RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response))


@pytest.fixture(scope="session")
def contract() -> Contract:
    return Contract(OPENAPI_PATH)


@pytest.fixture
def app_config() -> dict:
    """Override in a test module (or parametrize) to build the app with other settings."""
    return {}


@pytest.fixture
def app(nlp, app_config):
    return create_app({"TESTING": True, "LOG_LEVEL": "WARNING", **app_config})


@pytest.fixture(scope="session")
def client_for(contract):
    """``client_for(app)``: a test client of any app, every response checked against the spec."""

    class ContractClient(FlaskClient):
        def open(self, *args, **kwargs):
            response = super().open(*args, **kwargs)
            contract.check_werkzeug(response)
            return response

    def make(app):
        app.test_client_class = ContractClient
        return app.test_client()

    return make


@pytest.fixture
def client(app, client_for):
    """A test client; every response it receives is validated against ``openapi.yaml``."""
    return client_for(app)


# --- one answer's inner consistency ---------------------------------------------------------------


def check_consistent(text: str, body: dict) -> None:
    """Every span matches the text; every actor and quote reference resolves."""
    spans = []

    def walk(node):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= node.keys():
                spans.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: body[k] for k in ("author", "actors", "quotes", "targets", "stances", "relations")})
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"], span
    actors = {a["id"] for a in body["actors"]}
    quotes = {q["id"] for q in body["quotes"]}
    stances = {s["id"] for s in body["stances"]}
    for a in body["actors"]:
        assert a["affiliation"] in actors | {None}
    for q in body["quotes"]:
        assert {q["speaker"], q["via"]} <= actors | {None}
        assert set(q["addressees"]) <= actors
    for t in body["targets"]:
        assert t["actor"] in actors and t["quote"] in quotes
    for s in body["stances"] + body["relations"]:
        assert {s["source"], s["target"]} <= actors
        assert set(s["quotes"]) <= quotes
    for r in body["relations"]:
        assert set(r["stances"]) <= stances


@pytest.fixture(scope="session")
def assert_consistent():
    """``assert_consistent(text, body)``: every span indexes ``text``, every id resolves."""
    return check_consistent
