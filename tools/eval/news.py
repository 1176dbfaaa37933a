"""``python -m tools.eval news DIR``: quotes, speakers and principal stances on hand-gold news.

Each ``*.json`` of DIR holds an article's text and its gold (see the folder's README). Reported,
as the reference protocol counts them:

- ``quote_recall``: gold quotes matched by a predicted quote (character Jaccard >= 0.5 of the
  raw ranges, the best match);
- ``quote_with_speaker``: matched with the right speaker (the speaker actor's name or a mention
  contains the gold speaker's last word, or equals the speaker or an alias), over all gold quotes;
- ``stance_pair_acc``: gold principal pairs whose label the answer gives (its ``relations``, else
  the confidence-weighted majority of its ``stances``), a missing pair counting as wrong;
- ``unexpected_polar_per_article``: critical or supportive pairs the gold does not have.

An actor counts under the root of its affiliation chain, named as the gold names principals: a
gold principal it matches by name, acronym or alias, else its ISO country code, else its name.
The engine runs in process, or ``--url`` sends the texts to a running service.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ArticleScore:
    quotes: int = 0
    found: int = 0
    speaker_ok: int = 0
    pairs: int = 0
    pairs_ok: int = 0
    rows: list[str] = field(default_factory=list)
    unexpected_polar_pairs: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # gold quotes not found or with a wrong speaker


class Principals:
    """Names an answer's actors the way the gold names principals."""

    def __init__(self, gold: dict[str, Any], answer: dict[str, Any]) -> None:
        self._gold_actors = gold.get("actors", [])
        self._actors = {a["id"]: a for a in answer.get("actors", [])}

    def _root(self, aid: str) -> dict[str, Any]:
        seen: set[str] = set()
        actor = self._actors.get(aid)
        while actor and actor.get("affiliation") and actor["affiliation"] not in seen:
            seen.add(actor["id"])
            parent = self._actors.get(actor["affiliation"])
            if parent is None:
                break
            actor = parent
        return actor or {}

    def key(self, aid: str | None) -> str | None:
        root = self._root(aid) if aid else {}
        name = (root.get("name") or "").strip()
        keys = {name.upper()} if name else set()
        if root.get("country"):
            keys.add(root["country"].upper())
        capitals = [w for w in name.replace("-", " ").split() if w[:1].isupper()]
        if len(capitals) > 1:
            keys.add("".join(w[0] for w in capitals).upper())
        for ga in self._gold_actors:
            if ga["principal"].upper() in keys:
                return ga["principal"].upper()
        for ga in self._gold_actors:
            if len(ga["principal"]) == 2 and not ga.get("aliases"):
                continue  # a person or body under a country: the chain must reach it
            names = {ga["name"].upper(), ga["principal"].upper()}
            names |= {x.upper() for x in ga.get("aliases", [])}
            if keys & names or any(n in name.upper() for n in names if len(n) > 3):
                return ga["principal"].upper()
        if root.get("country"):
            return root["country"].upper()
        return name.upper() or None


def score_article(gold: dict[str, Any], answer: dict[str, Any]) -> ArticleScore:
    text = gold["text"]
    out = ArticleScore(quotes=len(gold["quotes"]), pairs=len(gold["stances"]))
    actors = {a["id"]: a for a in answer.get("actors", [])}
    for gq in gold["quotes"]:
        quote = _best_match(text, gq["content"], answer.get("quotes", []))
        said = f"{gq['speaker']}: {gq['content'][:90]!r}"
        if quote is None:
            out.misses.append(f"not found, {said}")
            continue
        out.found += 1
        actor = actors.get(quote.get("speaker")) or {}
        if _speaker_right(gq, actor):
            out.speaker_ok += 1
        else:
            out.misses.append(f"speaker {actor.get('name')!r}, {said}")
    principals = Principals(gold, answer)
    votes: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for st in answer.get("relations") or answer.get("stances", []):
        source, target = principals.key(st.get("source")), principals.key(st.get("target"))
        if source and target and source != target:
            votes[(source, target)].append((st.get("label"), st.get("confidence") or 1.0))
    for g in gold["stances"]:
        pair = (g["source"].upper(), g["target"].upper())
        labels = [label for label, _ in votes.get(pair, [])]
        top = _weighted_top(votes.get(pair, []))
        out.pairs_ok += top == g["label"]
        out.rows.append(f"{g['source']}->{g['target']}: want {g['label']}, got {top} {labels}")
    gold_pairs = {(g["source"].upper(), g["target"].upper()) for g in gold["stances"]}
    for pair, vs in votes.items():
        if pair not in gold_pairs and any(label != "neutral" for label, _ in vs):
            out.unexpected_polar_pairs.append(f"{pair[0]}->{pair[1]}: {[lb for lb, _ in vs]}")
    return out


