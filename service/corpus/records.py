"""One input line to an ``Item`` (a text the API would accept, or why the API would refuse it), and
its answer, an ``Outcome``. No spaCy here: the processes that only read and write import this."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

Check = Callable[[dict[str, Any]], str | None]


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: its 1-based number, its id, and either a text or why it was refused."""

    line: int
    id: str | None
    text: str | None = None
    error: str | None = None
    published: date | None = None  # the article's date, when the record gives one


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to one input line, as the JSON text of its output line."""

    line: int
    json: str
    error: str | None = None  # why the line has no analysis (then ``json`` is its error record)
    words: int = 0


def read_items(
    lines: Iterable[str | bytes], check: Check, published_field: str = "published"
) -> Iterator[Item]:
    """Parse JSON Lines; a bad line becomes an ``Item`` with ``error`` set, never an exception.

    ``check`` is the API's request validation (blank or too long texts are refused the same way).
    """
    for n, raw in enumerate(lines, start=1):
        yield parse_line(n, raw, check, published_field)


def parse_line(n: int, raw: str | bytes, check: Check, published_field: str = "published") -> Item:
    """The ``Item`` of line ``n``; bytes are decoded as UTF-8 (a line that is not is refused).

    The article's date is read from ``published_field`` (``published``, as in the API; a corpus
    may call it ``date``) and checked as the API checks ``published``.
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Item(n, None, error=f"not UTF-8: {exc.reason} at byte {exc.start}")
    if not raw.strip():
        return Item(n, None, error="empty line")
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return Item(n, None, error=f"invalid JSON: {getattr(exc, 'msg', exc)}")
    if not isinstance(obj, dict):
        return Item(n, None, error=f"expected a JSON object, found {type(obj).__name__}")
    id_ = obj.get("id")
    if isinstance(id_, int) and not isinstance(id_, bool):
        id_ = str(id_)  # numeric ids are common in corpora; the API's id is a string
    document = {k: obj[k] for k in ("title", "text") if k in obj}
    if id_ is not None:
        document["id"] = id_
    if obj.get(published_field) is not None:
        document["published"] = obj[published_field]
    problem = check(document)
    if problem:
        return Item(n, id_ if isinstance(id_, str) else None, error=problem)
    published = document.get("published")
    # checked: an ISO 8601 date or date-time, whose first ten characters are the date it names
    day = date.fromisoformat(published[:10]) if published else None
    return Item(n, id_, text=obj["text"], published=day)


def error_record(item: Item, detail: str) -> dict[str, Any]:
    """The output line of a line that has no analysis: its id, its line number and why."""
    return {"id": item.id, "line": item.line, "error": detail}


def words(text: str | None) -> int:
    """Words as every throughput figure of the project counts them: whitespace-separated."""
    return len(text.split()) if text else 0
