"""Stance of each speaker toward each target, and the article-level relations between principals.

PLACEHOLDER: the stance helper replaces this.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from service.nlp.types import Actor, Quote, Relation, Stance, Target


def infer_stances(
    doc: Doc, actors: Sequence[Actor], quotes: Sequence[Quote], targets: Sequence[Target]
) -> tuple[list[Stance], list[Relation]]:
    by_id = {q.id: q for q in quotes}
    out: list[Stance] = []
    for t in targets:
        q = by_id[t.quote]
        if q.speaker and q.speaker != t.actor:
            out.append(
                Stance(
                    id=f"s{len(out) + 1}", source=q.speaker, target=t.actor, label="neutral",
                    act="neutral_statement", plover_event=None, plover_mode=None, cameo=None,
                    negated=False, quotes=(q.id,), confidence=0.3,
                )
            )
    return out, []
