"""Train the attribution span tagger on PolNeAR train: CONTENT, CUE and SOURCE spans.

    python -m tools.train.quotes ../shared/data/polnear/train.jsonl OUT_DIR [--epochs 8]
    make train-quotes                 (writes service/models/attribution_spans, then the ranker)

Each article is parsed by the service's own pipeline, so that the tagger sees at training what it
sees in the service: the tokens, the part-of-speech tags and dependency labels of
en_core_web_sm, and each word's place to its cue and to quotation marks (read over the whole
article, as in the service) as features beside the word's form. The articles are cut into
paragraphs (the service's line breaks) and the gold spans of each attribution become entities;
spans that cross a paragraph or overlap a longer one are left out (the tagger is flat, like the
reference scorer).

A fixed tenth of the training articles (by a hash of the article id, never dev) is held out: the
epoch with the best held-out span F1 is kept, and ``tools.train.quote_ranker`` learns on the same
held-out articles which candidates to trust. Seeds are fixed; the data is read from the path
given and never copied. On 2 cores: about 1 minute to parse, under a minute an epoch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.vocab import Vocab

from service.nlp import pipeline
from service.nlp.quotes.learned import LABELS, WIDTH, tagger_config, tagger_doc, token_places

HOLDOUT_SHARE = 10  # percent of the training articles


def held_out(article_id: str) -> bool:
    """The article belongs to the held-out tenth (stable across runs and machines)."""
    h = int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16)
    return h % 100 < HOLDOUT_SHARE


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def gold_spans(doc: Doc, record: dict) -> list[Span]:
    """The attribution spans of ``record`` on ``doc``'s tokens, longest contents first, each token
    in at most one span."""
    wanted: list[tuple[int, str, int, int]] = []
    for q in record.get("quotes", []):
        for part, label in (
            ("contents", "CONTENT"),
            ("cue_fragments", "CUE"),
            ("sources", "SOURCE"),
        ):
            for s in q.get(part) or []:
                prio = ("CONTENT", "CUE", "SOURCE").index(label)
                wanted.append((prio, label, s["start"], s["end"]))
    taken: set[int] = set()
    out: list[Span] = []
    for _, label, start, end in sorted(wanted, key=lambda w: (w[0], w[2] - w[3])):
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is None:
            continue
        lo, hi = span.start, span.end
        while lo < hi and doc[lo].is_space:
            lo += 1
        while hi > lo and doc[hi - 1].is_space:
            hi -= 1
        if lo == hi:
            continue
        span = Span(doc, lo, hi, label=label)
        toks = set(range(span.start, span.end))
        if toks & taken:
            continue
        taken |= toks
        out.append(span)
    return sorted(out, key=lambda s: s.start)


def paragraphs(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges between line breaks."""
    start = 0
    for t in doc:
        if "\n" in t.text:
            if start < t.i:
                yield start, t.i
            start = t.i + 1
    if start < len(doc):
        yield start, len(doc)


def examples(vocab: Vocab, docs: list[Doc], records: list[dict]) -> list[Example]:
    """One example a paragraph that has any token: the parsed paragraph without entities as the
    prediction's input, the same tokens with the gold spans as the reference."""
    out = []
    for doc, rec in zip(docs, records, strict=True):
        spans = gold_spans(doc, rec)
        places = token_places(doc)
        for lo, hi in paragraphs(doc):
            para = tagger_doc(vocab, doc[lo:hi], places[lo:hi])
            ref = para.copy()
            ref.ents = [
                Span(ref, s.start - lo, s.end - lo, label=s.label_)
                for s in spans
                if lo <= s.start and s.end <= hi
            ]
            out.append(Example(para, ref))
    return out


def new_tagger(width: int = WIDTH, window: int = 1, hidden: int = 64) -> Language:
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config=tagger_config(width, window, hidden))
    for label in LABELS:
        ner.add_label(label)
    return nlp


def span_f1(nlp: Language, exs: list[Example]) -> dict[str, float]:
    scores = nlp.evaluate(exs)
    per = scores.get("ents_per_type") or {}
    return {
        "f1": round(scores["ents_f"], 4),
        **{k: round(v["f"], 4) for k, v in sorted(per.items())},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--batch-words", type=int, default=1500)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--width", type=int, default=WIDTH)
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=64)
    args = ap.parse_args(argv)
    random.seed(0)
    spacy.util.fix_random_seed(0)

    t0 = time.time()
    records = read(args.train)
    parser = pipeline.load()
    docs = list(parser.pipe((r["text"] for r in records), batch_size=8, n_process=args.n_process))
    hold = [held_out(r["id"]) for r in records]
    nlp = new_tagger(args.width, args.window, args.hidden)
    train_ex = examples(
        nlp.vocab,
        [d for d, h in zip(docs, hold, strict=True) if not h],
        [r for r, h in zip(records, hold, strict=True) if not h],
    )
    hold_ex = examples(
        nlp.vocab,
        [d for d, h in zip(docs, hold, strict=True) if h],
        [r for r, h in zip(records, hold, strict=True) if h],
    )
    print(
        f"parsed {len(docs)} articles in {time.time() - t0:.0f} s: "
        f"{len(train_ex)} training paragraphs, {len(hold_ex)} held out",
        file=sys.stderr,
    )

    opt = nlp.initialize(lambda: train_ex[:200])
    best = -1.0
    for epoch in range(args.epochs):
        t1 = time.time()
        random.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in _by_words(train_ex, args.batch_words):
            nlp.update(batch, sgd=opt, drop=args.dropout, losses=losses)
        with nlp.use_params(opt.averages):
            f = span_f1(nlp, hold_ex)
            if f["f1"] > best:
                best = f["f1"]
                nlp.to_disk(args.out)
        print(
            f"epoch {epoch + 1}: loss {losses.get('ner', 0.0):.0f}, held-out {f}, "
            f"{time.time() - t1:.0f} s",
            file=sys.stderr,
        )
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    meta = {"name": "attribution_spans", "held_out_f1": best, **settings}
    (args.out / "training.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"best held-out span F1 {best}; saved {args.out}", file=sys.stderr)
    return 0


def _by_words(exs: list[Example], words: int) -> Iterator[list[Example]]:
    batch: list[Example] = []
    n = 0
    for eg in exs:
        batch.append(eg)
        n += len(eg.reference)
        if n >= words:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


if __name__ == "__main__":
    sys.exit(main())
