"""Quotes: direct, indirect and mixed quotes with cue, speaker mention and addressees.

Rules over the dependency parse plus a character-level scan of quotation marks
(``service.nlp.quotemarks``), with the cue words of ``service/lexicons/cues.yaml``:

1. Cues propose candidates: nominal cues ("the ministry's statement that …"), verb cues ("X
   said that …", "X urged Y to …"), headline colons and "according to" (``verbs``, ``nominal``),
   each with a content, a speaker mention (``speakers``) and addressees.
2. Candidates whose cue lies inside someone else's quotation are dropped; a reporting clause that
   only relays another quote ("X urged …, the ministry said") becomes its channel (``relays``).
3. Contents grow to whole quotations, and quotations without a cue are attached to a reporting
   verb, to the previous quote or to the previous speaker (``attach``).
4. "In a call with X, …" adds X as an addressee (``relays.frames``).
5. A learned tagger marks contents, cues and sources; its contents that no rule found are added
   (``learned``, ``tagged``) and a learned ranker drops the unlikely ones (``ranker``); rule
   contents the tagger reads on past their end grow to its end.
6. Overlapping candidates are resolved by confidence (``selection``, ``confidence``).

Speakers stay mentions (pronouns included); the engine links them to actors.
"""

from __future__ import annotations

from service.lexicons.cues import load_cues
from service.nlp.context import DocContext
from service.nlp.quotes.attach import attach_blocks, attach_quotes, quote_internal
from service.nlp.quotes.candidates import Candidate, Candidates
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.learned import tag
from service.nlp.quotes.nominal import according, bylines, colons, nominal_cues
from service.nlp.quotes.ranker import Proposal, drop_unlikely
from service.nlp.quotes.relays import frames, relays
from service.nlp.quotes.selection import select
from service.nlp.quotes.tagged import add_tagged, grow_contents
from service.nlp.quotes.verbs import verb_cues
from service.nlp.types import RawQuote

__all__ = ["extract_quotes", "propose"]


def extract_quotes(ctx: DocContext, *, learned: bool = True) -> list[RawQuote]:
    """RETURNS the quotes of the article in text order; ``learned=False``: the rules' alone."""
    if all(ctx.is_space):
        return []
    prop = propose(ctx, learned=learned)
    if prop.spans:
        drop_unlikely(prop)
    kept = [c for c in prop.cands if not c.dropped and not _speaks_own_words(c)]
    return select(kept, prop.facts.text, prop.facts.quoted)


def _speaks_own_words(c: Candidate) -> bool:
    """A speaker inside its own content ("Could Address Clean Energy" read as Clean Energy
    addressing Clean Energy) is a misparse, not a quote (measured: dropping it, or only its
    speaker, moves PolNeAR end-to-end F1 by 0.001 either way; a quote with no one saying it is
    of no use to a reader)."""
    if c.speaker is None:
        return False
    s, e = c.speaker
    return any(lo <= s and e <= hi for lo, hi in c.content)


def propose(ctx: DocContext, *, learned: bool = True) -> Proposal:
    """Every candidate of the rules and of the tagger, before the selection."""
    facts = QuoteFacts(ctx, load_cues())
    cands = Candidates()
    nominal_cues(facts, cands)
    verb_cues(facts, cands)
    colons(facts, cands)
    according(facts, cands)
    bylines(facts, cands)
    cands.items = [c for c in cands if not quote_internal(facts, c)]
    relays(facts, cands)
    cands.items = [c for c in cands if not c.dropped]
    cands.bare = [c for c in cands.bare if not quote_internal(facts, c)]
    attach_quotes(facts, cands)
    attach_blocks(facts, cands)
    frames(facts, cands)
    spans = tag(ctx.doc) if learned else []
    grow_contents(facts, cands, spans)
    add_tagged(facts, cands, spans)
    return Proposal(facts, cands.items, spans)
