"""Confidence: an evidence score by rule, cue, speaker and marks, calibrated by a shipped table
that must be there."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    quotes_of,
)


def test_confidence_follows_evidence(nlp):
    strong = quotes_of(nlp, "“We will not back down,” Prime Minister Jones said.")[0]
    weak = quotes_of(nlp, "Some think that the plan will fail.")[0]
    assert strong.evidence.startswith("verb|core|named")
    assert strong.confidence > weak.confidence


@pytest.mark.parametrize(
    ("content", "error"),
    [(None, FileNotFoundError), ("{}", ValueError), ('{"cells": {}}', ValueError)],
)
def test_calibration_table_is_required(tmp_path, monkeypatch, content, error):
    from service.nlp.quotes import confidence as quotes

    table = tmp_path / "quote_confidence.json"
    if content is not None:
        table.write_text(content, encoding="utf-8")
    monkeypatch.setattr(quotes, "CALIBRATION_PATH", table)
    quotes._calibration.cache_clear()
    try:
        with pytest.raises(error):
            quotes._calibration()
    finally:
        quotes._calibration.cache_clear()  # the next caller reads the real table again
