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
import json
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tools.eval.matching import (
    Counts,
    Item,
    calibration,
    engine_items,
    gold_items,
    metrics,
    positions,
    score_article,
)
from tools.eval.reference import Reference, table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


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
