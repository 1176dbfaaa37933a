"""Fixtures of the engine's tests: the seed article's actor index (per test module, as linking
adds to it)."""

from __future__ import annotations

import pytest

from service.nlp.actors import find_actors
from service.nlp.context import DocContext


@pytest.fixture(scope="module")
def seed(nlp, seed_text):
    """(text, context, actor index, actors) of the seed article."""
    ctx = DocContext(nlp(seed_text))
    index = find_actors(ctx)
    return seed_text, ctx, index, index.finalize()
