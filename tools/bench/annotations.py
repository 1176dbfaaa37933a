"""Check that the service's pipeline annotates exactly as the model as shipped, given the same
sentence breaks at line ends (``service.nlp.paragraph_breaks``).

    python -m tools.bench.annotations ../shared/data/polnear/dev.jsonl [more.jsonl ...]

Runs every text (JSON Lines with a ``text`` field; the articles in seeds/ are always added) through
both pipelines and compares every token's POS, tag, dependency and head, morphology, lemma, norm,
entity and sentence start. Prints the count of documents that differ (and the first tokens that
do); exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG

from service.nlp import paragraph_breaks, pipeline

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
COLUMNS = [ORTH, POS, TAG, DEP, HEAD, MORPH, LEMMA, NORM, ENT_IOB, ENT_TYPE, SENT_START]
NAMES = [
    "orth",
    "pos",
    "tag",
    "dep",
    "head",
    "morph",
    "lemma",
    "norm",
    "ent_iob",
    "ent_type",
    "sent",
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.annotations", description=__doc__)
    p.add_argument("paths", nargs="*", help="JSON Lines files with a 'text' field")
    args = p.parse_args(argv)
    texts: list[str] = []
    for path in args.paths:
        with open(path, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    texts += [f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))]
    # the reference: the model as shipped, with the one component that is meant to change the
    # annotations (sentences end at line breaks); the components replaced for speed must not
    service, stock = pipeline.load(), pipeline.load(stock=True, fresh=True)
    paragraph_breaks.install(stock)
    differing = tokens = 0
    pairs = zip(service.pipe(texts, batch_size=8), stock.pipe(texts, batch_size=8), strict=True)
    for n, (a, b) in enumerate(pairs):
        x, y = a.to_array(COLUMNS), b.to_array(COLUMNS)
        tokens += len(a)
        if x.shape != y.shape:
            differing += 1
            print(f"document {n}: {len(a)} tokens against {len(b)}", file=sys.stderr)
        elif (x != y).any():
            differing += 1
            where = [(int(i), NAMES[int(j)]) for i, j in zip(*(x != y).nonzero(), strict=True)]
            print(f"document {n}: differs at (token, attribute) {where[:5]}", file=sys.stderr)
    print(f"{len(texts)} documents, {tokens:,} tokens: {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
