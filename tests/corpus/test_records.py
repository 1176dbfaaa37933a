"""An input line to an ``Item``: what the API accepts becomes a text, anything else a reason."""

from __future__ import annotations

from datetime import date

import pytest

from service.api import Api
from service.corpus.records import Item, error_record, parse_line, read_items, words


@pytest.fixture(scope="module")
def api(nlp) -> Api:
    return Api(nlp, max_text_chars=50, run_id="test")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": true, "text": "x y"}', "id"),
        ('{"id": "a", "text": 7}', "text"),
        ('{"id": "a", "text": "x", "unknown": 1, "title": 5}', "title"),
        ('{"id": "a", "text": "' + "x" * 51 + '"}', "the limit is 50"),
        ('{"id": "a", "text": "\\ud800"}', "surrogate"),
        ("null", "expected a JSON object"),
        ("[", "invalid JSON"),
        ("   ", "empty line"),
        (b'{"text": "caf\xe9"}', "not UTF-8"),
        (b"\n", "empty line"),
    ],
)
def test_refused_lines_carry_the_reason(api, line, fragment):
    item = parse_line(7, line, api.check)
    assert (item.line, item.text) == (7, None)
    assert fragment in (item.error or "")


def test_accepted_lines_normalise_ids(api):
    lines = [
        '{"id": 3, "text": "a b"}',
        '{"text": "c"}',
        '{"id": "z", "text": "d", "other": []}',
        b'{"id": "w", "title": "T", "text": "\xc3\xa9t\xc3\xa9"}\r\n',
    ]
    items = list(read_items(lines, api.check))
    assert [(i.line, i.id, i.text, i.error) for i in items] == [
        (1, "3", "a b", None),
        (2, None, "c", None),
        (3, "z", "d", None),
        (4, "w", "été", None),
    ]


@pytest.mark.parametrize(
    ("line", "field", "published", "error"),
    [
        ('{"text": "x", "published": "2016-09-12"}', "published", date(2016, 9, 12), None),
        ('{"text": "x", "published": "2016-09-12T23:00:00-05:00"}', "published",
         date(2016, 9, 12), None),
        ('{"text": "x", "published": null}', "published", None, None),
        ('{"text": "x"}', "published", None, None),
        ('{"text": "x", "date": "2016-09-12"}', "date", date(2016, 9, 12), None),
        ('{"text": "x", "date": "2016-09-12"}', "published", None, None),  # another field
        ('{"text": "x", "published": "12 Sept 2016"}', "published", None, "published: Not an ISO"),
        ('{"text": "x", "date": 2016}', "date", None, "published: Not an ISO"),
    ],
)  # fmt: skip
def test_the_article_date_is_read_from_its_field(api, line, field, published, error):
    item = parse_line(1, line, api.check, field)
    assert item.published == published
    assert (item.error or "").startswith(error or "")
    assert (item.error is None) == (error is None)


def test_a_refused_line_keeps_a_string_id_only(api):
    assert parse_line(1, '{"id": "k", "text": " "}', api.check).id == "k"
    assert parse_line(1, '{"id": [1], "text": "x"}', api.check).id is None


@pytest.mark.parametrize(
    ("text", "expected"), [("a b  c\n", 3), ("", 0), (None, 0), (" \t ", 0), ("été", 1)]
)
def test_words(text, expected):
    assert words(text) == expected


def test_error_record_shape():
    assert error_record(Item(4, "x"), "why") == {"id": "x", "line": 4, "error": "why"}
