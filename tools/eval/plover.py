"""``python -m tools.eval plover [PATH]``: PLOVER verbal-event accuracy of the stance acts.

PATH is the PLOVER gold-standard file (``PLOVER_GSR_CAMEO.json``; by default
``/work/shared/data/plover/PLOVER_GSR_CAMEO.json``). Only records whose gold event is verbal are
scored: AGREE, CONSULT, SUPPORT, CONCEDE, REQUEST, ACCUSE, REJECT, THREATEN (the file's older names
DEMAND and DISAPPROVE are read as REQUEST and ACCUSE; INVESTIGATE, an action, is left out).

For each sentence the predicted event is the PLOVER event of the act of its main statement
(``sentence_act``), or, when that is a plain statement, of the most confident stance; the
accuracy of the stances alone is printed too. Source (target) accuracy: the source (target) actor
of the most confident stance carrying the predicted event (else of the most confident stance) has
a mention overlapping a gold source (target) actor text, over the records that have one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from service.lexicons import stance_acts
from service.nlp.stance.acts import clause_act

DEFAULT = Path("/work/shared/data/plover/PLOVER_GSR_CAMEO.json")
RENAME = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}
VERBAL = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
)


def gold_event(rec: dict[str, Any]) -> str | None:
    """The record's PLOVER event (old names mapped to new) when it is verbal, else None."""
    ev = RENAME.get(rec.get("event", ""), rec.get("event", ""))
    return ev if ev in VERBAL and rec.get("text") else None


def actor_spans(text: str, actors: Any) -> list[tuple[int, int]]:
    """Character spans of the gold actor texts in the sentence (every occurrence)."""
    out = []
    if not isinstance(actors, list):
        return out
    for a in actors:
        t = (a.get("actorText") or "").strip()
        i = text.find(t) if t else -1
        while i >= 0:
            out.append((i, i + len(t)))
            i = text.find(t, i + 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tools.eval plover", description=__doc__.split("\n")[0]
    )
    ap.add_argument("path", type=Path, nargs="?", default=DEFAULT)
    ap.add_argument("--errors", type=int, default=0, help="print N wrongly typed records")
    args = ap.parse_args(argv)

    from service.nlp import engine, pipeline

    recs = [r for r in json.loads(args.path.read_text(encoding="utf-8")) if gold_event(r)]
    nlp = pipeline.load()
    t0 = time.perf_counter()
    n = ok_stance = ok_any = 0
    src_n = src_ok = tgt_n = tgt_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    shown = 0
    for r, doc in zip(recs, nlp.pipe(r["text"] for r in recs), strict=True):
        gold = gold_event(r)
        analysis = engine.analyze_doc(doc)
        best = max(analysis.stances, key=lambda s: s.confidence, default=None)
        pred_stance = best.plover_event if best else None
        pred = sentence_act(doc).plover or pred_stance
        # the stance that carries the predicted event names its source and target best
        carrying = [s for s in analysis.stances if s.plover_event == pred]
        best = max(carrying, key=lambda s: s.confidence) if carrying else best
        n += 1
        ok_stance += pred_stance == gold
        ok_any += pred == gold
        confusion[(gold, pred or "-")] += 1
        mentions = {a.id: a.mentions for a in analysis.actors}

        def hit(aid, spans, mentions=mentions):
            return any(m.start < e and s < m.end for m in mentions.get(aid, ()) for s, e in spans)

        src, tgt = actor_spans(r["text"], r.get("source")), actor_spans(r["text"], r.get("target"))
        if src:
            src_n += 1
            src_ok += bool(best) and hit(best.source, src)
        if tgt:
            tgt_n += 1
            tgt_ok += bool(best) and hit(best.target, tgt)
        if pred != gold and shown < args.errors:
            shown += 1
            print(f"gold={gold} pred={pred} :: {r['text']}")
    elapsed = time.perf_counter() - t0
    print(f"verbal records {n}  ({elapsed:.1f}s)")
    print(f"event-type accuracy, stances only          {ok_stance / max(n, 1):.3f}")
    print(f"event-type accuracy, statement act first  {ok_any / max(n, 1):.3f}")
    print(f"source accuracy (records with a source)    {src_ok / max(src_n, 1):.3f}  of {src_n}")
    print(f"target accuracy (records with a target)    {tgt_ok / max(tgt_n, 1):.3f}  of {tgt_n}")
    print("gold -> predicted counts:")
    for (g, p), c in sorted(confusion.items()):
        print(f"  {g:9} -> {p:9} {c}")
    return 0


def sentence_act(doc: Doc) -> stance_acts.Act:
    """The act of a text's main statement: the act nearest its root, breadth first, so "officials
    agreed that their countries should cooperate" is ``agree_commit``."""
    lex = stance_acts.load()
    for sent in doc.sents:
        queue, seen = [sent.root], set()
        while queue:
            t = queue.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            act = clause_act(t)
            if act and act != "neutral_statement":
                return lex.acts[act]
            queue.extend(c for c in t.children if c.dep_ not in {"punct", "det"})
    return lex.acts["neutral_statement"]


if __name__ == "__main__":
    sys.exit(main())
