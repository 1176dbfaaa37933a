"""Evaluation commands: ``python -m service.eval {quotes,stance,plover} PATH``."""
