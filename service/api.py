"""The API's request check and response body without Flask, for the CLI and the corpus workers.

``POST /v1/analyze`` validates with ``service.web.schemas.DocumentSchema`` and answers with
``dump_analysis``; this shim uses the same two, so a CLI or corpus answer can be diffed against an
HTTP one. Neither this module nor ``service.web.schemas`` imports Flask.
"""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import EXCLUDE, ValidationError
from spacy.language import Language

import service
from service import config
from service.nlp import language, pipeline
from service.web import schemas


class Api:
    """The request check and the response body of ``POST /v1/analyze``.

    ``max_text_chars`` defaults to the service's configuration (``NAS_MAX_TEXT_CHARS``);
    ``run_id`` stands in for the HTTP request id: one per command run, so that a run's answers can
    be told apart, and the same in every worker process of a corpus run.
    """

    def __init__(
        self, nlp: Language, *, max_text_chars: int | None = None, run_id: str | None = None
    ) -> None:
        if max_text_chars is None:
            max_text_chars = config.load()["MAX_TEXT_CHARS"]
        self.max_text_chars: int = max_text_chars
        self.run_id: str = run_id or uuid.uuid4().hex
        self._request = schemas.DocumentSchema(max_text_chars=max_text_chars)
        self._meta = schemas.provenance(service.__version__, pipeline.model_info(nlp))
        pipeline.allow_length(nlp, max_text_chars)

    def check(self, document: dict[str, Any]) -> str | None:
        """Why ``document`` would be refused with a 422 by the API, or None if it is accepted:
        it breaks the schema, or its text is not in English."""
        try:
            loaded = self._request.load(document, unknown=EXCLUDE)
        except ValidationError as exc:
            return messages(exc.messages)
        detected = language.detect(loaded["text"])
        if not detected.supported:
            name, code = detected.name, detected.language
            return f"text: the text is in {name} ({code}); only English is analysed"
        return None

    def dump(
        self, analysis: Any, doc_id: str | None, elapsed_ms: float, text: str
    ) -> dict[str, Any]:
        """The JSON object the API answers for ``analysis`` of ``text``."""
        meta = {
            **self._meta,
            "elapsed_ms": round(elapsed_ms, 1),
            "request_id": self.run_id,
            "language": language.detect(text).language,
        }
        return schemas.dump_analysis(analysis, doc_id=doc_id, meta=meta)


def messages(found: Any) -> str:
    """marshmallow's nested error messages as one line: ``field: message; field: message``."""
    if isinstance(found, dict):
        return "; ".join(f"{field}: {messages(m)}" for field, m in found.items())
    if isinstance(found, list):
        return " ".join(messages(m) for m in found)
    return str(found)
