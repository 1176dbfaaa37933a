"""Request (load) and response (dump) schemas. No NLP here: responses dump ``service.nlp.types``.

They mirror ``openapi.yaml``, the source of truth; the tests validate every answer against it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

MAX_ID_CHARS = 256
MAX_TITLE_CHARS = 1_000
# "Blank" as the contract's pattern ``\S`` (ECMA-262) sees it, so the schema and the code agree.
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_BLANK = re.compile(
    r"[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)


# --- requests -----------------------------------------------------------------------------------

# ISO 8601 in its RFC 3339 form: a calendar date, or a date and time of day with an optional
# fraction of a second and an optional offset.
_ISO_DATE = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[Tt](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?\Z",
    re.ASCII,
)


class ArticleDate(fields.Field):
    """An article's date: ``YYYY-MM-DD`` or an ISO 8601 date-time, loaded as the calendar date
    it names. A time's offset is checked, not applied: the date as written is the local day of
    publication, which is the day "on Sunday" and "yesterday" count from."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": "Not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ)."
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        m = _ISO_DATE.match(value) if isinstance(value, str) else None
        if m is None:
            raise self.make_error("invalid")
        clock = [int(m.group(k) or 0) for k in ("H", "M", "S")]
        if clock[0] > 23 or clock[1] > 59 or clock[2] > 60:  # 60: a leap second
            raise self.make_error("invalid")
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            raise self.make_error("invalid") from None

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else value.isoformat()


class DocumentSchema(Schema):
    """One article: ``text`` required and non-blank, ``id`` and ``title`` optional."""

    class Meta:
        unknown = RAISE

    id = fields.String(allow_none=True, validate=validate.Length(max=MAX_ID_CHARS))
    title = fields.String(allow_none=True, validate=validate.Length(max=MAX_TITLE_CHARS))
    text = fields.String(required=True)
    published = ArticleDate(allow_none=True)

    def __init__(self, *, max_text_chars: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_text_chars = max_text_chars

    @validates("text")
    def _text(self, value: str, data_key: str) -> None:
        if not _NOT_BLANK.search(value):
            raise ValidationError("Text must not be blank.")
        # JSON can escape half a UTF-16 pair ("\ud800"); that is not Unicode text and spaCy
        # cannot hash it.
        surrogate = _SURROGATE.search(value)
        if surrogate:
            raise ValidationError(
                f"Text contains a lone UTF-16 surrogate at position {surrogate.start()}; "
                "send valid Unicode."
            )
        if len(value) > self.max_text_chars:
            raise ValidationError(
                f"Text is {len(value)} characters long; the limit is {self.max_text_chars}."
            )


class BatchSchema(Schema):
    """The envelope only: each document is validated on its own so one bad one fails alone."""

    class Meta:
        unknown = RAISE

    documents = fields.List(fields.Raw(allow_none=True), required=True)

    def __init__(self, *, max_docs: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_docs = max_docs

    @validates("documents")
    def _documents(self, value: list, data_key: str) -> None:
        if not value:
            raise ValidationError("At least one document is required.")
        if len(value) > self.max_docs:
            raise ValidationError(
                f"{len(value)} documents sent; the limit is {self.max_docs} per request."
            )


# --- responses ----------------------------------------------------------------------------------


class SpanSchema(Schema):
    start = fields.Integer()
    end = fields.Integer()
    text = fields.String()


class CueSchema(SpanSchema):
    lemma = fields.String()


class ActorSchema(Schema):
    id = fields.String()
    name = fields.String()
    type = fields.String()
    country = fields.String(allow_none=True)
    affiliation = fields.String(allow_none=True)
    titles = fields.List(fields.String())
    mentions = fields.List(fields.Nested(SpanSchema))
    members = fields.List(fields.String())


class StatementTimeSchema(Schema):
    date = fields.Date()
    precision = fields.String()
    source = fields.String()
    span = fields.Nested(SpanSchema, allow_none=True)


class QuoteSchema(Schema):
    id = fields.String()
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()
    fragments = fields.List(fields.Nested(SpanSchema))
    type = fields.String()
    speaker = fields.String(allow_none=True)
    speaker_mention = fields.Nested(SpanSchema, allow_none=True)
    cue = fields.Nested(CueSchema, allow_none=True)
    addressees = fields.List(fields.String())
    via = fields.String(allow_none=True)
    confidence = fields.Float()
    time = fields.Nested(StatementTimeSchema, allow_none=True)


class TargetSchema(Schema):
    quote = fields.String()
    actor = fields.String()
    role = fields.String()
    mention = fields.Nested(SpanSchema)


class StanceSchema(Schema):
    id = fields.String()
    source = fields.String()
    target = fields.String()
    label = fields.String()
    act = fields.String()
    # PLOVER event and mode are two attributes of the dataclass, one object in the answer.
    plover = fields.Function(lambda s: {"event": s.plover_event, "mode": s.plover_mode})
    cameo = fields.String(allow_none=True)
    negated = fields.Boolean()
    quotes = fields.List(fields.String())
    confidence = fields.Float()


class RelationSchema(Schema):
    source = fields.String()
    target = fields.String()
    label = fields.String()
    quotes = fields.List(fields.String())
    stances = fields.List(fields.String())
    confidence = fields.Float()


class ModelSchema(Schema):
    name = fields.String()
    version = fields.String()


class BatchMetaSchema(Schema):
    """The meta of a batch answer as a whole."""

    service_version = fields.String()
    spacy_version = fields.String()
    model = fields.Nested(ModelSchema)
    elapsed_ms = fields.Float()
    request_id = fields.String()


class MetaSchema(BatchMetaSchema):
    """The meta of one analysis: the batch's, and the language detected in its text."""

    language = fields.String()


class AnalysisSchema(Schema):
    """An ``Analysis`` plus the request's ``id`` and ``meta`` (passed in as a mapping)."""

    id = fields.String(allow_none=True)
    published = ArticleDate(allow_none=True)
    meta = fields.Nested(MetaSchema)
    author = fields.Nested(SpanSchema, allow_none=True)
    actors = fields.List(fields.Nested(ActorSchema))
    quotes = fields.List(fields.Nested(QuoteSchema))
    targets = fields.List(fields.Nested(TargetSchema))
    stances = fields.List(fields.Nested(StanceSchema))
    relations = fields.List(fields.Nested(RelationSchema))


analysis_schema = AnalysisSchema()


def provenance(service_version: str, model: Any) -> dict[str, Any]:
    """The constant part of ``meta``: service, spaCy and model versions (``model`` is a
    ``service.nlp.pipeline.ModelInfo``)."""
    return {
        "service_version": service_version,
        "spacy_version": model.spacy_version,
        "model": {"name": model.name, "version": model.version},
    }


def dump_analysis(analysis: Any, *, doc_id: str | None, meta: dict[str, Any]) -> dict[str, Any]:
    """The JSON object of one analysis (``analysis`` is a ``service.nlp.types.Analysis``)."""
    return analysis_schema.dump(
        {
            "id": doc_id,
            "published": analysis.published,
            "meta": meta,
            "author": analysis.author,
            "actors": analysis.actors,
            "quotes": analysis.quotes,
            "targets": analysis.targets,
            "stances": analysis.stances,
            "relations": analysis.relations,
        }
    )
