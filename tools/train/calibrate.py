"""Build the quote-confidence table from PolNeAR train.

    .venv/bin/python -m tools.train.calibrate ../shared/data/polnear/train.jsonl [--limit N]

Runs ``extract_quotes`` on each article, matches its quotes one-to-one to the gold attributions
with the scorer's ``tools.eval.matching.match`` (character Jaccard >= 0.5 after stripping), and
counts, per evidence cell ``kind|cue class|speaker class|marks`` and each prefix of it, how many
predictions were matched. Predictions nested in a matched gold content are left out, as in the
scorer.
Writes ``service/lexicons/quote_confidence.json`` (counts only: no text from the corpus).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from service.nlp import pipeline, speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from service.nlp.quotes.confidence import CALIBRATION_PATH
from tools.eval.matching import Item, gold_items, match, positions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--docs", default=None, help="pre-parsed DocBin of the same articles")
    ap.add_argument("--out", default=str(CALIBRATION_PATH))
    args = ap.parse_args(argv)
    with open(args.path, encoding="utf-8") as fh:
        arts = [json.loads(line) for line in fh if line.strip()][: args.limit]
    nlp = pipeline.load()
    if args.docs:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(args.docs).get_docs(nlp.vocab))[: len(arts)]
    else:
        docs = nlp.pipe((a["text"] for a in arts), batch_size=8)
    hits: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for art, doc in zip(arts, docs, strict=False):
        gold = gold_items(art)
        quotes = extract_quotes(DocContext(doc), speakers.RULES)
        items = [
            Item(positions(art["text"], ((f.start, f.end) for f in q.fragments)), direct=False)
            for q in quotes
        ]
        p_used, nested = match(gold, items)
        for pi, q in enumerate(quotes):
            if pi in nested:
                continue
            ok = pi in p_used
            parts = q.evidence.split("|")
            for depth in range(1, len(parts) + 1):
                key = "|".join(parts[:depth])
                seen[key] += 1
                hits[key] += ok
    # one cell per line, so that a change of the table reads well in a diff
    lines = [f'  "{k}": [{hits[k]}, {seen[k]}]' for k in sorted(seen)]
    about = "per evidence cell: [matched, predicted] on PolNeAR train (tools.train.calibrate)"
    Path(args.out).write_text(
        f'{{\n "about": "{about}",\n "articles": {len(arts)},\n "cells": {{\n'
        + ",\n".join(lines)
        + "\n }\n}\n",
        encoding="utf-8",
    )
    n_pred = sum(seen[k] for k in seen if "|" not in k)
    print(f"{len(arts)} articles, {n_pred} predictions, {len(lines)} cells -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
