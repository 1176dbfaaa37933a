"""``python -m tools.eval quotes PATH.jsonl``: attribution scores of the engine on PolNeAR.

Predicted quote contents are matched one-to-one to gold contents by character Jaccard >= 0.5
after stripping whitespace, quotation marks and trailing ``,.:;`` from every fragment of both.
Reported: P/R/F1 for all attributions and for gold contents with quotation marks (direct; a
prediction counts as direct when its type is direct or mixed); speaker accuracy on matched quotes
(the speaker mention, or any mention of the linked speaker actor, overlaps a gold source; a gold
attribution without source is right when nothing is predicted); cue accuracy (the cue overlaps the
gold cue); end-to-end F1 (quote and speaker both right). A prediction nested inside a matched gold
content is not counted in precision (PolNeAR is flat). The engine runs in full
(``engine.analyze_doc`` over ``nlp.pipe``).

The same answers are also scored by the reference protocol (``tools.eval.reference``), whose
figures are the product's measure: both tables are printed.

``--baseline textacy`` scores textacy's ``direct_quotations`` with the same scorer (optional extra:
``pip install -r requirements/baseline.in`` in a separate venv).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from tools.eval.reference import Reference, table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


_MARKS = "\"'“”‘’«»„‹›`"
_TRAIL = ",.:;"
JACCARD_MIN = 0.5
NESTED_MIN = 0.9  # share of a prediction's characters inside a matched gold content


@dataclass(frozen=True, slots=True)
class Item:
    """One attribution, gold or predicted, reduced to what the scorer compares."""

    content: frozenset[int]  # stripped character positions
    direct: bool
    speaker: tuple[tuple[int, int], ...] = ()  # mention ranges (gold: sources)
    cue: tuple[tuple[int, int], ...] = ()
    has_speaker: bool = True
    confidence: float = 1.0


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    gold_direct: int = 0
    pred_direct: int = 0
    matched_gold_direct: int = 0
    matched_pred_direct: int = 0
    speaker_ok: int = 0
    cue_ok: int = 0
    nested: int = 0
    calib: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this one (every counter, and the calibration samples)."""
        for f in fields(self):
            if f.name != "calib":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        self.calib.extend(other.calib)


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, quotation marks and trailing ``,.:;``."""
    while start < end and (text[start].isspace() or text[start] in _MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS + _TRAIL):
        end -= 1
    return start, end


def positions(text: str, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for s, e in ranges:
        s, e = strip_range(text, s, e)
        out.update(range(s, e))
    return frozenset(out)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match(gold: Sequence[Item], pred: Sequence[Item]) -> tuple[dict[int, int], set[int]]:
    """RETURNS the one-to-one matches (prediction index -> gold index, greedy by Jaccard >=
    ``JACCARD_MIN``) and the unmatched predictions nested inside a matched gold content."""
    pairs = sorted(
        (
            (jaccard(g.content, p.content), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(pred)
            if g.content and p.content
        ),
        reverse=True,
    )
    g_used: set[int] = set()
    p_used: dict[int, int] = {}
    for j, gi, pi in pairs:
        if j < JACCARD_MIN:
            break
        if gi not in g_used and pi not in p_used:
            g_used.add(gi)
            p_used[pi] = gi
    nested = {
        pi
        for pi, p in enumerate(pred)
        if pi not in p_used
        and p.content
        and any(len(p.content & gold[gi].content) >= NESTED_MIN * len(p.content) for gi in g_used)
    }
    return p_used, nested


def score_article(gold: list[Item], pred: list[Item]) -> Counts:
    """Match ``pred`` to ``gold`` one-to-one (greedy by Jaccard) and count."""
    c = Counts(gold=len(gold), gold_direct=sum(g.direct for g in gold))
    p_used, nested = match(gold, pred)
    for pi, p in enumerate(pred):
        if pi in p_used:
            continue
        if pi in nested:
            c.nested += 1
            continue
        c.pred += 1
        c.pred_direct += p.direct
        c.calib.append((p.confidence, False))
    for pi, gi in p_used.items():
        p, g = pred[pi], gold[gi]
        c.pred += 1
        c.matched += 1
        c.pred_direct += p.direct
        c.matched_gold_direct += g.direct
        c.matched_pred_direct += p.direct
        c.calib.append((p.confidence, True))
        if g.has_speaker:
            c.speaker_ok += _overlaps(p.speaker, g.speaker)
        else:
            c.speaker_ok += not p.has_speaker
        c.cue_ok += _overlaps(p.cue, g.cue) if g.cue else not p.cue
    return c


def gold_items(article: dict[str, Any]) -> list[Item]:
    """The gold attributions of one PolNeAR article."""
    text = article["text"]
    out = []
    for q in article["quotes"]:
        cue = q.get("cue_fragments") or ([q["cue"]] if q.get("cue") else [])
        out.append(
            Item(
                content=positions(text, ((c["start"], c["end"]) for c in q["contents"])),
                direct=bool(q["has_quote_marks"]),
                speaker=tuple((s["start"], s["end"]) for s in q["sources"]),
                cue=tuple((x["start"], x["end"]) for x in cue),
                has_speaker=bool(q["sources"]),
            )
        )
    return out


def engine_items(text: str, answer: dict) -> list[Item]:
    """Predictions from one ``/v1/analyze`` answer (JSON); a speaker matches through its mention or
    any mention of its actor."""
    mentions = {
        a["id"]: tuple((m["start"], m["end"]) for m in a["mentions"]) for a in answer["actors"]
    }
    out = []
    for q in answer["quotes"]:
        spk: tuple[tuple[int, int], ...] = ()
        if q["speaker_mention"] is not None:
            spk += ((q["speaker_mention"]["start"], q["speaker_mention"]["end"]),)
        if q["speaker"]:
            spk += mentions.get(q["speaker"], ())
        cue = q["cue"]
        out.append(
            Item(
                content=positions(text, ((f["start"], f["end"]) for f in q["fragments"])),
                direct=q["type"] in {"direct", "mixed"},
                speaker=spk,
                cue=((cue["start"], cue["end"]),) if cue else (),
                has_speaker=bool(spk),
                confidence=q["confidence"],
            )
        )
    return out


def service_answers(url: str, texts: list[str], batch_docs: int = 8) -> list[dict]:
    """The running service's answers for ``texts``, through ``POST /v1/analyze/batch``."""
    import urllib.request

    answers: list[dict] = []
    for i in range(0, len(texts), batch_docs):
        docs = [{"id": str(i + k), "text": t} for k, t in enumerate(texts[i : i + batch_docs])]
        req = urllib.request.Request(
            url.rstrip("/") + "/v1/analyze/batch",
            data=json.dumps({"documents": docs}).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=600) as resp:
            results = json.load(resp)["results"]
        for doc, result in zip(docs, results, strict=True):
            if "quotes" not in result:  # a per-item problem: score it as no predictions
                print(f"article {doc['id']}: {result.get('title')}", file=sys.stderr)
                result = {"actors": [], "quotes": [], "problem": result}
            answers.append(result)
    return answers


