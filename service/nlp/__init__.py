"""The NLP layer: pure functions over a spaCy ``Doc``. Nothing here imports Flask."""
