"""API keys (``NAS_API_KEYS_FILE``): who may call ``/v1/*``, and what stays open.

Every response here goes through the contract-checking client: the 401s are valid problems with
the documented ``WWW-Authenticate``. The keys are sentinels: if one shows up in any answer or any
log line, the test fails.
"""

from __future__ import annotations

import json
import logging

import pytest

from service import keys
from service.web.app import create_app
from tests.web.callers import KEY_A, KEY_B, bearer, write_key_file

TEXT = {"text": "The minister said the talks had failed."}
AN, BATCH = "/v1/analyze", "/v1/analyze/batch"


@pytest.fixture
def key_file(tmp_path):
    return write_key_file(tmp_path / "keys.json")


@pytest.fixture
def app_config(key_file):
    return {"API_KEYS_FILE": str(key_file)}


@pytest.fixture
def logs(capsys, caplog):
    caplog.set_level(logging.DEBUG)

    def read() -> str:
        out, err = capsys.readouterr()
        records = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
        return "\n".join([out, err, records])

    return read


# (name, headers, status, challenge error)
CASES = [
    ("no key", {}, 401, None),
    ("good key", bearer(KEY_A), 200, None),
    ("the other good key", bearer(KEY_B), 200, None),
    ("scheme in lower case", {"Authorization": f"bearer {KEY_A}"}, 200, None),
    ("wrong key", bearer("Wrong-" + "w" * 40), 401, "invalid_token"),
    ("a good key cut short", bearer(KEY_A[:-1]), 401, "invalid_token"),
    ("a key with a space in it", bearer(KEY_A[:10] + " " + KEY_A[10:]), 401, "invalid_token"),
    ("basic scheme", {"Authorization": f"Basic {KEY_A}"}, 401, "invalid_token"),
    ("scheme alone", {"Authorization": "Bearer"}, 401, "invalid_token"),
    ("key as a query string is not a key", {}, 401, None),
]


@pytest.mark.parametrize(
    ("headers", "status", "error"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_who_may_call(client, headers, status, error):
    for path, body in [(AN, TEXT), (BATCH, {"documents": [TEXT]})]:
        response = client.post(f"{path}?api_key={KEY_A}", json=body, headers=headers)
        assert response.status_code == status, (path, response.get_data()[:300])
        if status == 401:
            challenge = response.headers["WWW-Authenticate"]
            assert challenge.startswith('Bearer realm="news-attribution"')
            assert ('error="invalid_token"' in challenge) == (error == "invalid_token")
            problem = response.get_json()
            assert problem["status"] == 401 and problem["request_id"]


def test_a_revoked_key_is_refused_without_a_restart(client, key_file):
    assert client.post(AN, json=TEXT, headers=bearer(KEY_A)).status_code == 200
    keys.revoke(key_file, "alpha")
    assert client.post(AN, json=TEXT, headers=bearer(KEY_A)).status_code == 401
    assert client.post(AN, json=TEXT, headers=bearer(KEY_B)).status_code == 200
    keys.add(key_file, "charlie", "Charlie-" + "c" * 40)
    assert client.post(AN, json=TEXT, headers=bearer("Charlie-" + "c" * 40)).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/livez"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/openapi.yaml"),
        ("GET", "/docs"),
        ("GET", "/"),
        ("GET", "/samples"),
        ("OPTIONS", AN),
        ("OPTIONS", BATCH),
    ],
)
def test_operations_and_pages_stay_open(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code in {200, 204}, (path, response.status_code)


@pytest.mark.parametrize("headers", [{}, bearer(KEY_A)], ids=["no key", "good key"])
def test_unknown_paths_and_methods_answer_as_without_keys(client, headers):
    # No operation is reached, so no key is asked for: the contract is public at /openapi.yaml.
    assert client.get("/v1/nothing", headers=headers).status_code == 404
    assert client.get(AN, headers=headers).status_code == 405


def test_the_key_is_never_logged_nor_echoed(client_for, key_file, logs):
    app = create_app({"LOG_LEVEL": "DEBUG", "API_KEYS_FILE": str(key_file)})
    client = client_for(app)
    answers = [
        client.post(AN, json=TEXT, headers=bearer(KEY_A)),
        client.post(AN, json=TEXT, headers=bearer(KEY_A + "x")),
        client.post(AN, json={"text": 5}, headers=bearer(KEY_B)),
        client.post(AN, data=b"{", content_type="application/json", headers=bearer(KEY_B)),
        client.post(AN, json=TEXT, headers={"Authorization": f"Basic {KEY_B}"}),
    ]
    assert [r.status_code for r in answers] == [200, 401, 422, 400, 401]
    logged = logs()
    assert '"caller": "key:alpha"' in logged, "the access log names the caller"
    for response in answers:
        text = response.get_data(as_text=True) + json.dumps(dict(response.headers))
        assert "SENTINEL-KEY" not in text
    assert "SENTINEL-KEY" not in logged


def test_keys_off_by_default(nlp, client_for, monkeypatch):
    monkeypatch.delenv("NAS_API_KEYS_FILE", raising=False)
    client = client_for(create_app({"LOG_LEVEL": "WARNING"}))
    assert client.post(AN, json=TEXT).status_code == 200
    assert client.post(AN, json=TEXT, headers=bearer("anything-" + "z" * 40)).status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), ("{}", "version"), ('{"version": 1, "keys": [{}]}', "bad name")],
)
def test_a_bad_key_file_stops_start_up(nlp, tmp_path, content, message):
    path = tmp_path / "keys.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValueError, match=f"NAS_API_KEYS_FILE: .*{message}"):
        create_app({"LOG_LEVEL": "WARNING", "API_KEYS_FILE": str(path)})


def test_an_empty_key_file_refuses_everyone(client_for, nlp, tmp_path):
    path = tmp_path / "keys.json"
    keys.write(path, ())
    client = client_for(create_app({"LOG_LEVEL": "CRITICAL", "API_KEYS_FILE": str(path)}))
    assert client.post(AN, json=TEXT, headers=bearer(KEY_A)).status_code == 401
    assert client.get("/readyz").status_code == 200
