"""The performance benchmark, ``python -m service.bench``: see ``__main__`` for what it measures."""
