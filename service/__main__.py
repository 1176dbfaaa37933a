"""``python -m service``: dispatches to the command line in ``service.cli``."""

from __future__ import annotations

import sys

from service.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
