"""schemathesis against the app, in process: generated requests for every operation of openapi.yaml.

For each operation, positive (valid by the spec) and negative (invalid) cases are generated and
sent through the WSGI app built by ``create_app``; every response must pass schemathesis' checks:
no server error, a documented status, content type and headers, a body valid against the spec,
valid input accepted and invalid input rejected.

``NAS_FUZZ_API_EXAMPLES`` sets the cases per operation and mode (default 200, which gives more than
1,000 cases over all operations; the total is printed). CI runs are derandomised (reproducible);
``NAS_HYPOTHESIS_PROFILE=fuzz`` (``make fuzz``) draws fresh random cases each run.

A table of hand-written hostile requests follows: the limits of issue 7 (413 before parsing, 422
over MAX_TEXT_CHARS, spaCy's ``max_length`` never a 500, a batch over its limit refused) and inputs
that are valid JSON but not text spaCy can take.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from service.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("NAS_FUZZ_API_EXAMPLES", "200"))
RANDOM = os.environ.get("NAS_HYPOTHESIS_PROFILE") == "fuzz"
MIN_TOTAL = 1_000  # the floor for the cases of one default run

SCHEMA = schemathesis.openapi.from_path(str(ROOT / "openapi.yaml"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
# Negative cases need something to break: a request body (the operations without one take at most a
# free-form string path parameter, which every value satisfies).
CASES = [(op, GenerationMode.POSITIVE) for op in OPERATIONS] + [
    (op, GenerationMode.NEGATIVE) for op in OPERATIONS if op.body
]
COUNTS: dict[str, int] = {}


def _settings() -> settings:
    return settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        # Only generation: explicit examples have their own table below; shrinking a failure is
        # still done by the explicit "shrink" phase so the report shows a minimal request.
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


@pytest.fixture(scope="module")
def api(nlp):
    """The production configuration (not TESTING), pipeline preloaded, quiet logs."""
    app = create_app({"LOG_LEVEL": "WARNING"})
    SCHEMA.app = app
    yield app
    total = sum(COUNTS.values())
    print(f"\nschemathesis: {total} generated cases over {len(COUNTS)} operation/mode pairs")


@pytest.mark.parametrize(
    ("operation", "mode"), CASES, ids=[f"{op.label}-{mode.value}" for op, mode in CASES]
)
def test_operation_conforms(api, operation, mode):
    label = f"{operation.label} {mode.value}"
    COUNTS[label] = 0

    @_settings()
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        COUNTS[label] += 1
        case.call_and_validate(app=api)

    run()


def test_generated_case_count():
    """Runs after the generated tests of this module (pytest keeps file order without xdist)."""
    if len(COUNTS) < len(CASES):
        pytest.skip("only part of the module ran; the total is meaningful for a full run")
    total = sum(COUNTS.values())
    assert total >= MIN_TOTAL or EXAMPLES < 200, (total, COUNTS)


def test_checks_catch_a_server_error(nlp):
    """The harness can fail: an operation that answers 500 is reported by ``call_and_validate``."""
    broken = create_app({"LOG_LEVEL": "CRITICAL"})

    def boom():
        raise RuntimeError("secret article text")

    broken.view_functions["api.livez"] = boom
    operation = next(op for op in OPERATIONS if op.label == "GET /livez")
    case = operation.Case()
    with pytest.raises(BaseExceptionGroup) as failures:
        case.call_and_validate(app=broken)
    assert [type(f).__name__ for f in failures.value.exceptions] == ["ServerError"]


# --- hand-written hostile requests ----------------------------------------------------------------

BIG = 100_000


def _post(client, path: str, body: object | bytes, content_type: str = "application/json"):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(path, data=data, content_type=content_type)


A, B = "/v1/analyze", "/v1/analyze/batch"
FORM = "application/x-www-form-urlencoded"
ONE_BAD = b'{"documents": [{"text": "a \\ud83d b"}, {"text": "ok"}]}'
HOSTILE = [
    # (name, path, body, content type or None for JSON, expected status, marks)
    ("text over MAX_TEXT_CHARS", A, {"text": "a" * (BIG + 1)}, None, 422, ()),
    ("text at MAX_TEXT_CHARS", A, {"text": "Peace. " * (BIG // 7)}, None, 200, ()),
    ("body over the byte limit", A, {"text": "é" * 1_000_001}, None, 413, ()),
    ("batch over MAX_BATCH_DOCS", B, {"documents": [{"text": "x"}] * 33}, None, 422, ()),
    ("batch of empty list", B, {"documents": []}, None, 422, ()),
    ("batch item blank", B, {"documents": [{"text": " "}, {"text": "ok"}]}, None, 200, ()),
    ("deeply nested JSON", A, b"[" * 100_000 + b"]" * 100_000, None, 400, ()),
    ("invalid UTF-8", A, b'{"text": "\xff\xfe caf\xe9"}', None, 400, ()),
    ("JSON null", A, b"null", None, 422, ()),
    ("text is a number", A, {"text": 5}, None, 422, ()),
    ("text only zero-width and BOM", A, {"text": "\ufeff\u200b"}, None, 200, ()),
    ("NUL and controls", A, {"text": "Biden\x00 said \x1b[31m “no”\x7f"}, None, 200, ()),
    ("not JSON content type", A, b"text=hello", FORM, 415, ()),
    ("lone surrogate in text", A, b'{"text": "Biden said \\ud800 hi"}', None, 422, ()),
    ("lone surrogate in a batch item", B, ONE_BAD, None, 200, ()),
]


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status"),
    [pytest.param(*row[1:5], id=row[0], marks=row[5]) for row in HOSTILE],
)
def test_hostile_request(client, path, body, content_type, status):
    """Each answers its documented status (the ``client`` checks the body against the spec)."""
    response = _post(client, path, body, content_type or "application/json")
    assert response.status_code == status, response.get_data()[:300]
    if path.endswith("/batch") and status == 200:
        results = response.get_json()["results"]
        assert results[0]["status"] == 422 and "actors" in results[1]


def test_spacy_max_length_never_surfaces(client, app, nlp):
    """Even with a limit above spaCy's own ``max_length``, a long text is analysed, never a 500."""
    before = nlp.max_length
    try:
        nlp.max_length = 1_000
        app.config["MAX_TEXT_CHARS"] = 5_000
        response = _post(client, "/v1/analyze", {"text": "He said no. " * 400})
        assert response.status_code == 200
    finally:
        nlp.max_length = before
