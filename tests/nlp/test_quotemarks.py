"""Quotation marks: the one scanner's two pairings (quotations per paragraph; runs of double
marks)."""

from __future__ import annotations

import pytest

from service.nlp.quotemarks import scan

SCAN = [
    ("He said “yes” and “no”.", ["“yes”", "“no”"]),
    ("“Outer ‘inner’ outer,” he said.", ["“Outer ‘inner’ outer,”"]),
    ("It’s Azerbaijan’s ‘view’ now.", ["‘view’"]),
    ('"a" and "b"', ['"a"', '"b"']),
    ("“one\n\n“two”", ["“one", "“two”"]),
    ("no marks at all", []),
    # a closing mark typed for the opening one, at the start of its line
    ("”Fear. I am afraid.” ― Edwin Monroy", ["”Fear. I am afraid.”"]),
    ("He said ”no” twice.", []),
]


@pytest.mark.parametrize(("text", "expected"), SCAN)
def test_quoted_spans(text, expected):
    assert [text[q.start : q.end] for q in scan(text).quoted] == expected


# the double marks paired left to right over the whole text (pronoun resolution reads them)
RUNS = [
    ('He said "a", “b” and «c».', ['"a"', "“b”", "«c»"]),
    ("“a “b” c”", ["“b”"]),  # an opening mark opens again; a closer with none open is nothing
    ("''word'' and \"x\"", ['"x"']),  # two apostrophes are no double mark here
    ("“one\n\ntwo”", ["“one\n\ntwo”"]),  # paragraphs do not stop a run
    ('unbalanced "open', []),
    ("” stray “ open", []),
    ("‘single’ marks", []),
]


@pytest.mark.parametrize(("text", "expected"), RUNS)
def test_runs_of_double_marks(text, expected):
    assert [text[s:e] for s, e in scan(text).runs] == expected