def _best_match(text: str, content: str, quotes: list[dict[str, Any]]) -> dict[str, Any] | None:
    start = text.find(content)
    end = start + len(content)
    best, best_j = None, 0.0
    for q in quotes:
        inter = max(0, min(end, q["end"]) - max(start, q["start"]))
        union = max(end, q["end"]) - min(start, q["start"])
        j = inter / union if union else 0.0
        if j >= 0.5 and (best is None or j > best_j):
            best, best_j = q, j
    return best


def _speaker_right(gq: dict[str, Any], actor: dict[str, Any]) -> bool:
    names = [actor.get("name", "")] + [m["text"] for m in actor.get("mentions", [])]
    wanted = [gq["speaker"], *gq.get("speaker_aliases", [])]
    last = gq["speaker"].split()[-1].lower()
    return any(last in n.lower() for n in names) or any(
        w.lower() == n.lower() for w in wanted for n in names
    )


def _weighted_top(votes: list[tuple[str, float]]) -> str | None:
    """The label with the largest summed confidence; ties go to the first label by name."""
    weight: dict[str, float] = defaultdict(float)
    for label, conf in votes:
        weight[label] += conf
    return max(sorted(weight), key=weight.get) if weight else None


def totals(scores: dict[str, ArticleScore]) -> dict[str, Any]:
    t = {"articles": len(scores)}
    for k in ("quotes", "found", "speaker_ok", "pairs", "pairs_ok"):
        t[k] = sum(getattr(s, k) for s in scores.values())
    t["unexpected_polar"] = sum(len(s.unexpected_polar_pairs) for s in scores.values())
    q = t["quotes"] or 1
    return {
        **t,
        "quote_recall": round(t["found"] / q, 3),
        "quote_with_speaker": round(t["speaker_ok"] / q, 3),
        "stance_pair_acc": round(t["pairs_ok"] / (t["pairs"] or 1), 3),
        "unexpected_polar_per_article": round(t["unexpected_polar"] / (len(scores) or 1), 2),
    }


def answers(texts: list[str], url: str | None) -> list[dict[str, Any]]:
    """The API's answer for every text: from the service at ``url``, else from the engine."""
    if url:
        from tools.eval.quotes import service_answers

        return service_answers(url, texts)
    from service.nlp import engine, pipeline
    from service.web.schemas import dump_analysis

    nlp = pipeline.load()
    return [
        dump_analysis(engine.analyze_doc(doc), doc_id=None, meta={})
        for doc in nlp.pipe(texts, batch_size=8)
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tools.eval news", description=__doc__.split("\n")[0]
    )
    ap.add_argument("dir", type=Path, help="folder of hand-gold articles (*.json)")
    ap.add_argument("--url", help="score a running service instead of the engine in process")
    ap.add_argument("--per-article", action="store_true", help="rows and misses per article")
    args = ap.parse_args(argv)
    files = sorted(args.dir.glob("*.json"))
    if not files:
        print(f"no *.json in {args.dir}", file=sys.stderr)
        return 2
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    got = answers([g["text"] for g in golds], args.url)
    scores = {f.name: score_article(g, a) for f, g, a in zip(files, golds, got, strict=True)}
    out = totals(scores)
    if args.per_article:
        out["per_article"] = {k: vars(v) for k, v in scores.items()}
    print(json.dumps(out, indent=1 if args.per_article else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
