"""The command line: ``python -m service analyze`` and ``python -m service corpus``."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from service.api import Api
from service.nlp import engine

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_08f99502b94fa4d8.txt"
SHORT = "The foreign minister said on Monday that the talks had failed."


def run_cli(
    *args: str, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "service", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def analysis_validator() -> jsonschema.Validator:
    """The ``Analysis`` schema of openapi.yaml (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    schema = {"$ref": "#/components/schemas/Analysis", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema)


def _without_volatile(body: dict) -> dict:
    meta = {k: v for k, v in body["meta"].items() if k not in {"elapsed_ms", "request_id"}}
    return {**body, "meta": meta}


# --- analyze --------------------------------------------------------------------------------------


def test_analyze_seed_file_prints_the_api_answer(
    nlp, seed_text, analysis_validator, assert_consistent
):
    proc = run_cli("analyze", str(SEED))
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    analysis_validator.validate(body)
    assert body["id"] is None
    assert body["quotes"], "the seed article has quotes"
    assert_consistent(seed_text, body)
    # The same JSON as the API: the same engine, dumped by the same response schema.
    api = Api(nlp)
    expected = api.dump(engine.analyze_doc(nlp(seed_text)), None, 0.0, seed_text)
    assert _without_volatile(body) == _without_volatile(expected)


def test_analyze_matches_the_http_answer(nlp, seed_text):
    from service.web.app import create_app

    client = create_app({"TESTING": True}).test_client()
    http = client.post("/v1/analyze", json={"text": seed_text})
    assert http.status_code == 200
    api = Api(nlp)
    mine = api.dump(engine.analyze_doc(nlp(seed_text)), None, 0.0, seed_text)
    assert _without_volatile(mine) == _without_volatile(http.get_json())


def test_analyze_reads_stdin_compact(analysis_validator, assert_consistent):
    proc = run_cli("analyze", "-", "--compact", stdin=SHORT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1  # one line of JSON
    body = json.loads(proc.stdout)
    analysis_validator.validate(body)
    assert_consistent(SHORT, body)


def test_analyze_resolves_against_published():
    text = "The minister said on Monday that the talks had failed."
    proc = run_cli("analyze", "-", "--compact", "--published", "2016-01-06T09:00:00Z", stdin=text)
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert body["published"] == "2016-01-06"
    assert body["quotes"][0]["time"]["date"] == "2016-01-04"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("analyze", "/nonexistent/article.txt"), None, "no such file"),
        (("analyze", "-"), "   \n\t ", "must not be blank"),
        (("analyze",), None, "the following arguments are required"),
        (("corpus", "/nonexistent/in.jsonl", "/tmp/out.jsonl"), None, "no such file"),
        (("corpus", "x.jsonl", "y.jsonl", "--n-process", "0"), None, "must be at least 1"),
        (("corpus", "a.jsonl", "b.jsonl", "out"), None, "several inputs need --dask"),
        (("corpus", "-", "out", "--dask", "2"), None, "stdin and stdout"),
        (("corpus", "seeds", "-", "--dask", "2"), None, "stdin and stdout"),
        (("corpus", "x.jsonl", "out", "--dask", "0"), None, "must be at least 1"),
        (("corpus", "x.jsonl", "out", "--dask", "nowhere"), None, "scheduler address"),
        (("corpus", "x.jsonl", "out", "--dask", "tcp://host"), None, "scheduler address"),
        (("corpus", "x.jsonl", "out", "--dask", "2", "--n-process", "2"), None, "local mode"),
        (("corpus", "x.jsonl", "out", "--shard-size", "lots"), None, "not a size"),
        (("corpus", "/nonexistent/*.jsonl", "out", "--dask", "2"), None, "no file matches"),
        (("corpus", "/nonexistent/in.jsonl", "out", "--dask", "2"), None, "no such file"),
        (("corpus", "seeds", "out", "--dask", "2"), None, "no .jsonl or .ndjson file"),
        (("analyze", "-", "--published", "2016-13-01"), SHORT, "published: Not an ISO 8601"),
        (("aggregate", "/nonexistent/answers.jsonl", "out"), None, "no such file"),
        (("aggregate", "x.jsonl", "out", "--by", "year"), None, "invalid choice"),
        (("aggregate", "x.jsonl", "out", "--top", "0"), None, "must be at least 1"),
        (("frobnicate",), None, "invalid choice"),
    ],
)
def test_refusals_exit_2_with_a_reason(args, stdin, message):
    proc = run_cli(*args, stdin=stdin)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""


def test_corpus_refuses_to_overwrite_its_input(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": SHORT}) + "\n", encoding="utf-8")
    proc = run_cli("corpus", str(path), str(path))
    assert proc.returncode == 2
    assert "must differ" in proc.stderr
    assert path.read_text(encoding="utf-8").count("\n") == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), ("analyze", "corpus")),
        (("analyze",), ("FILE", "stdin", "/v1/analyze")),
        (
            ("corpus",),
            ("IN.jsonl", "OUT.jsonl", "--n-process", "--batch-size", "same order", "--dask"),
        ),
        (("corpus",), ("OUT_DIR", "tcp://host:8786", "--shard-size", "fsspec", ".gz")),
        (("corpus",), ("--published-field",)),
        (("aggregate",), ("RESULTS", "dyads.parquet", "--by", "--dask", "--html", "95%")),
    ],
)
def test_help(args, words):
    proc = run_cli(*args, "--help")
    assert proc.returncode == 0
    for word in words:
        assert word in proc.stdout


