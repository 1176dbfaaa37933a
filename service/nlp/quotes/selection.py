"""Selection: the most confident candidate wins among those that say the same thing; the rest
become ``RawQuote`` results in text order."""

from __future__ import annotations

from service.nlp.quotemarks import Quoted
from service.nlp.quotes.candidates import Candidate, Range
from service.nlp.quotes.confidence import calibrated, confidence, evidence_key
from service.nlp.types import RawQuote, Span


def select(cands: list[Candidate], text: str, quoted: list[Quoted]) -> list[RawQuote]:
    """One quote per group of candidates whose contents overlap (Jaccard >= 0.6), the most
    confident first; the quotes in text order."""
    ranked = sorted(cands, key=lambda c: -confidence(c))
    kept: list[tuple[Candidate, int, int]] = []
    for c in ranked:
        lo, hi = min(s for s, _ in c.content), max(e for _, e in c.content)
        if any(
            k_lo < hi
            and lo < k_hi
            and jaccard(c.content, k.content) >= 0.6
            and not _nested(c, k)
            and not _nested(k, c)
            for k, k_lo, k_hi in kept
        ):
            continue
        kept.append((c, lo, hi))
    out = []
    for c in sorted((k[0] for k in kept), key=lambda c: min(c.content)):
        frags = tuple(Span.of(text, s, e) for s, e in _merge(c.content))
        evidence = evidence_key(c, text)
        out.append(
            RawQuote(
                fragments=frags,
                type=_type(frags, quoted),
                cue=c.cue,
                speaker=Span.of(text, *c.speaker) if c.speaker else None,
                addressees=tuple(dict.fromkeys(Span.of(text, *a) for a in c.addressees)),
                via=Span.of(text, *c.via) if c.via else None,
                confidence=calibrated(evidence, confidence(c)),
                kind=c.kind,
                evidence=evidence,
            )
        )
    return out


def _nested(inner: Candidate, outer: Candidate) -> bool:
    """The inner report is in the outer one's content: "X rejected Y's claim that …" holds Y's
    claim, "X said that Y “urged Z to …”" Y's urging, each a statement of its own (not so
    "“…,” Y said, as reported by X": X is the channel there, its cue after the words)."""
    cue = inner.cue
    reported = (
        inner.kind == "verb"
        and inner.has_quote
        and outer.cue is not None
        and outer.cue.end <= min(s for s, _ in inner.content)
    )
    return (
        (inner.kind == "nominal" or reported)
        and cue is not None
        and any(s <= cue.start and cue.end <= e for s, e in outer.content)
    )


def _merge(ranges: list[Range]) -> list[Range]:
    out: list[Range] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlap(a: list[Range], b: list[Range]) -> int:
    """Characters shared by two lists of disjoint, sorted ranges."""
    i = j = n = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        n += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return n


def jaccard(a: list[Range], b: list[Range]) -> float:
    a, b = _merge(a), _merge(b)
    inter = _overlap(a, b)
    union = sum(e - s for s, e in a) + sum(e - s for s, e in b) - inter
    return inter / union if union else 0.0


def _type(frags: tuple[Span, ...], quoted: list[Quoted]) -> str:
    """direct when ≥90% of the content's characters are inside quote marks, mixed if some are."""
    content = [(f.start, f.end) for f in frags]
    marks = _merge(
        [(q.start, q.end) for q in quoted if q.start < frags[-1].end and frags[0].start < q.end]
    )
    total = sum(e - s for s, e in content)
    inside = _overlap(content, marks)
    if total == 0 or inside == 0:
        return "indirect"
    return "direct" if inside >= 0.9 * total else "mixed"
