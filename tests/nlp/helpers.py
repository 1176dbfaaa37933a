"""What the engine's tests share: the quotes and the actors of a text, spans found by their words,
and a text with the parse a rule must survive."""

from __future__ import annotations

from spacy.tokens import Doc

from service.nlp import speakers
from service.nlp.actors import ActorIndex, find_actors
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from service.nlp.types import Actor, RawQuote, Span


def quotes_of(nlp, text: str) -> list[RawQuote]:
    """The quotes of ``text`` as the quote stage finds them (speaker mentions, no actors)."""
    return extract_quotes(DocContext(nlp(text)), speakers.RULES)


def find_cue(quotes: list[RawQuote], cue_text: str) -> RawQuote:
    """The quote whose cue text is ``cue_text`` (first one)."""
    hits = [q for q in quotes if q.cue is not None and q.cue.text == cue_text]
    assert hits, f"no quote with cue {cue_text!r}: {[(q.cue and q.cue.text) for q in quotes]}"
    return hits[0]


def actors_of(nlp, text: str) -> tuple[DocContext, ActorIndex, list[Actor]]:
    """The context, the actor index and the actors of ``text`` (before any quote is linked)."""
    ctx = DocContext(nlp(text))
    index = find_actors(ctx)
    return ctx, index, index.finalize()


def by_mention(actors: list[Actor], text: str) -> Actor:
    """The one actor with a mention reading ``text``."""
    found = [a for a in actors if any(m.text == text for m in a.mentions)]
    assert len(found) == 1, (text, [(a.name, [m.text for m in a.mentions]) for a in actors])
    return found[0]


def chain_of(actors: list[Actor], actor: Actor) -> list[str]:
    """The names up ``actor``'s affiliation chain."""
    by_id = {a.id: a for a in actors}
    out = []
    while actor.affiliation:
        actor = by_id[actor.affiliation]
        out.append(actor.name)
    return out


def span_of(text: str, needle: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``needle`` in ``text``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return Span.of(text, i, i + len(needle))


def spans_hold(text: str, actors: list[Actor]) -> None:
    for a in actors:
        for m in a.mentions:
            assert text[m.start : m.end] == m.text


def reparsed(nlp, text: str, changes: dict[int, tuple[str, int]]) -> Doc:
    """``text`` parsed, then the tokens in ``changes`` given another (dependency, head): the
    parses a rule must survive, whatever the shipped parser makes of a sentence today."""
    doc = nlp(text)
    arcs = [changes.get(t.i, (t.dep_, t.head.i)) for t in doc]
    return Doc(
        nlp.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[h for _, h in arcs],
        deps=[d for d, _ in arcs],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )
