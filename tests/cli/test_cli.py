"""The command line: ``python -m service analyze`` and ``python -m service corpus``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import spacy
import yaml
from spacy.language import Language
from spacy.util import raise_error

import service.__main__ as cli
from service.nlp import engine
from service.nlp.types import Analysis

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
    api = cli.Api(nlp)
    expected = api.dump(engine.analyze_doc(nlp(seed_text)), None, 0.0, seed_text)
    assert _without_volatile(body) == _without_volatile(expected)


def test_analyze_matches_the_http_answer(nlp, seed_text):
    from service.web.app import create_app

    client = create_app({"TESTING": True}).test_client()
    http = client.post("/v1/analyze", json={"text": seed_text})
    assert http.status_code == 200
    api = cli.Api(nlp)
    mine = api.dump(engine.analyze_doc(nlp(seed_text)), None, 0.0, seed_text)
    assert _without_volatile(mine) == _without_volatile(http.get_json())


def test_analyze_reads_stdin_compact(analysis_validator, assert_consistent):
    proc = run_cli("analyze", "-", "--compact", stdin=SHORT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1  # one line of JSON
    body = json.loads(proc.stdout)
    analysis_validator.validate(body)
    assert_consistent(SHORT, body)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("analyze", "/nonexistent/article.txt"), None, "no such file"),
        (("analyze", "-"), "   \n\t ", "must not be blank"),
        (("analyze",), None, "the following arguments are required"),
        (("corpus", "/nonexistent/in.jsonl", "/tmp/out.jsonl"), None, "no such file"),
        (("corpus", "x.jsonl", "y.jsonl", "--n-process", "0"), None, "must be at least 1"),
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
        (("corpus",), ("IN.jsonl", "OUT.jsonl", "--n-process", "--batch-size", "same order")),
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


def test_corpus_survives_an_engine_failure(nlp, monkeypatch):
    real = engine.analyze_doc

    def flaky(doc):
        if "explode" in doc.text:
            raise RuntimeError("rule failed")
        return real(doc)

    monkeypatch.setattr(engine, "analyze_doc", flaky)
    lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate([SHORT, "explode", SHORT])]
    api = cli.Api(nlp)
    out = io.StringIO()
    ok, errors, _ = cli.run_corpus(nlp, api, cli.read_items(lines, api.check), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (ok, errors) == (2, 1)
    assert [r["id"] for r in records] == ["0", "1", "2"]
    assert "RuntimeError: rule failed" in records[1]["error"]
    assert "error" not in records[0]
    assert "error" not in records[2]


class _Exploding:
    """A pipeline component that fails on texts containing "explode", batched or one by one."""

    def __call__(self, doc):
        if "explode" in doc.text:
            raise ValueError("component crashed")
        return doc


class _ExplodingBatch(_Exploding):
    def pipe(self, docs, batch_size=128):
        # Like spaCy's parser and NER: a pipe() without an error handler.
        for doc in docs:
            yield self(doc)


@Language.factory("test_cli_exploding")
def _make_exploding(nlp, name, batched: bool):
    return _ExplodingBatch() if batched else _Exploding()


@pytest.mark.parametrize("batched", [False, True])
def test_corpus_survives_a_pipeline_failure(monkeypatch, batched):
    """A failing component loses its batch only; the lines after it are still analysed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_cli_exploding", config={"batched": batched})
    monkeypatch.setattr(engine, "analyze_doc", lambda doc: Analysis())
    texts = [SHORT, "explode here", SHORT, SHORT]
    lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
    api = cli.Api(nlp)
    out = io.StringIO()
    ok, errors, _ = cli.run_corpus(nlp, api, cli.read_items(lines, api.check), out, batch_size=1)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["0", "1", "2", "3"]
    assert "component crashed" in records[1]["error"]
    assert (ok, errors) == (3, 1)
    # The run's error handler is removed again: the shared pipeline raises as before.
    assert nlp.default_error_handler is raise_error


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": true, "text": "x y"}', "id"),
        ('{"id": "a", "text": 7}', "text"),
        ('{"id": "a", "text": "x", "unknown": 1, "title": 5}', "title"),
        ("null", "expected a JSON object"),
        ("[", "invalid JSON"),
        ("   ", "empty line"),
    ],
)
def test_read_items_refuses(nlp, line, fragment):
    api = cli.Api(nlp)
    (item,) = cli.read_items([line], api.check)
    assert item.text is None
    assert fragment in (item.error or "")


def test_read_items_accepts_and_normalises_ids(nlp):
    api = cli.Api(nlp)
    lines = ['{"id": 3, "text": "a b"}', '{"text": "c"}', '{"id": "z", "text": "d", "other": []}']
    items = list(cli.read_items(lines, api.check))
    assert [(i.line, i.id, i.text, i.error) for i in items] == [
        (1, "3", "a b", None),
        (2, None, "c", None),
        (3, "z", "d", None),
    ]