def textacy_items(text: str, doc: Doc) -> list[Item]:
    """textacy's ``direct_quotations`` as items, for the side-by-side baseline."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy refuses articles with an odd number of quotation marks
        triples = []
    for dq in triples:
        spk = tuple((t.idx, t.idx + len(t)) for t in dq.speaker)
        out.append(
            Item(
                content=positions(text, [(dq.content.start_char, dq.content.end_char)]),
                direct=True,
                speaker=spk,
                cue=tuple((t.idx, t.idx + len(t)) for t in dq.cue),
                has_speaker=bool(spk),
            )
        )
    return out


def _prf(tp_p: int, pred: int, tp_r: int, gold: int) -> tuple[float, float, float]:
    p = tp_p / pred if pred else 0.0
    r = tp_r / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def metrics(c: Counts) -> dict[str, float]:
    p, r, f = _prf(c.matched, c.pred, c.matched, c.gold)
    dp, dr, df = _prf(c.matched_pred_direct, c.pred_direct, c.matched_gold_direct, c.gold_direct)
    ep, er, ef = _prf(c.speaker_ok, c.pred, c.speaker_ok, c.gold)
    return {
        "all_p": p,
        "all_r": r,
        "all_f1": f,
        "direct_p": dp,
        "direct_r": dr,
        "direct_f1": df,
        "speaker_acc": c.speaker_ok / c.matched if c.matched else 0.0,
        "cue_acc": c.cue_ok / c.matched if c.matched else 0.0,
        "e2e_p": ep,
        "e2e_r": er,
        "e2e_f1": ef,
    }


def calibration(
    c: Counts, edges: Sequence[float] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
) -> list[tuple[float, float, int, float]]:
    """(bin low, bin high, n, precision) of predictions by confidence."""
    rows = []
    bounds = [*list(edges), 1.01]
    for lo, hi in itertools.pairwise(bounds):
        hits = [ok for conf, ok in c.calib if lo <= conf < hi]
        if hits:
            rows.append((lo, min(hi, 1.0), len(hits), sum(hits) / len(hits)))
    return rows


def print_table(results: dict[str, Counts], out: Callable[[str], Any] = print) -> None:
    """The metrics of each scored system side by side, as a Markdown table."""
    names = list(results)
    rows = [
        ("all attributions P", "all_p"),
        ("all attributions R", "all_r"),
        ("all attributions F1", "all_f1"),
        ("direct quotes P", "direct_p"),
        ("direct quotes R", "direct_r"),
        ("direct quotes F1", "direct_f1"),
        ("speaker accuracy (matched)", "speaker_acc"),
        ("cue accuracy (matched)", "cue_acc"),
        ("end-to-end P", "e2e_p"),
        ("end-to-end R", "e2e_r"),
        ("end-to-end F1", "e2e_f1"),
    ]
    ms = {n: metrics(results[n]) for n in names}
    out(f"| {'metric':28} | " + " | ".join(f"{n:>8}" for n in names) + " |")
    out(f"|{'-' * 30}|" + "|".join("-" * 10 for _ in names) + "|")
    for label, key in rows:
        out(f"| {label:28} | " + " | ".join(f"{ms[n][key]:8.3f}" for n in names) + " |")
    for n in names:
        c = results[n]
        out(
            f"{n}: gold {c.gold} (direct {c.gold_direct}), predicted {c.pred} "
            f"(+{c.nested} nested in matched gold, not counted), matched {c.matched}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tools.eval quotes", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "path",
        nargs="+",
        help="PolNeAR JSON Lines (text, quotes[]); several give a table each (dev, then train: "
        "the learned parts were fitted on train, so the gap shows overfitting)",
    )
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--baseline", choices=["textacy"], default=None)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument(
        "--url",
        default=None,
        help="score a running service (e.g. http://127.0.0.1:8080), not the in-process engine",
    )
    ap.add_argument(
        "--docs", default=None, help="pre-parsed DocBin of the first corpus (dev speed-up)"
    )
    ap.add_argument(
        "--dump",
        default=None,
        help="also write the first corpus's answers as the reference scorer reads them",
    )
    args = ap.parse_args(argv)

    from service.nlp import pipeline

    nlp = pipeline.load()
    use_textacy = False
    if args.baseline == "textacy":
        try:
            import textacy.extract.triples  # noqa: F401

            use_textacy = True
        except ImportError:
            print(
                "textacy not installed (pip install -r requirements/baseline.in); baseline skipped"
            )
    for n, path in enumerate(args.path):
        if n:
            print()
        docs_path = args.docs if n == 0 else None
        dump_path = args.dump if n == 0 else None
        _score(args, path, nlp, use_textacy, docs_path, dump_path)
    return 0


def _dump(path: str, articles: list[dict], answers: list[dict]) -> None:
    """The answers as the reference scorer reads them, one article a line."""
    with open(path, "w", encoding="utf-8") as fh:
        for art, answer in zip(articles, answers, strict=True):
            # an article the service failed goes to the reference scorer as failed, not as empty
            status = int(answer["problem"].get("status", 500)) if "problem" in answer else 200
            line = {"id": art.get("id"), "status": status, "response": answer}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def _score(
    args: argparse.Namespace,
    path: str,
    nlp: Language,
    use_textacy: bool,
    docs_path: str | None,
    dump_path: str | None,
) -> None:
    """Score one corpus and print its tables."""
    from service.nlp import engine, speakers
    from service.nlp import quotes as quotes_mod
    from service.nlp.context import DocContext
    from service.web.schemas import dump_analysis

    articles = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                articles.append(json.loads(line))
            if args.limit and len(articles) >= args.limit:
                break
    texts = [a["text"] for a in articles]
    reference = Reference()
    if args.url:
        counts = Counts()
        answers = service_answers(args.url, texts)
        for art, answer in zip(articles, answers, strict=True):
            counts.add(score_article(gold_items(art), engine_items(art["text"], answer)))
            reference.add(art, answer)
        if dump_path:
            _dump(dump_path, articles, answers)
        print(f"{len(articles)} articles from {path}, through {args.url}")
        print_table({"service": counts})
        print("\n" + "\n".join(table(reference)))
        return
    t0 = time.perf_counter()
    if docs_path:
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(docs_path).get_docs(nlp.vocab))[: len(texts)]
    else:
        docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    t_parse = time.perf_counter() - t0
    results = {"engine": Counts()}
    if use_textacy:
        results["textacy"] = Counts()
    t_engine = t_quotes = 0.0
    answers = []
    for art, doc in zip(articles, docs, strict=True):
        gold = gold_items(art)
        t1 = time.perf_counter()
        analysis = engine.analyze_doc(doc)
        t_engine += time.perf_counter() - t1
        t1 = time.perf_counter()
        # timed alone: the quote step's share of the engine
        quotes_mod.extract_quotes(DocContext(doc), speakers.RULES)
        t_quotes += time.perf_counter() - t1
        answer = dump_analysis(analysis, doc_id=None, meta={})
        results["engine"].add(score_article(gold, engine_items(art["text"], answer)))
        reference.add(art, answer)
        answers.append(answer)
        if use_textacy:
            results["textacy"].add(score_article(gold, textacy_items(art["text"], doc)))
    if dump_path:
        _dump(dump_path, articles, answers)
    print(f"{len(articles)} articles from {path}")
    print_table(results)
    print("\n" + "\n".join(table(reference)))
    print("\nconfidence calibration (engine; precision of counted predictions per bin):")
    print("| confidence | n | precision |")
    print("|---|---|---|")
    for lo, hi, n, prec in calibration(results["engine"]):
        print(f"| {lo:.1f}–{hi:.1f} | {n} | {prec:.3f} |")
    if not docs_path:
        print(
            f"\ntime: parse {t_parse:.1f}s, engine {t_engine:.2f}s "
            f"({100 * t_engine / t_parse:.1f}% of parse), of which quotes {t_quotes:.2f}s "
            f"({100 * t_quotes / t_parse:.1f}% of parse)"
        )
    else:
        print(
            f"\ntime: engine {t_engine:.2f}s, quotes {t_quotes:.2f}s (parse not measured: --docs)"
        )
