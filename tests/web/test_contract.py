"""``openapi.yaml``: valid OpenAPI 3.1 that matches the app, its schemas and its limits."""

from __future__ import annotations

import json
import re

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from service import config
from service.web import schemas
from service.web.app import OPENAPI

SCHEMAS_AND_DUMPERS = [
    ("Span", schemas.SpanSchema),
    ("Cue", schemas.CueSchema),
    ("Actor", schemas.ActorSchema),
    ("Quote", schemas.QuoteSchema),
    ("StatementTime", schemas.StatementTimeSchema),
    ("Target", schemas.TargetSchema),
    ("Stance", schemas.StanceSchema),
    ("Relation", schemas.RelationSchema),
    ("Meta", schemas.MetaSchema),
    ("BatchMeta", schemas.BatchMetaSchema),
    ("Model", schemas.ModelSchema),
    ("Analysis", schemas.AnalysisSchema),
]


def test_spec_is_valid_openapi_3_1():
    spec, _ = read_from_filename(str(OPENAPI))
    validate(spec)  # raises on any error
    assert spec["openapi"].startswith("3.1.")


def _spec_paths(spec: dict) -> set[tuple[str, str]]:
    out = set()
    for path, item in spec["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete", "options"}:
                out.add((re.sub(r"\{[^}]+\}", "{}", path), method))
    return out


def _app_paths(app) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "{}", rule.rule)
        for method in rule.methods - {"HEAD"}:  # HEAD comes with every GET
            out.add((path, method.lower()))
    return out


def test_every_route_is_documented_and_every_documented_route_exists(app, contract):
    documented = _spec_paths(contract.spec_dict)
    served = _app_paths(app)
    assert served - documented == set(), "routes missing from openapi.yaml"
    assert documented - served == set(), "documented operations the app does not serve"


@pytest.mark.parametrize(("name", "dumper"), SCHEMAS_AND_DUMPERS)
def test_dump_schemas_match_the_spec(contract, name, dumper):
    spec_schema = contract.spec_dict["components"]["schemas"][name]
    assert set(dumper().fields) == set(spec_schema["properties"]), name
    assert set(spec_schema["required"]) == set(spec_schema["properties"]), "every field is present"


def test_request_limits_in_the_spec_are_the_defaults(contract):
    defaults = config.defaults()
    document = contract.spec_dict["components"]["schemas"]["Document"]
    batch = contract.spec_dict["components"]["schemas"]["Batch"]
    assert document["properties"]["text"]["maxLength"] == defaults["MAX_TEXT_CHARS"]
    assert document["properties"]["id"]["maxLength"] == schemas.MAX_ID_CHARS
    assert document["properties"]["title"]["maxLength"] == schemas.MAX_TITLE_CHARS
    assert batch["properties"]["documents"]["maxItems"] == defaults["MAX_BATCH_DOCS"]
    assert set(document["properties"]) == set(schemas.DocumentSchema(max_text_chars=1).fields)


def _analysis(**overrides) -> dict:
    body = {
        "id": None,
        "published": None,
        "meta": {
            "service_version": "0",
            "spacy_version": "3.8.0",
            "model": {"name": "m", "version": "1"},
            "elapsed_ms": 1.0,
            "request_id": "r",
            "language": "en",
        },
        "author": None,
        "actors": [],
        "quotes": [],
        "targets": [],
        "stances": [],
        "relations": [],
    }
    body.update(overrides)
    return body


ACTOR = {
    "id": "a1",
    "name": "Ann",
    "type": "person",
    "country": None,
    "affiliation": None,
    "titles": [],
    "mentions": [{"start": 0, "end": 3, "text": "Ann"}],
    "members": [],
}

QUOTE = {
    "id": "q1",
    "text": "We will not back down",
    "start": 1,
    "end": 23,
    "fragments": [{"start": 1, "end": 23, "text": "We will not back down"}],
    "type": "direct",
    "speaker": "a1",
    "speaker_mention": None,
    "cue": None,
    "addressees": [],
    "via": None,
    "confidence": 0.9,
    "time": {
        "date": "2024-03-04",
        "precision": "day",
        "source": "text",
        "span": {"start": 56, "end": 62, "text": "Monday"},
    },
}

# The checker itself: bodies the spec must refuse (and one it must accept), so that the client
# fixture's validation cannot silently pass everything.
JSON, PROBLEM, RID = "application/json", "application/problem+json", {"X-Request-ID": "r"}


def _without(body: dict, key: str) -> dict:
    return {k: v for k, v in body.items() if k != key}


NO_STANCES = _without(_analysis(), "stances")
BARE_422 = {"type": "about:blank", "title": "x", "status": 422, "detail": "x"}

CHECKER_CASES = [
    ("valid", 200, JSON, _analysis(), RID, True),
    ("valid actor", 200, JSON, _analysis(actors=[ACTOR]), RID, True),
    ("missing list", 200, JSON, NO_STANCES, RID, False),
    ("unknown actor type", 200, JSON, _analysis(actors=[{**ACTOR, "type": "robot"}]), RID, False),
    ("bad country", 200, JSON, _analysis(actors=[{**ACTOR, "country": "France"}]), RID, False),
    ("members null", 200, JSON, _analysis(actors=[{**ACTOR, "members": None}]), RID, False),
    ("extra field", 200, JSON, _analysis(extra=1), RID, False),
    ("no request id", 200, JSON, _analysis(), {}, False),
    ("dated quote", 200, JSON, _analysis(published="2024-03-06", quotes=[QUOTE]), RID, True),
    ("undated quote", 200, JSON, _analysis(quotes=[{**QUOTE, "time": None}]), RID, True),
    ("quote without time", 200, JSON, _analysis(quotes=[_without(QUOTE, "time")]), RID, False),
    (
        "yearly precision",
        200,
        JSON,
        _analysis(quotes=[{**QUOTE, "time": {**QUOTE["time"], "precision": "year"}}]),
        RID,
        False,
    ),
    ("HTML error", 404, "text/html", "<h1>Not Found</h1>", RID, False),
    ("422 without errors", 422, PROBLEM, BARE_422, RID, False),
]


@pytest.mark.parametrize(
    ("status", "mimetype", "body", "headers", "ok"),
    [case[1:] for case in CHECKER_CASES],
    ids=[case[0] for case in CHECKER_CASES],
)
def test_the_contract_checker_refuses_what_the_spec_forbids(
    contract, status, mimetype, body, headers, ok
):
    request = Request(EnvironBuilder(path="/v1/analyze", method="POST").get_environ())
    data = body if isinstance(body, str) else json.dumps(body)
    response = Response(data, status=status, mimetype=mimetype, headers=headers)
    response.request = request
    if ok:
        contract.check_werkzeug(response)
    else:
        with pytest.raises(Exception):  # noqa: B017 - openapi-core and assert errors alike
            contract.check_werkzeug(response)
