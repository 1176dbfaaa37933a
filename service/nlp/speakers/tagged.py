"""7. The tagger's SOURCE: a content only the tagger found speaks with the speaker the rules
would give its cue, else with the rules' speaker of that cue, else with the SOURCE span the tagger
marked nearest the cue (outside the content)."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.quotes.candidates import Candidate, Candidates, Said
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.learned import Tagged, nearest
from service.nlp.speakers.subject import framing
from service.nlp.speakers.verbs import speaker_of


def of_tagged(
    facts: QuoteFacts,
    cands: Candidates,
    cue: Tagged,
    head: Token,
    content: Tagged,
    same: Candidate | None,
    sources: list[Tagged],
) -> Said | None:
    """Who spoke a tagged content whose cue's head is ``head`` (``same``: the rules' candidate
    of that cue); ``None``: the journalist's framing ("It goes without saying that …")."""
    speaker, _, _ = speaker_of(facts, cands, head)
    if framing(facts, head, speaker):
        return None
    if speaker is None and same is not None:
        speaker = same.speaker
    if speaker is None:
        src = nearest(cue, sources)
        if src is not None and not content.start <= src.start < content.end:
            ctx = facts.ctx
            speaker = (ctx.idx[src.start], ctx.end[src.end - 1])
    return Said(speaker)
