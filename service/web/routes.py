"""The HTTP API. Each view is read → validate → analyse → dump; the NLP lives in ``service.nlp``."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime
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
from werkzeug.exceptions import BadRequest, ClientDisconnected, HTTPException, UnsupportedMediaType

import service
from service.nlp import engine, language, parse, pipeline
from service.tracing import stage
from service.web import metrics, model
from service.web.deadline import Deadline, DeadlineExceeded
from service.web.errors import (
    ItemTimeout,
    LimitExceeded,
    NotReady,
    Problem,
    UnsupportedLanguage,
    problem_body,
    validation_problem,
)
from service.web.schemas import BatchSchema, DocumentSchema, dump_analysis, provenance

bp = Blueprint("api", __name__)
log = logging.getLogger("service.web")


def _meta(nlp: Language, detected: language.Detection | None = None) -> dict[str, Any]:
    meta = {
        **provenance(service.__version__, pipeline.model_info(nlp)),
        "elapsed_ms": round((time.perf_counter() - g.started) * 1000, 1),
        "request_id": g.request_id,
    }
    if detected is not None:
        meta["language"] = detected.language
    return meta


# --- reading the body -----------------------------------------------------------------------------


def read_json() -> Any:
    """The JSON body, read once per request: the character quota (``service.web.quotas``) may
    have read it before the view; a refusal is kept too and raised again."""
    outcome = g.get("json_body")
    if outcome is None:
        try:
            outcome = (True, _read_json())
        except HTTPException as exc:
            outcome = (False, exc)
        g.json_body = outcome
    ok, value = outcome
    if not ok:
        raise value
    return value


def _read_json() -> Any:
    """The JSON body: size checked first (413), then type (415), then syntax (400).

    A client that stays silent for ``READ_TIMEOUT`` seconds while sending the body gets a 408:
    under gunicorn the socket itself times out, so a stalled upload holds one request thread
    for that long at most, never a worker.
    """
    limit = current_app.config["MAX_BODY_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit, request.content_length)
    if not request.is_json:
        raise UnsupportedMediaType("Send the request body as application/json.")
    sock = request.environ.get("gunicorn.socket")
    if sock is not None:
        sock.settimeout(current_app.config["READ_TIMEOUT"])
    # A bounded read (MAX_CONTENT_LENGTH is limit + 1), chunked bodies included.
    try:
        raw = request.get_data(cache=True)
    except ClientDisconnected as exc:
        # werkzeug reports a read error as a disconnection; the socket's timeout is its cause.
        if not isinstance(exc.__context__, TimeoutError):
            raise
        seconds = current_app.config["READ_TIMEOUT"]
        raise Problem(
            408,
            f"The request body did not arrive: nothing was received for {seconds:g} seconds.",
            title="Request Timeout",
            headers={"Connection": "close"},
        ) from None
    if len(raw) > limit:
        raise _too_large(limit, None)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise BadRequest("The request body is not valid JSON.") from None


def _too_large(limit: int, actual: int | None) -> LimitExceeded:
    return LimitExceeded(
        413,
        f"The request body is larger than {limit} bytes.",
        limit="NAS_MAX_BODY_BYTES",
        maximum=limit,
        actual=actual,
    )


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
    text = doc_in["text"]
    g.text_chars = len(text)
    nlp = model.get_nlp()
    with stage("language"):
        detected = language.detect(text)
    if not detected.supported:
        raise UnsupportedLanguage(detected.language, detected.name)
    deadline = Deadline(cfg["REQUEST_TIMEOUT"], g.started)
    with model.slot.hold(deadline.remaining()) as mine:
        if not mine:
            raise deadline.problem()
        try:
            with stage("parse"):
                (doc,) = parse.parse(
                    nlp, [text], slice_chars=cfg["SLICE_CHARS"], check=deadline.check
                )
            deadline.check()
            analysis = engine.analyze_doc(doc, **_dates(doc_in))
        except DeadlineExceeded:
            raise deadline.problem() from None
    return jsonify(dump_analysis(analysis, doc_id=doc_in.get("id"), meta=_meta(nlp, detected)))


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
    budget = cfg["MAX_BATCH_CHARS"]
    if g.text_chars > budget:
        raise LimitExceeded(
            413,
            f"The documents' texts have {g.text_chars} characters in all; a batch may have "
            f"{budget}. Send them in smaller batches.",
            limit="NAS_MAX_BATCH_CHARS",
            maximum=budget,
            actual=g.text_chars,
        )
    nlp = model.get_nlp()
    todo: list[tuple[int, dict[str, Any], language.Detection]] = []
    for i, doc_in in valid:
        detected = language.detect(doc_in["text"])
        if detected.supported:
            todo.append((i, doc_in, detected))
        else:
            problem = UnsupportedLanguage(detected.language, detected.name)
            results[i] = _item_problem(doc_in, problem)
    deadline = Deadline(cfg["REQUEST_TIMEOUT"], g.started)
    done = 0
    with model.slot.hold(deadline.remaining()) as mine:
        if not mine and todo:
            raise deadline.problem()  # nothing was done yet: the whole request times out
        # Parsed together in groups of at most SLICE_CHARS characters; results keep the
        # input's order. Past the deadline, what finished is answered, the rest is a
        # per-item timeout.
        docs = parse.parse(
            nlp,
            (d["text"] for _, d, _ in todo),
            slice_chars=cfg["SLICE_CHARS"],
            check=deadline.check,
        )
        try:
            for (i, doc_in, detected), doc in zip(todo, docs, strict=True):
                deadline.check()
                results[i] = _analyze_item(doc, doc_in, nlp, detected)
                done += 1
        except DeadlineExceeded:
            pass
    for i, doc_in, _ in todo[done:]:
        results[i] = _item_problem(doc_in, ItemTimeout(deadline.seconds))
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


def _dates(doc_in: dict[str, Any]) -> dict[str, date | None]:
    """The article's date as the request gives it, and today's (UTC), which dates a dateline
    that gives no year."""
    return {"published": doc_in.get("published"), "today": datetime.now(UTC).date()}


def _analyze_item(
    doc: Any, doc_in: dict[str, Any], nlp: Language, detected: language.Detection
) -> dict[str, Any]:
    # One document's engine failure must not fail the others: it becomes that item's 500.
    try:
        analysis = engine.analyze_doc(doc, **_dates(doc_in))
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
    return dump_analysis(analysis, doc_id=doc_in.get("id"), meta=_meta(nlp, detected))


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
    nlp = model.ready(current_app)
    if nlp is None:
        raise NotReady()
    info = pipeline.model_info(nlp)
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
