"""Relations: the article-level stance of one principal (a country or organisation) toward
another, from the stances of the people and bodies that speak for each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from service.nlp.principals import ActorMap
from service.nlp.types import Relation, Stance


def relations(amap: ActorMap, stances: Sequence[Stance]) -> list[Relation]:
    """One relation per (source principal, target principal): the polar label with the larger
    summed confidence (neutral when none is polar or the two balance), its evidence and a
    confidence that grows with agreeing evidence."""
    groups: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for s in stances:
        ps, pt = amap.principal(s.source), amap.principal(s.target)
        if ps and pt and ps != pt:
            groups[(ps, pt)].append(s)
    out: list[Relation] = []
    for (ps, pt), group in groups.items():
        weight = defaultdict(float)
        for s in group:
            weight[s.label] += s.confidence
        crit, supp = weight["critical"], weight["supportive"]
        if max(crit, supp) == 0 or abs(crit - supp) < 0.25 * max(crit, supp):
            label = "neutral"
        else:
            label = "critical" if crit > supp else "supportive"
        chosen = [s for s in group if s.label == label] or group
        conf = 1.0
        for s in chosen:
            conf *= 1.0 - s.confidence
        quotes = tuple(dict.fromkeys(q for s in chosen for q in s.quotes))
        out.append(
            Relation(
                source=ps,
                target=pt,
                label=label,
                quotes=quotes,
                stances=tuple(s.id for s in chosen),
                confidence=round(1.0 - conf, 3),
            )
        )
    return out
