"""The performance benchmark, ``python -m tools.bench``: see ``__main__`` for what it measures."""
