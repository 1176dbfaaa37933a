"""Dispatch ``python -m tools.eval <command> ...`` to the scorer modules."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "quotes": ("tools.eval.quotes", "PolNeAR attribution F1, speaker and cue accuracy"),
    "stance": ("tools.eval.stance", "DSE directed-sentiment 5-class macro-F1"),
    "plover": ("tools.eval.plover", "PLOVER verbal event-type, source and target accuracy"),
    "news": ("tools.eval.news", "hand-gold news: quotes, speakers and principal stances"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        print("usage: python -m tools.eval {quotes,stance,plover,news} [PATH] [options]\n")
        for name, (_, what) in COMMANDS.items():
            print(f"  {name:8} {what}")
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
