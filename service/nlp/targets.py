"""Targets of each statement: addressee, subject, beneficiary.

PLACEHOLDER: the stance helper replaces this.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from service.nlp.types import Actor, Quote, Target


def find_targets(
    doc: Doc, actors: Sequence[Actor], quotes: Sequence[Quote], raw_quotes: Sequence
) -> list[Target]:
    out: list[Target] = []
    for q, raw in zip(quotes, raw_quotes, strict=True):
        for aid, mention in zip(q.addressees, raw.addressees, strict=False):
            out.append(Target(quote=q.id, actor=aid, role="addressee", mention=mention))
    return out
