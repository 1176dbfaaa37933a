"""The engine's output as a fingerprint: the safety net for changes that must not change answers.

    python -m tools.golden write OUT.jsonl [CORPUS.jsonl ...]   # one line per text: id, digest
    python -m tools.golden check OUT.jsonl [CORPUS.jsonl ...]   # exit 1 where any answer differs

Every text (JSON Lines with ``text`` and ``id`` fields; the articles in seeds/ and, where
present, the news sets of ``../shared/data/news/{train,dev}/`` are always added) goes through
the service's pipeline, parse path (``service.nlp.parse``: long texts in slices) and engine, and
is dumped with the API's response schema, without the per-request meta. ``check`` compares
digests and prints the first differing documents with a diff of their answers.

``--drop FIELD`` (repeatable, dotted through lists: ``quotes.time``, ``published``) leaves a field
out of every answer before it is fingerprinted: a change that adds fields is checked against a
fingerprint written before it, which must then differ by nothing else.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NEWS = ROOT.parent / "shared" / "data" / "news"
NEWS_SETS = ("train", "dev")


def _texts(paths: list[str], samples: bool = True) -> Iterator[tuple[str, str]]:
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if line.strip():
                    row = json.loads(line)
                    yield f"{Path(path).name}:{row.get('id', n)}", row["text"]
    if not samples:
        return
    for f in sorted(SEEDS.glob("*.txt")):
        yield f"seeds:{f.name}", f.read_text(encoding="utf-8")
    for part in NEWS_SETS:
        for f in sorted((NEWS / part).glob("*.json")):
            yield f"news:{part}/{f.name}", json.loads(f.read_text(encoding="utf-8"))["text"]


def answers(
    paths: list[str], n_process: int = 2, samples: bool = True, drop: tuple[str, ...] = ()
) -> Iterator[tuple[str, str]]:
    """(id, canonical JSON of the answer) for every text, in input order.

    The texts take the service's own path, ``service.nlp.parse`` (texts over ``SLICE_CHARS`` in
    slices, groups by characters), in ``n_process`` forked processes.
    """
    from service.nlp import pipeline

    nlp = pipeline.load()
    pipeline.allow_length(nlp, 10**7)
    rows = list(_texts(paths, samples))
    chunks = [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
    work = [(chunk, drop) for chunk in chunks]
    if n_process <= 1:
        for item in work:
            yield from _answer_chunk(item)
        return
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        for done in pool.imap(_answer_chunk, work):
            yield from done


_CHUNK = 16


def _answer_chunk(work: tuple[list[tuple[str, str]], tuple[str, ...]]) -> list[tuple[str, str]]:
    from service import config
    from service.nlp import engine, parse, pipeline
    from service.web import schemas

    rows, drop = work
    nlp = pipeline.load()
    out = []
    docs = parse.parse(nlp, (t for _, t in rows), slice_chars=config.load()["SLICE_CHARS"])
    for (key, _), doc in zip(rows, docs, strict=True):
        body = schemas.dump_analysis(engine.analyze_doc(doc), doc_id=key, meta={})
        body.pop("meta", None)
        for path in drop:
            without(body, path.split("."))
        out.append((key, json.dumps(body, sort_keys=True, ensure_ascii=False)))
    return out


def without(node: object, path: list[str]) -> None:
    """Remove the field at ``path`` from ``node`` in place, through every item of a list."""
    if isinstance(node, list):
        for item in node:
            without(item, path)
    elif isinstance(node, dict) and path:
        if len(path) == 1:
            node.pop(path[0], None)
        elif path[0] in node:
            without(node[path[0]], path[1:])


def _digest(answer: str) -> str:
    return hashlib.sha256(answer.encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.golden", description=__doc__)
    p.add_argument("mode", choices=["write", "check"])
    p.add_argument("golden", help="the fingerprint file (JSON Lines)")
    p.add_argument("paths", nargs="*", help="JSON Lines corpora with 'id' and 'text'")
    p.add_argument("--n-process", type=int, default=2)
    p.add_argument("--full", action="store_true", help="write: keep the answers, not only digests")
    p.add_argument("--no-samples", action="store_true", help="leave out seeds/ and the news set")
    p.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="FIELD",
        help="leave a field out of every answer (dotted through lists: quotes.time); repeatable",
    )
    args = p.parse_args(argv)
    drop = tuple(args.drop)
    if args.mode == "write":
        n = 0
        with open(args.golden, "w", encoding="utf-8") as out:
            for key, answer in answers(args.paths, args.n_process, not args.no_samples, drop):
                row = {"id": key, "sha256": _digest(answer)}
                if args.full:
                    row["answer"] = json.loads(answer)
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
        print(f"{n} answers written to {args.golden}")
        return 0
    with open(args.golden, encoding="utf-8") as fh:
        gold = {r["id"]: r for r in map(json.loads, fh)}
    seen, differ = set(), []
    for key, answer in answers(args.paths, args.n_process, not args.no_samples, drop):
        seen.add(key)
        want = gold.get(key)
        if want is None or want["sha256"] != _digest(answer):
            differ.append(key)
            if len(differ) <= 3 and want is not None and "answer" in want:
                old = json.dumps(want["answer"], indent=1, sort_keys=True).splitlines()
                new = json.dumps(json.loads(answer), indent=1, sort_keys=True).splitlines()
                sys.stderr.write(
                    "\n".join(list(difflib.unified_diff(old, new, key, key, n=2))[:60])
                )
                sys.stderr.write("\n")
    missing = set(gold) - seen
    print(f"{len(seen)} documents: {len(differ)} differ, {len(missing)} of the fingerprint missing")
    for key in differ[:20]:
        print("  differs:", key)
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
