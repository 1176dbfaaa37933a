"""News-attribution service: who said what about whom, and how."""

__version__ = "0.1.0"
