"""The limits at their boundaries, and languages, through the API (every answer checked against the
spec by the ``client`` fixture)."""

from __future__ import annotations

import pytest

from service.nlp import engine
from service.web.schemas import dump_analysis
from tests.nlp.test_language import CASES as LANGUAGE_CASES

AN, BATCH = "/v1/analyze", "/v1/analyze/batch"
PROBLEM = "application/problem+json"
PARA = "The minister said the talks had failed. Officials in Paris disagreed.\n\n"  # 71 chars


def _problem(response, status: int, type_: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == status and body["type"] == type_
    return body


# --- the batch's character budget --------------------------------------------------------------

BUDGET = {"MAX_BATCH_CHARS": 200}


@pytest.mark.parametrize("app_config", [BUDGET])
@pytest.mark.parametrize(
    ("sizes", "status"),
    [
        ([200], 200),  # the largest admissible batch: one text of the whole budget
        ([100, 60, 40], 200),  # the budget exactly, in three texts
        ([201], 413),  # one character past
        ([100, 60, 41], 413),
        ([200, 0], 200),  # an invalid (blank) document does no work and does not count
    ],
)
def test_batch_character_budget(client, sizes, status, assert_consistent):
    texts = [(PARA * 3)[:n] if n else "" for n in sizes]
    response = client.post(BATCH, json={"documents": [{"text": t} for t in texts]})
    if status == 413:
        body = _problem(response, 413, "urn:nas:problem:limit-exceeded")
        assert body["limit"] == "NAS_MAX_BATCH_CHARS"
        assert body["maximum"] == 200 and body["actual"] == sum(sizes)
        assert "200" in body["detail"]
        return
    assert response.status_code == 200
    for text, result in zip(texts, response.get_json()["results"], strict=True):
        if text:
            assert_consistent(text, result)
        else:
            assert result["status"] == 422


def test_the_body_limit_is_named(client, app):
    limit = app.config["MAX_BODY_BYTES"]
    body = _problem(
        client.post(AN, json={"text": "a" * limit}), 413, "urn:nas:problem:limit-exceeded"
    )
    assert body["limit"] == "NAS_MAX_BODY_BYTES" and body["maximum"] == limit
    assert body["actual"] > limit


# --- long texts: sliced, offsets exact --------------------------------------------------------


@pytest.mark.parametrize("app_config", [{"SLICE_CHARS": 500}])
def test_a_text_over_the_slice_size_answers_as_a_whole(client, assert_consistent):
    text = PARA * 30  # 2,130 characters: five slices
    body = client.post(AN, json={"text": text}).get_json()
    assert_consistent(text, body)
    ends = sorted(q["end"] for q in body["quotes"])
    assert len(ends) == 30 and ends[-1] > 2000, "every paragraph's quote, offsets into the whole"


@pytest.mark.slow
def test_the_longest_admissible_text(client, app, seed_text, assert_consistent):
    limit = app.config["MAX_TEXT_CHARS"]
    text = ((seed_text.strip() + "\n\n") * (limit // len(seed_text) + 1))[:limit]
    assert len(text) == limit
    response = client.post(AN, json={"text": text, "id": "longest"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["meta"]["language"] == "en"
    assert_consistent(text, body)
    assert body["quotes"][-1]["end"] > limit - 4000, "quotes found to the end of the text"


# --- languages ------------------------------------------------------------------------------------

FOREIGN = [(name, text, lang) for name, text, lang in LANGUAGE_CASES if lang not in ("en", "und")]
ANALYSED = [(name, text, lang) for name, text, lang in LANGUAGE_CASES if lang in ("en", "und")]


@pytest.mark.parametrize(("text", "lang"), [c[1:] for c in FOREIGN], ids=[c[0] for c in FOREIGN])
def test_other_languages_are_refused_by_name(client, text, lang):
    body = _problem(
        client.post(AN, json={"text": text}), 422, "urn:nas:problem:unsupported-language"
    )
    assert body["language"] == lang
    assert f"({lang})" in body["detail"] and "English" in body["detail"]


@pytest.mark.parametrize(("text", "lang"), [c[1:] for c in ANALYSED], ids=[c[0] for c in ANALYSED])
def test_english_and_short_texts_are_analysed(client, text, lang):
    response = client.post(AN, json={"text": text})
    assert response.status_code == 200
    assert response.get_json()["meta"]["language"] == lang


def test_languages_in_a_batch_are_per_item(client, assert_consistent):
    english = ANALYSED[0][1]
    docs = [{"id": "en", "text": english}] + [{"id": c[0], "text": c[1]} for c in FOREIGN]
    response = client.post(BATCH, json={"documents": docs})
    assert response.status_code == 200
    body = response.get_json()
    assert "language" not in body["meta"], "the envelope is not about one text"
    first, *rest = body["results"]
    assert first["meta"]["language"] == "en"
    assert_consistent(english, first)
    for (name, _, lang), result in zip(FOREIGN, rest, strict=True):
        assert result["id"] == name
        assert result["status"] == 422
        assert result["type"] == "urn:nas:problem:unsupported-language"
        assert result["language"] == lang


def test_the_seed_answers_as_before(client, nlp, seed_text):
    # As the engine answers on a plain parse of the whole text (the path before slicing, memory
    # zones and language detection).
    body = client.post(AN, json={"text": seed_text}).get_json()
    assert body.pop("meta")["language"] == "en"
    expected = dump_analysis(engine.analyze_doc(nlp(seed_text)), doc_id=None, meta={})
    expected.pop("meta", None)
    assert body == expected
