"""Speakers: who spoke each quote, as the words that name them and as an actor.

The rules, in the order a reader applies them:

1. **The explicit subject** of the cue, or the agent of a passive, however the parser hung it
   (``subject``; the cue's whole ladder in ``verbs``): "X said …", "… was denounced by X".
2. **The inverted "said X"** (``inverted``): '“…,” said X', '“…,” Flynn, a top surrogate, said'.
3. **According to X** (``nominal.of_according``): X, or whoever issued the document X names.
4. **The nominal owner** (``nominal.of_noun``): "the ministry's statement", "a statement from
   X", "X issued a statement"; the name before a line's colon, the name signing a quotation.
   Speakers the words around a cue imply (``implied``): the issuer of a document, the one blamed
   for saying, the owner of a gerund's noun, the one seen or made to speak; and a cue in a clause
   speaks with the voice of the clause it hangs on (``verbs``).
5. **Relays** (``relays``): "X urged …, the ministry said" is X's, the ministry its channel.
6. **Pronoun and nominal coreference** (``linking``): each speaker, channel and addressee mention
   to an actor; phrases no rule found become actors of their own (``newcomers``).
7. **The tagger's SOURCE** (``tagged``): for a content only the tagger found, when no rule names
   its cue's speaker.

Rules 1-5 and 7 read the parse while the quote stage reads each cue (``RULES``, handed to it by
the engine): whether a reading is a quote can turn on who spoke, and a cue may take the speaker
of a candidate read before it. Rule 6 is this stage's own pass (``resolve_speakers``), after the
quotes are selected, in text order, so pronouns resolve against what precedes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.nlp.actors import ActorIndex
from service.nlp.context import DocContext
from service.nlp.quotes import SpeakerRules
from service.nlp.speakers.linking import Linker
from service.nlp.speakers.nominal import of_according, of_line, of_noun, of_signature
from service.nlp.speakers.relays import relays
from service.nlp.speakers.tagged import of_tagged
from service.nlp.speakers.verbs import of_verb
from service.nlp.types import LinkedQuote, Quote, RawQuote

__all__ = ["RULES", "resolve_speakers"]

#: who spoke each cue, for the quote stage
RULES = SpeakerRules(
    of_verb=of_verb,
    of_noun=of_noun,
    of_according=of_according,
    of_line=of_line,
    of_signature=of_signature,
    of_tagged=of_tagged,
    relays=relays,
)


def resolve_speakers(
    ctx: DocContext, index: ActorIndex, found: Sequence[RawQuote]
) -> list[LinkedQuote]:
    """RETURNS the quotes with their speaker, channel and addressees linked to actors, numbered
    ``q1``, ``q2``… in text order.

    Linking may add actors to ``index`` (a speaker no rule found before, "the campaign") and
    mentions to its actors: the index is final only after this stage.
    """
    linker = Linker(ctx, index)
    out: list[LinkedQuote] = []
    for n, raw in enumerate(found, start=1):
        speaker = linker.link(raw.speaker) if raw.speaker else None
        via = linker.link(raw.via) if raw.via else None
        links = {(s.start, s.end): linker.link(s) for s in raw.addressees}
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
