"""The HTTP API. Each view is read → validate → analyse → dump; the NLP lives in ``service.nlp``."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    request,
)
from marshmallow import ValidationError
from spacy.language import Language
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

import service
from service.nlp import engine, pipeline
from service.web import metrics
from service.web.deadline import deadline
from service.web.errors import NotReady, Problem, problem_body, validation_problem
from service.web.schemas import BatchSchema, DocumentSchema, dump_analysis, provenance

bp = Blueprint("api", __name__)
log = logging.getLogger("service.web")

# --- the pipeline, once per process ---------------------------------------------------------------


def get_nlp() -> Language:
    """The app's pipeline: loaded at start-up (``PRELOAD_MODEL``) or here on first use."""
    name = current_app.config["MODEL"]
    try:
        nlp = pipeline.load(name)
    except (OSError, ImportError) as exc:
        log.error("model not available", extra={"model": name, "error": type(exc).__name__})
        raise NotReady(f"The language model {name!r} could not be loaded.") from None
    prepare(nlp, current_app.config["MAX_TEXT_CHARS"])
    return nlp


def prepare(nlp: Language, max_text_chars: int) -> None:
    """Make spaCy's own length guard looser than ours, so it never surfaces as a 500."""
    pipeline.allow_length(nlp, max_text_chars)
    info = pipeline.model_info(nlp)
    metrics.record_model(info.name, info.version, info.spacy_version)


def _meta(nlp: Language) -> dict[str, Any]:
    return {
        **provenance(service.__version__, pipeline.model_info(nlp)),
        "elapsed_ms": round((time.perf_counter() - g.started) * 1000, 1),
        "request_id": g.request_id,
    }


# --- reading the body -----------------------------------------------------------------------------


def read_json() -> Any:
    """The JSON body: size checked first (413), then type (415), then syntax (400)."""
    limit = current_app.config["MAX_BODY_BYTES"]
    too_large = f"The request body is larger than {limit} bytes."
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(too_large)
    if not request.is_json:
        raise UnsupportedMediaType("Send the request body as application/json.")
    # A bounded read (MAX_CONTENT_LENGTH is limit + 1), chunked bodies included.
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise RequestEntityTooLarge(too_large)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest("The request body is not valid JSON.") from None


def _load(schema: Any, data: Any) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise validation_problem(exc.messages) from None


# --- the API --------------------------------------------------------------------------------------


@bp.post("/v1/analyze")
def analyze() -> Response:
    cfg = current_app.config
    doc_in = _load(DocumentSchema(max_text_chars=cfg["MAX_TEXT_CHARS"]), read_json())
    g.text_chars = len(doc_in["text"])
    nlp = get_nlp()
    with deadline(cfg["REQUEST_TIMEOUT"]):
        analysis = engine.analyze_doc(nlp(doc_in["text"]))
    return jsonify(dump_analysis(analysis, doc_id=doc_in.get("id"), meta=_meta(nlp)))


@bp.post("/v1/analyze/batch")
def analyze_batch() -> Response:
    cfg = current_app.config
    envelope = _load(BatchSchema(max_docs=cfg["MAX_BATCH_DOCS"]), read_json())
    documents = envelope["documents"]
    item_schema = DocumentSchema(max_text_chars=cfg["MAX_TEXT_CHARS"])
    results: list[dict[str, Any] | None] = [None] * len(documents)
    valid: list[tuple[int, dict[str, Any]]] = []
    for i, raw in enumerate(documents):
        try:
            valid.append((i, item_schema.load(raw)))
        except ValidationError as exc:
            results[i] = _item_problem(raw, validation_problem(exc.messages, "Invalid document."))
    g.documents = len(documents)
    g.text_chars = sum(len(d["text"]) for _, d in valid)
    nlp = get_nlp()
    with deadline(cfg["REQUEST_TIMEOUT"]):
        # The valid documents are parsed together; results keep the input's order.
        docs = nlp.pipe((d["text"] for _, d in valid), batch_size=8)
        for (i, doc_in), doc in zip(valid, docs, strict=True):
            results[i] = _analyze_item(doc, doc_in, nlp)
    return jsonify({"meta": _meta(nlp), "results": results})


@bp.route("/v1/analyze", methods=["OPTIONS"])
@bp.route("/v1/analyze/batch", methods=["OPTIONS"])
def api_options() -> Response:
    """What the path allows (RFC 9110 OPTIONS); ``cors`` adds the grant for allowed origins."""
    response = Response(status=204)
    del response.headers["Content-Type"]  # no body, so no (HTML) type
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = set(adapter.allowed_methods()) - {"HEAD"}
    response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


def _analyze_item(doc: Any, doc_in: dict[str, Any], nlp: Language) -> dict[str, Any]:
    # One document's engine failure must not fail the others: it becomes that item's 500.
    try:
        analysis = engine.analyze_doc(doc)
    except Exception as exc:
        log.error(
            "batch item failed",
            extra={"error": type(exc).__name__, "request_id": g.request_id},
        )
        return problem_body(
            500,
            "Internal Server Error",
            "The server could not analyse this document. It has been logged.",
            id=doc_in.get("id"),
        )
    return dump_analysis(analysis, doc_id=doc_in.get("id"), meta=_meta(nlp))


def _item_problem(raw: Any, problem: Problem) -> dict[str, Any]:
    doc_id = raw.get("id") if isinstance(raw, dict) else None
    return problem_body(
        problem.code,
        problem.title,
        problem.description,
        problem.type,
        id=doc_id if isinstance(doc_id, str) else None,
        **problem.extensions,
    )


# --- operations -----------------------------------------------------------------------------------


@bp.get("/livez")
def livez() -> Response:
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz() -> Response:
    name = current_app.config["MODEL"]
    if not pipeline.is_loaded(name):
        raise NotReady()
    info = pipeline.model_info(pipeline.load(name))
    return jsonify(
        {
            "status": "ready",
            "model": {"name": info.name, "version": info.version},
            "spacy_version": info.spacy_version,
        }
    )


@bp.get("/metrics")
def metrics_view() -> Response:
    return metrics.render()


@bp.get("/openapi.yaml")
def openapi_spec() -> Response:
    spec: bytes = current_app.extensions["nas"]["openapi"]
    return Response(spec, mimetype="application/yaml")
