"""Linking: the speaker, channel and addressee mentions of each quote mapped to actors."""

from __future__ import annotations

from collections.abc import Sequence

from service.nlp.actors import ActorIndex
from service.nlp.context import DocContext
from service.nlp.types import LinkedQuote, Quote, RawQuote


def link_quotes(ctx: DocContext, index: ActorIndex, found: Sequence[RawQuote]) -> list[LinkedQuote]:
    """RETURNS the quotes with actor ids, numbered ``q1``, ``q2``… in text order.

    Linking may add actors (a speaker no rule found before, "the campaign") and mentions to
    ``index``: the quotes are linked in text order, so pronouns resolve against what precedes.
    """
    out: list[LinkedQuote] = []
    for n, raw in enumerate(found, start=1):
        speaker = index.link(ctx, raw.speaker) if raw.speaker else None
        via = index.link(ctx, raw.via) if raw.via else None
        links = {(s.start, s.end): index.link(ctx, s) for s in raw.addressees}
        quote = Quote(
            id=f"q{n}",
            text=ctx.text[raw.start : raw.end],
            start=raw.start,
            end=raw.end,
            fragments=raw.fragments,
            type=raw.type,
            speaker=speaker,
            speaker_mention=raw.speaker,
            cue=raw.cue,
            addressees=tuple(dict.fromkeys(a for a in links.values() if a)),
            via=via,
            confidence=raw.confidence,
        )
        out.append(LinkedQuote(quote, raw, {k: a for k, a in links.items() if a}))
    return out
