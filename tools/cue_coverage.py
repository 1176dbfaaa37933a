"""Which PolNeAR cue words does the cue lexicon cover?

    .venv/bin/python -m tools.cue_coverage ../shared/data/polnear/train.jsonl [--top 40]

Counts the lemma of each gold cue's head word (first verb/noun of the cue span, spaCy lemmatizer)
and prints the share of attributions whose cue lemma is in ``service/lexicons/cues.yaml``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from service.lexicons.cues import load_cues
from service.nlp.pipeline import load


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)
    lex = load_cues()
    known = (
        lex.verbs | lex.nominal | {"according", "accord", ":"} | {p.split()[0] for p in lex.phrasal}
    )
    cues = []
    with open(args.path, encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            cues += [q["cue"]["text"] for q in art["quotes"] if q.get("cue")]
    nlp = load()
    lemmas: Counter[str] = Counter()
    by_text = {}
    for text, doc in zip(
        sorted(set(cues)),
        nlp.pipe(sorted(set(cues)), batch_size=256, disable=["ner", "parser"]),
        strict=True,
    ):
        heads = [t for t in doc if t.pos_ in {"VERB", "NOUN", "ADP"} or t.text == ":"] or list(doc)
        verbs = [t for t in heads if t.pos_ == "VERB"]
        by_text[text] = ((verbs or heads)[0].lemma_.lower()) if doc else ""
    for c in cues:
        lemmas[by_text[c]] += 1
    total = sum(lemmas.values())
    covered = sum(n for lem, n in lemmas.items() if lem in known)
    print(
        f"{total} gold cues, {len(lemmas)} lemmas; lexicon covers {covered} ({covered / total:.1%})"
    )
    print("| lemma | n | in lexicon |\n|---|---|---|")
    for lem, n in lemmas.most_common(args.top):
        print(f"| {lem} | {n} | {'yes' if lem in known else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
