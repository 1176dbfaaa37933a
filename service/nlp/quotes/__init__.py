"""Quotes: direct, indirect and mixed quotes, their cues, contents and addressees.

Rules over the dependency parse plus a character-level scan of quotation marks
(``service.nlp.quotemarks``), with the cue words of ``service/lexicons/cues.yaml``:

1. Cues propose candidates: nominal cues ("the ministry's statement that …"), verb cues ("X
   said that …", "X urged Y to …"), headline colons, "according to" and signed quotations
   (``verbs``, ``nominal``), each with a content (``limits``: where it ends) and addressees.
   Who spoke each cue the speakers stage says (``SpeakerRules``, handed in by the engine): some
   readings are quotes only if someone speaks them.
2. Candidates whose cue lies inside someone else's quotation are dropped; a reporting clause that
   only relays another quote becomes its channel (``SpeakerRules.relays``).
3. Contents grow to whole quotations, and quotations without a cue are attached to a reporting
   verb, to the previous quote or to the previous speaker (``attach``).
4. "In a call with X, …" adds X as an addressee (``frames``).
5. A learned tagger marks contents, cues and sources; its contents that no rule found are added
   (``learned``, ``tagged``) and a learned ranker drops the unlikely ones (``ranker``); rule
   contents the tagger reads on past their end grow to its end.
6. Overlapping candidates are resolved by confidence (``selection``, ``confidence``).

Speakers stay mentions (pronouns included); the speakers stage links them to actors.
"""

from __future__ import annotations

from service.lexicons.cues import load_cues
from service.nlp.context import DocContext
from service.nlp.quotes.attach import attach_blocks, attach_quotes, quote_internal
from service.nlp.quotes.candidates import Candidate, Candidates, SpeakerRules
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.frames import frames
from service.nlp.quotes.learned import tag
from service.nlp.quotes.nominal import according, bylines, colons, nominal_cues
from service.nlp.quotes.ranker import Proposal, drop_unlikely
from service.nlp.quotes.selection import select
from service.nlp.quotes.tagged import add_tagged, grow_contents
from service.nlp.quotes.verbs import verb_cues
from service.nlp.types import RawQuote

__all__ = ["SpeakerRules", "extract_quotes", "propose"]


def extract_quotes(ctx: DocContext, who: SpeakerRules, *, learned: bool = True) -> list[RawQuote]:
    """RETURNS the quotes of the article in text order, ``who`` saying who spoke each cue;
    ``learned=False``: the rules' alone."""
    if all(ctx.is_space):
        return []
    prop = propose(ctx, who, learned=learned)
    if prop.spans:
        drop_unlikely(prop)
    kept = [c for c in prop.cands if not c.dropped and not _speaks_own_words(c)]
    return select(kept, prop.facts.text, prop.facts.quoted)


def _speaks_own_words(c: Candidate) -> bool:
    """A speaker inside its own content ("Could Address Clean Energy" read as Clean Energy
    addressing Clean Energy) is a misparse, not a quote: a quote with no one else saying it is
    of no use to a reader."""
    if c.speaker is None:
        return False
    s, e = c.speaker
    return any(lo <= s and e <= hi for lo, hi in c.content)


def propose(ctx: DocContext, who: SpeakerRules, *, learned: bool = True) -> Proposal:
    """Every candidate of the rules and of the tagger, before the selection."""
    facts = QuoteFacts(ctx, load_cues())
    cands = Candidates()
    nominal_cues(facts, cands, who)
    verb_cues(facts, cands, who)
    colons(facts, cands, who)
    according(facts, cands, who)
    bylines(facts, cands, who)
    cands.items = [c for c in cands if not quote_internal(facts, c)]
    who.relays(facts, cands)
    cands.items = [c for c in cands if not c.dropped]
    cands.bare = [c for c in cands.bare if not quote_internal(facts, c)]
    attach_quotes(facts, cands)
    attach_blocks(facts, cands)
    frames(facts, cands)
    spans = tag(ctx.doc) if learned else []
    grow_contents(facts, cands, spans)
    add_tagged(facts, cands, spans, who)
    return Proposal(facts, cands.items, spans)
