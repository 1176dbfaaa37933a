"""Train a small directed-sentiment text classifier on DSE train (experiment; see RESULTS).

    python -m tools.train.stance /work/shared/data/dse/dse_train.jsonl \
        /work/shared/data/dse/dse_valid.jsonl OUT_DIR [--epochs 5]

The two entities are marked with tokens ("< e1 > … < /e1 >", "< e2 > … < /e2 >"), and a
bag-of-n-grams exclusive classifier predicts the five DSE classes; it prints the valid macro-F1
after each epoch (for information only: the epoch count is fixed, not chosen on valid) and saves
the final model in OUT_DIR (about 3 MB; the service ships it as service/models/stance_textcat).
The data is read from the paths given, never copied.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import minibatch

from service.nlp.stance.classifier import marked_words
from tools.eval.stance import macro_f1

LABELS = ("0", "1", "2", "3", "4")


def load(nlp, path: Path) -> list[tuple[list[str], str]]:
    """(marked words, label) per record: the sentence tokenized as the service tokenizes it, the two
    entities wrapped in marker tokens by ``stance.marked_words``, exactly as at inference."""
    out = []
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        doc = nlp.make_doc(r["text"])
        s1 = doc.char_span(r["e1"]["start"], r["e1"]["end"], alignment_mode="expand")
        s2 = doc.char_span(r["e2"]["start"], r["e2"]["end"], alignment_mode="expand")
        if s1 is None or s2 is None or (s1.start < s2.end and s2.start < s1.end):
            continue  # overlapping entities cannot be marked
        words = marked_words([t.text for t in doc], (s1.start, s1.end), (s2.start, s2.end))
        out.append((words, str(r["label"])))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("valid", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--epochs", type=int, default=5)
    args = ap.parse_args(argv)
    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    train, valid = load(nlp, args.train), load(nlp, args.valid)
    model = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 3,
        "no_output_layer": False,
        "length": 131072,
    }
    tc = nlp.add_pipe("textcat", config={"model": model})
    for lab in LABELS:
        tc.add_label(lab)

    def examples(rows):
        return [
            Example.from_dict(
                Doc(nlp.vocab, words=w), {"cats": {lab: float(lab == y) for lab in LABELS}}
            )
            for w, y in rows
        ]

    ex_train = examples(train)
    opt = nlp.initialize(lambda: ex_train)
    for epoch in range(args.epochs):
        random.shuffle(ex_train)
        losses: dict = {}
        for batch in minibatch(ex_train, size=32):
            nlp.update(batch, sgd=opt, losses=losses, drop=0.2)
        gold = [int(y) for _, y in valid]
        docs = (Doc(nlp.vocab, words=w) for w, _ in valid)
        pred = [int(max(d.cats, key=d.cats.get)) for d in nlp.pipe(docs)]
        f1, per = macro_f1(gold, pred)
        print(
            f"epoch {epoch + 1} loss {losses['textcat']:.2f} valid macro-F1 {f1:.3f} "
            + " ".join(f"{v:.2f}" for v in per),
            flush=True,
        )
    nlp.to_disk(args.out)
    # The string store would list every token type of the (third-party) training text. TextCatBOW
    # features are hashes, so predictions do not need it: ship an empty store.
    (Path(args.out) / "vocab" / "strings.json").write_text("[]\n", encoding="utf-8")
    print(f"final valid macro-F1 {f1:.3f}; model in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