# --- corpus ---------------------------------------------------------------------------------------

CORPUS_LINES = [
    json.dumps({"id": "first", "text": SHORT, "extra": "ignored"}),
    "{not json",
    json.dumps({"id": "blank", "text": "  "}),
    json.dumps(["a", "list"]),
    "",
    json.dumps({"id": 42, "text": "Officials in Baku rejected the criticism, a spokesman said."}),
    json.dumps({"id": "no-text"}),
    json.dumps({"id": "last", "text": "“We will not negotiate,” the president told reporters."}),
]
# line -> expected error fragment (None: a result)
EXPECTED = {
    1: None,
    2: "invalid JSON",
    3: "must not be blank",
    4: "expected a JSON object",
    5: "empty line",
    6: None,
    7: "Missing data",
    8: None,
}


def test_corpus_keeps_order_and_reports_bad_lines(tmp_path, analysis_validator):
    src = tmp_path / "in.jsonl"
    dst = tmp_path / "out.jsonl"
    src.write_text("\n".join(CORPUS_LINES) + "\n", encoding="utf-8")
    proc = run_cli("corpus", str(src), str(dst), "--n-process", "2", "--batch-size", "1")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert len(out) == len(CORPUS_LINES)
    for n, record in enumerate(out, start=1):
        if EXPECTED[n] is None:
            analysis_validator.validate(record)
        else:
            assert record["line"] == n
            assert EXPECTED[n] in record["error"]
            assert f"line {n}: skipped" in proc.stderr
    assert [r["id"] for r in out] == ["first", None, "blank", None, None, "42", "no-text", "last"]
    assert "3 analysed, 5 skipped" in proc.stderr
    assert "words/s" in proc.stderr
    assert "8/8" in proc.stderr  # the progress bar reached the end


def test_corpus_reads_gzip_and_writes_stdout(tmp_path):
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(("\n".join(CORPUS_LINES) + "\n").encode("utf-8")))
    proc = run_cli("corpus", str(src), "-", "--n-process", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in out] == ["first", None, "blank", None, None, "42", "no-text", "last"]
    assert "3 analysed, 5 skipped" in proc.stderr
    assert "8/8" not in proc.stderr  # --quiet: no bar


@pytest.mark.parametrize(
    ("modules", "absent"),
    [
        # The web workers never run corpus jobs: they must not pay for Dask in memory or start-up.
        (
            "service.__main__, service.cli, service.web.app",
            ("dask", "distributed", "fsspec", "pyarrow"),
        ),
        # The corpus command process only hands out lines or shards: the engine runs elsewhere.
        ("service.corpus.cluster, service.corpus.local", ("spacy", "service.nlp.engine")),
    ],
)
def test_what_a_process_does_not_import(modules, absent):
    code = f"import sys, {modules}; print(sorted(m for m in {absent!r} if m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == "[]"


# --- keys -----------------------------------------------------------------------------------------


def test_keys_add_prints_a_new_key_once_and_revoke_removes_it(tmp_path):
    path = tmp_path / "keys.json"
    added = run_cli("keys", "add", "newsroom", "--file", str(path))
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    assert added.stdout == key + "\n" and key.startswith("nas_"), "stdout holds the key alone"
    assert key not in added.stderr and key not in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    listed = run_cli("keys", "list", "--file", str(path))
    assert listed.returncode == 0 and listed.stdout.startswith("newsroom\t")
    assert key not in listed.stdout
    revoked = run_cli("keys", "revoke", "newsroom", "--file", str(path))
    assert revoked.returncode == 0, revoked.stderr
    assert json.loads(path.read_text())["keys"] == []


def test_keys_add_with_a_given_key_never_echoes_it(tmp_path):
    path, key = tmp_path / "keys.json", "Given-Key-" + "x" * 30
    for args, stdin in [(["--key", key], None), (["--key-file", "-"], key + "\n")]:
        name = "a" if stdin is None else "b"
        if stdin is not None:
            run_cli("keys", "revoke", "a", "--file", str(path))
        proc = run_cli("keys", "add", name, "--file", str(path), *args, stdin=stdin)
        assert proc.returncode == 0, proc.stderr
        assert key not in proc.stdout + proc.stderr and proc.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["keys", "add", "taken"], "already has a key"),
        (["keys", "add", "9lives"], "bad name"),
        (["keys", "add", "weak", "--key", "short"], "bad key"),
        (["keys", "revoke", "nobody"], "no caller named 'nobody'"),
    ],
)
def test_keys_refusals_exit_2_and_leave_the_file(tmp_path, args, message):
    path = tmp_path / "keys.json"
    assert run_cli("keys", "add", "taken", "--file", str(path)).returncode == 0
    before = path.read_bytes()
    proc = run_cli(*args, "--file", str(path))
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert path.read_bytes() == before


def test_keys_need_a_file():
    env_less = {k: v for k, v in os.environ.items() if k != "NAS_API_KEYS_FILE"}
    proc = subprocess.run(
        [sys.executable, "-m", "service", "keys", "add", "x"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env_less, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2 and "--file" in proc.stderr
