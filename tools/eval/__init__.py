"""Evaluation commands: ``python -m tools.eval {quotes,stance,plover,news} PATH``."""
