"""A small corpus of answers as the corpus mode writes them, made up for the dyad tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


def actor(aid: str, name: str, type_: str, country: str | None = None, aff: str | None = None):
    return {
        "id": aid,
        "name": name,
        "type": type_,
        "country": country,
        "affiliation": aff,
        "titles": [],
        "mentions": [],
        "members": [],
    }


# France and Russia by name; Russia's ministry and its minister count under Russia (the article
# names it); a person who speaks for no one; a news agency, which counts under none
ACTORS = [
    actor("a1", "France", "country", "FR"),
    actor("a2", "Russia", "country", "RU"),
    actor("a3", "Russian Foreign Ministry", "organization", "RU", "a2"),
    actor("a4", "Sergei Lavrov", "person", "RU", "a3"),
    actor("a5", "Mr. Jan B. Novak", "person"),
    actor("a6", "Reuters", "organization"),
    actor("a7", "the Ruritanian Party", "group"),
]


def quote(qid: str, text: str, day: str | None, source: str = "text") -> dict[str, Any]:
    time = (
        None if day is None else {"date": day, "precision": "day", "source": source, "span": None}
    )
    return {"id": qid, "text": text, "time": time}


def stance(sid: str, source: str, target: str, label: str, quotes: list[str]) -> dict[str, Any]:
    return {
        "id": sid,
        "source": source,
        "target": target,
        "label": label,
        "act": "x",
        "quotes": quotes,
    }


def answer(aid: str, published: str | None, quotes: list, stances: list) -> dict[str, Any]:
    return {
        "id": aid,
        "published": published,
        "meta": {},
        "author": None,
        "actors": ACTORS,
        "quotes": quotes,
        "targets": [],
        "stances": stances,
        "relations": [],
    }


ANSWERS = [
    # week of 2016-01-04: France critical of Russia twice, Lavrov (→ RU) critical of France
    answer(
        "art-1",
        "2016-01-06",
        [quote("q1", "Russia must stop", "2016-01-04"), quote("q2", "France lies", "2016-01-05")],
        [
            stance("s1", "a1", "a2", "critical", ["q1"]),
            stance("s2", "a1", "a3", "critical", []),  # a reported act: the article's date
            stance("s3", "a4", "a1", "critical", ["q2"]),
        ],
    ),
    # the week after (a Sunday statement in an article of Monday 11 January goes to the 4th's)
    answer(
        "art-2",
        "2016-01-11",
        [
            quote("q1", "We back France", "2016-01-10"),
            quote("q2", "A fine plan", "2016-01-11", "published"),
            quote("q3", "Said in 2008", None),
        ],
        [
            stance("s1", "a2", "a1", "supportive", ["q1"]),
            stance("s2", "a5", "a7", "neutral", ["q2"]),
            stance("s3", "a6", "a1", "neutral", ["q2"]),
            stance("s4", "a1", "a2", "supportive", ["q3"]),  # its quote has no time: undated
        ],
    ),
    # no date at all; the same person under another form of his name
    answer(
        "art-3",
        None,
        [quote("q1", "No", None)],
        [stance("s1", "a5", "a1", "critical", ["q1"]), stance("s2", "a1", "a2", "critical", [])],
    ),
]
ERROR = {"id": "bad", "line": 4, "error": "text: the text is in French (fr)"}
STANCES = sum(len(a["stances"]) for a in ANSWERS)


def write_corpus(directory: Path) -> list[str]:
    """Two part files, one of them compressed, with an error record among the answers."""
    directory.mkdir(parents=True, exist_ok=True)
    first, second = directory / "part-00000.jsonl", directory / "part-00001.jsonl.gz"
    first.write_text(
        "".join(json.dumps(r) + "\n" for r in [ANSWERS[0], ERROR, ANSWERS[1]]), encoding="utf-8"
    )
    with gzip.open(second, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(ANSWERS[2]) + "\n")
    return [str(first), str(second)]
