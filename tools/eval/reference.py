"""The quote figures as the reference protocol counts them (``../shared/eval/README.md``), from
the API's answers: the repository's own command reports the same numbers as the reference scorer.

Where it differs from this package's own table (``tools.eval.quotes``): a prediction counts as
direct when its type is direct or mixed and it is matched or not nested in a matched gold
content, whatever its matched gold's marks; the end-to-end recall is over the gold quotes that have
a source; a speaker is right through its mention, any mention of its actor, or the actor's last
name in the gold source's words; the cue view counts gold quotes with a cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_MARKS = frozenset("\"\u201c\u201d\u2018\u2019'\u00ab\u00bb`")
_TRAIL = frozenset(",.:;")
JACCARD = 0.5


def _chars(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in spans:
        while s < e and (text[s].isspace() or text[s] in _MARKS):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _MARKS | _TRAIL):
            e -= 1
        out.update(range(s, e))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class _View:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    exact: int = 0


@dataclass
class Reference:
    """Counts over articles; ``figures()`` gives the reference scorer's numbers."""

    all: _View = field(default_factory=_View)
    direct: _View = field(default_factory=_View)
    # the direct view with ''…'' (the two-apostrophe double quote of NYT's archive) counted as
    # quotation marks, as a reader counts them; not a figure of the reference scorer
    direct_apostrophes: _View = field(default_factory=_View)
    speaker_n: int = 0
    speaker_strict: int = 0
    speaker_resolved: int = 0
    cue_n: int = 0
    cue_ok: int = 0
    gold_with_source: int = 0

    def add(self, article: dict[str, Any], answer: dict[str, Any]) -> None:
        text, gold = article["text"], article["quotes"]
        quotes = answer.get("quotes") or []
        actors = {a["id"]: a for a in answer.get("actors") or []}
        gsets = [_chars(text, [(c["start"], c["end"]) for c in q["contents"]]) for q in gold]
        psets = [_chars(text, _fragments(q)) for q in quotes]
        matched = _match(gsets, psets)  # gold index -> (pred index, jaccard)
        pred_matched = {j for j, _ in matched.values()}
        covered = set().union(*(gsets[i] for i in matched)) if matched else set()
        nested = sum(
            1
            for j, q in enumerate(quotes)
            if j not in pred_matched and (a := _anchor(q, psets[j])) and a <= covered
        )
        self.gold_with_source += sum(1 for q in gold if q["sources"])
        views = (
            (self.all, lambda q: True),
            (self.direct, _has_marks),
            (self.direct_apostrophes, lambda q: _has_marks(q) or _apostrophe_marks(text, q)),
        )
        for view, in_view in views:
            ids = [i for i, q in enumerate(gold) if in_view(q)]
            view.gold += len(ids)
            view.tp += sum(1 for i in ids if i in matched)
            view.exact += sum(1 for i in ids if i in matched and matched[i][1] == 1.0)
        self.all.pred += len(quotes) - nested
        direct_pred = sum(
            1
            for j, q in enumerate(quotes)
            if q.get("type") in {"direct", "mixed"}
            and (j in pred_matched or not psets[j] <= covered)
        )
        self.direct.pred += direct_pred
        self.direct_apostrophes.pred += direct_pred
        for i, (j, _) in matched.items():
            self._attribution(gold[i], quotes[j], actors)

    def _attribution(self, g: dict[str, Any], q: dict[str, Any], actors: dict) -> None:
        if g.get("cue"):
            self.cue_n += 1
            c = q.get("cue")
            self.cue_ok += bool(c) and _overlap(
                (c["start"], c["end"]), (g["cue"]["start"], g["cue"]["end"])
            )
        sources = [(s["start"], s["end"]) for s in g["sources"]]
        if not sources:
            return
        self.speaker_n += 1
        m = q.get("speaker_mention")
        strict = bool(m) and any(_overlap((m["start"], m["end"]), s) for s in sources)
        resolved = strict or _by_actor(actors.get(q.get("speaker")), g, sources)
        self.speaker_strict += strict
        self.speaker_resolved += resolved

    def figures(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, v in (
            ("all", self.all),
            ("direct", self.direct),
            ("direct_apostrophes", self.direct_apostrophes),
        ):
            p, r, f = _prf(v.tp, v.pred, v.gold)
            out[name] = {"P": p, "R": r, "F1": f}
        out["speaker_acc_strict"] = _ratio(self.speaker_strict, self.speaker_n)
        out["speaker_acc_resolved"] = _ratio(self.speaker_resolved, self.speaker_n)
        out["cue_acc"] = _ratio(self.cue_ok, self.cue_n)
        p, r, f = _prf(self.speaker_resolved, self.all.pred, self.gold_with_source)
        out["end_to_end"] = {"P": p, "R": r, "F1": f}
        return out


def _fragments(q: dict[str, Any]) -> list[tuple[int, int]]:
    frags = q.get("fragments")
    return [(f["start"], f["end"]) for f in frags] if frags else [(q["start"], q["end"])]


def _anchor(q: dict[str, Any], content: set[int]) -> set[int]:
    """What decides whether an unmatched prediction is nested: its cue, else its content."""
    cue = q.get("cue") or {}
    return set(range(cue["start"], cue["end"])) if cue.get("end") else content


def _has_marks(q: dict[str, Any]) -> bool:
    return bool(q.get("has_quote_marks"))


def _apostrophe_marks(text: str, q: dict[str, Any]) -> bool:
    """The gold content is in (or holds) ''…'' or ``…'': quotation marks of some archives."""
    if not q["contents"]:
        return False
    start = min(c["start"] for c in q["contents"])
    end = max(c["end"] for c in q["contents"])
    around = text[max(0, start - 2) : end + 2]
    return "''" in around or "``" in around


def _match(gsets: list[set[int]], psets: list[set[int]]) -> dict[int, tuple[int, float]]:
    """Greedy one-to-one matching, the best Jaccard first, at least ``JACCARD``."""
    pairs = sorted(
        (
            (len(g & p) / len(g | p), i, j)
            for i, g in enumerate(gsets)
            for j, p in enumerate(psets)
            if g and p and g & p
        ),
        reverse=True,
    )
    out: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for jac, i, j in pairs:
        if jac >= JACCARD and i not in out and j not in used:
            out[i] = (j, jac)
            used.add(j)
    return out


def _by_actor(actor: dict | None, g: dict[str, Any], sources: list[tuple[int, int]]) -> bool:
    """The speaker actor's mentions overlap a gold source, or its last name is a source word."""
    if not actor:
        return False
    if any(_overlap((m["start"], m["end"]), s) for m in actor.get("mentions", []) for s in sources):
        return True
    if not actor.get("name"):
        return False
    last = actor["name"].split()[-1].lower()
    words = " ".join(s["text"] for s in g["sources"]).lower().replace("\u2019s", "").split()
    return last in words


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def table(ref: Reference) -> list[str]:
    """The figures as Markdown rows."""
    f = ref.figures()
    rows = ["| reference protocol | P | R | F1 |", "|---|---|---|---|"]
    views = (
        ("all", "all attributions"),
        ("direct", "direct quotes"),
        ("direct_apostrophes", "direct quotes, ''…'' counted as quotation marks (not reference)"),
    )
    for name, label in views:
        rows.append(f"| {label} | {f[name]['P']:.3f} | {f[name]['R']:.3f} | {f[name]['F1']:.3f} |")
    e = f["end_to_end"]
    rows.append(f"| end-to-end (quote and speaker) | {e['P']:.3f} | {e['R']:.3f} | {e['F1']:.3f} |")
    rows.append(f"| speaker accuracy, resolved | | | {f['speaker_acc_resolved']:.3f} |")
    rows.append(f"| speaker accuracy, mention only | | | {f['speaker_acc_strict']:.3f} |")
    rows.append(f"| cue accuracy | | | {f['cue_acc']:.3f} |")
    return rows
