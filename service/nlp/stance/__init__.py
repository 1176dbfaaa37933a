"""Stances: who is supportive of, critical of or neutral toward whom, and the relations between
principals that the stances add up to.

1. Each target of each quote is judged from the quote's cue and content (``quoted``, ``judge``).
2. Acts reported in the narrative add stances: "X slammed Y", "X's criticism of Y" (``reported``).
3. The classifier reads pairs of actors named in one sentence that the rules left open
   (``classifier``); its guesses are stances but never evidence of a relation.
4. One stance per (source, target, evidence): a polar reading beats a neutral one.
5. Stances add up to relations between principals (``relations``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.lexicons import stance_acts
from service.nlp.context import DocContext
from service.nlp.principals import Principals
from service.nlp.stance.classifier import classified_stances, load_classifier
from service.nlp.stance.finding import Finding
from service.nlp.stance.quoted import quote_stances
from service.nlp.stance.relations import relations
from service.nlp.stance.reported import reported_stances
from service.nlp.types import POLAR_LABELS, Quote, Relation, Stance, Target

__all__ = ["StanceResult", "infer_stances"]


@dataclass(frozen=True, slots=True)
class StanceResult:
    stances: tuple[Stance, ...]
    relations: tuple[Relation, ...]


def infer_stances(
    ctx: DocContext, principals: Principals, quotes: Sequence[Quote], targets: Sequence[Target]
) -> StanceResult:
    """RETURNS one stance per (source, target, evidence), and the relations between principals."""
    found = quote_stances(ctx, principals, quotes, targets)
    found += reported_stances(ctx, principals, quotes)
    clf = load_classifier()
    if clf is not None:
        # the classifier reads the pairs the rules leave open or only saw mentioned; where the
        # rules read an act (a polar one, a negated blame, a call for restraint), they decide
        judged = {frozenset((s.source, s.target)) for s in found if _decided(s)}
        found += classified_stances(ctx, principals.actors, clf, judged)
    stances = _merge(found)
    # relations rest on statements and explicit reported acts; a classifier guess alone does not
    # make two principals critical or supportive of each other
    evidence = [st for st, f in stances if not f.guess]
    return StanceResult(
        tuple(st for st, _ in stances), tuple(relations(principals.actors, evidence))
    )


def _merge(found: list[Finding]) -> list[tuple[Stance, Finding]]:
    """One stance per (source, target, evidence): a polar reading beats a neutral one."""
    best: dict[tuple, Finding] = {}
    for s in found:
        key = (s.source, s.target, s.quotes)
        old = best.get(key)
        if old is None or _rank(s) > _rank(old):
            best[key] = s
    acts = stance_acts.load().acts
    out: list[tuple[Stance, Finding]] = []
    for s in best.values():
        act = acts[s.act]
        st = Stance(
            id=f"s{len(out) + 1}",
            source=s.source,
            target=s.target,
            label=s.label,
            act=s.act,
            plover_event=act.plover,
            plover_mode=act.mode,
            cameo=act.cameo,
            negated=s.negated,
            quotes=s.quotes,
            confidence=s.confidence,
        )
        out.append((st, s))
    return out


def _decided(s: Finding) -> bool:
    return s.label in POLAR_LABELS or s.negated or s.act not in {"neutral_statement", "consult"}


def _rank(s: Finding) -> tuple[bool, float]:
    return (s.label in POLAR_LABELS and not s.negated, s.confidence)
