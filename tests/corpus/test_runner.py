"""Items to answers in one process: a failure costs its line or its batch, never the run."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.util import raise_error

from service.api import Api
from service.corpus import runner
from service.corpus.records import read_items
from service.corpus.runner import analyse, engine_for
from service.corpus.settings import Settings
from service.nlp import engine
from service.nlp.types import Analysis

SHORT = "The foreign minister said on Monday that the talks had failed."


def _run(nlp, lines, **kwargs) -> list[dict]:
    api = Api(nlp, run_id="run")
    outcomes = list(analyse(nlp, api, read_items(lines, api.check), **kwargs))
    assert [o.line for o in outcomes] == list(range(1, len(lines) + 1))
    for o in outcomes:
        assert (o.error is None) == ("error" not in json.loads(o.json))
    return [json.loads(o.json) for o in outcomes]


def test_answers_in_order_with_words_and_the_run_id(nlp):
    lines = [json.dumps({"id": str(i), "text": SHORT}) for i in range(3)] + ["{"]
    api = Api(nlp, run_id="run-1")
    outcomes = list(analyse(nlp, api, read_items(lines, api.check), batch_size=2))
    assert [o.words for o in outcomes] == [11, 11, 11, 0]
    records = [json.loads(o.json) for o in outcomes]
    assert [r["id"] for r in records] == ["0", "1", "2", None]
    assert {r["meta"]["request_id"] for r in records[:3]} == {"run-1"}
    assert "invalid JSON" in outcomes[3].error


def test_no_input_no_answer(nlp):
    api = Api(nlp)
    assert list(analyse(nlp, api, [])) == []


def test_an_engine_failure_costs_one_line(nlp, monkeypatch):
    real = engine.analyze_doc

    def flaky(doc, **dates):
        if "explode" in doc.text:
            raise RuntimeError("rule failed")
        return real(doc, **dates)

    monkeypatch.setattr(engine, "analyze_doc", flaky)
    texts = [SHORT, "explode", SHORT]
    records = _run(nlp, [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)])
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


@Language.factory("test_corpus_exploding")
def _make_exploding(nlp, name, batched: bool):
    return _ExplodingBatch() if batched else _Exploding()


@pytest.mark.parametrize("batched", [False, True])
def test_a_pipeline_failure_costs_its_batch_only(monkeypatch, batched):
    nlp = spacy.blank("en")
    nlp.add_pipe("test_corpus_exploding", config={"batched": batched})
    monkeypatch.setattr(engine, "analyze_doc", lambda doc, **dates: Analysis())
    texts = [SHORT, "explode here", SHORT, SHORT]
    lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
    records = _run(nlp, lines, batch_size=1)
    assert [r["id"] for r in records] == ["0", "1", "2", "3"]
    assert "component crashed" in records[1]["error"]
    assert sum("error" in r for r in records) == 1
    # The run's error handler is removed again: the shared pipeline raises as before.
    assert nlp.default_error_handler is raise_error


def test_engine_for_loads_once_per_process_and_settings(monkeypatch):
    loads = []
    monkeypatch.setattr(runner, "_engines", {})
    monkeypatch.setattr(runner.pipeline, "load", lambda: loads.append(1) or spacy.blank("en"))
    monkeypatch.setattr(runner.gc, "freeze", lambda: None)
    a = Settings(run_id="a", max_text_chars=100)
    first = engine_for(a)
    assert engine_for(a) is first
    assert engine_for(Settings(run_id="b", max_text_chars=100)) is not first
    assert len(loads) == 2
    assert first[1].run_id == "a"
    assert first[1].max_text_chars == 100
