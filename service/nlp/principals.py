"""Principals: the country or organisation each actor speaks for, and the conflict's parties.

Built once per article from the finalized actors and shared by the target and stance stages:
token → actor lookups, affiliation chains (Blinken → State Department → United States) and the
two principals the article sets against each other ("between X and Y", "the X-Y border",
"X's attack on Y").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.lexicons import stance_acts
from service.nlp.context import DocContext
from service.nlp.types import Actor

PRINCIPAL_TYPES = frozenset({"country", "organization"})
_CONFLICT_NOUNS = frozenset(
    {"war", "conflict", "clash", "clashes", "fighting", "dispute", "border", "tension", "tensions"}
    | {"hostility", "hostilities", "escalation", "talks", "ceasefire", "truce", "peace", "feud"}
)
_LINK_DEPS = frozenset({"compound", "poss", "amod", "appos", "nmod", "npadvmod"})


@dataclass(frozen=True, slots=True)
class Principals:
    """The actor map of an article and the parties of its conflict (``()`` when it names none)."""

    actors: ActorMap
    parties: tuple[str, ...]


def read_principals(ctx: DocContext, actors: Sequence[Actor]) -> Principals:
    """RETURNS the actor map and the conflict parties of the article."""
    amap = ActorMap(ctx, actors)
    return Principals(amap, conflict_parties(ctx, amap))


class ActorMap:
    """Token → actor lookups and affiliation chains over the finalized actors of one article."""

    def __init__(self, ctx: DocContext, actors: Sequence[Actor]) -> None:
        self.actors = {a.id: a for a in actors}
        self._tok: dict[int, str] = {}
        mentions = [(m, a.id) for a in actors for m in a.mentions]
        # shorter mentions win: "Azerbaijani" inside "Azerbaijani President Ilham Aliyev"
        for m, aid in sorted(mentions, key=lambda x: x[0].start - x[0].end):
            span = ctx.span(m.start, m.end)
            if span is None:
                continue
            for i in range(span.start, span.end):
                self._tok[i] = aid
        self._by_country = countries_of(actors)
        # Actors are frozen, so an actor's principal never changes: asked ~10 times per actor.
        self._principal: dict[str, str | None] = {}

    def at(self, tok: Token) -> str | None:
        return self._tok.get(tok.i)

    def at_index(self, i: int) -> str | None:
        """``at`` by token index, for loops that have no Token object at hand."""
        return self._tok.get(i)

    def of_phrase(self, tok: Token, depth: int = 0) -> list[str]:
        """The actors a noun phrase headed by ``tok`` names: itself, its name parts, its conjuncts,
        "officials in/of X" → X, "the treatment by X" → X, "the role of officers of Polish
        agencies" → Poland (two "of" phrases deep)."""
        out: list[str] = []
        for head in (tok, *_conjuncts(tok)):
            aid = self.at(head)
            if aid is None:
                # "Afghan and Pakistani forces": every modifier that names an actor, and its
                # conjuncts
                mods = [c for c in head.children if c.dep_ in _LINK_DEPS and self.at(c)]
                for c in mods:
                    for m in (c, *_conjuncts(c)):
                        if (mid := self.at(m)) and mid not in out:
                            out.append(mid)
                aid = self.at(mods[0]) if mods else None
            if aid is None:
                for c in head.children:
                    if c.dep_ == "prep" and c.lower_ in {"of", "in", "from", "at", "by"}:
                        objs = [g for g in c.children if g.dep_ == "pobj"]
                        if objs and (aid := self.at(objs[0])):
                            break
                        if objs and depth < 2 and (deeper := self.of_phrase(objs[0], depth + 1)):
                            aid = deeper[0]
                            break
            if aid and aid not in out:
                out.append(aid)
        return out

    def chain(self, aid: str) -> list[str]:
        """``aid`` and the actors it is affiliated with, nearest first (cycles cut)."""
        return affiliation_chain(self.actors, aid)

    def principal(self, aid: str | None) -> str | None:
        """The country or organisation an actor counts under (Blinken → State Department → US)."""
        if aid is None or aid not in self.actors:
            return None
        if aid not in self._principal:
            self._principal[aid] = self._find_principal(aid)
        return self._principal[aid]

    def _find_principal(self, aid: str) -> str | None:
        return principal_of(self.actors, self._by_country, self.chain(aid))


def countries_of(actors: Sequence[Actor]) -> dict[str, str]:
    """ISO code → the first country actor of the article with that code."""
    out: dict[str, str] = {}
    for a in actors:
        if a.type == "country" and a.country and a.country not in out:
            out[a.country] = a.id
    return out


def affiliation_chain(actors: Mapping[str, Actor], aid: str) -> list[str]:
    """``aid`` and the actors it is affiliated with, nearest first (cycles cut)."""
    out = [aid]
    while (nxt := actors[out[-1]].affiliation) and nxt in actors and nxt not in out:
        out.append(nxt)
    return out


def principal_of(
    actors: Mapping[str, Actor], by_country: Mapping[str, str], chain: Sequence[str]
) -> str | None:
    """The principal of the actor at the head of an affiliation ``chain`` (``affiliation_chain``):
    the topmost country or organisation in it, or the state a body of it belongs to when
    the article names that state (``by_country``: ISO code → its country actor); None for news
    media and for those who speak for no one. The dyad table of a corpus reads answers with it.
    """
    if any(gz.is_media(actors[a].name) for a in chain):
        return None  # a newspaper or agency reports; it is no party to the relations
    top = next((a for a in reversed(chain) if actors[a].type in PRINCIPAL_TYPES), None)
    # a body of a state counts under the state when the state is an actor of the article
    for a in chain:
        code = actors[a].country
        if (
            code
            and (cid := by_country.get(code))
            and (top is None or actors[top].type != "country")
        ):
            return cid
    return top


def _conjuncts(tok: Token) -> list[Token]:
    return [t for t in tok.conjuncts if t.i > tok.i]


def conflict_parties(ctx: DocContext, amap: ActorMap) -> tuple[str, ...]:
    """The two principals the article sets against each other, or ``()`` when it names none."""
    lex = stance_acts.load()
    doc = ctx.doc
    score: Counter[tuple[str, str]] = Counter()

    def add(a: str | None, b: str | None, w: int) -> None:
        pa, pb = amap.principal(a), amap.principal(b)
        if pa and pb and pa != pb:
            score[tuple(sorted((pa, pb)))] += w

    for tok in ctx.tokens:
        low = tok.lower_
        if low == "between":
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                ids = amap.of_phrase(objs[0])
                if len(ids) >= 2:
                    add(ids[0], ids[1], 2)
        elif low in {"-", "–", "—"} and 0 < tok.i < len(doc) - 1:
            # "the Armenian-Azerbaijani border", "Russia-Ukraine war"
            left, right = doc[tok.i - 1], doc[tok.i + 1]
            if not tok.whitespace_ and not left.whitespace_:
                add(amap.at(left), amap.at(right), 2)
        elif low in _CONFLICT_NOUNS or tok.lemma_ in lex.hostile_verbs:
            # "X and Y" in a sentence about war or fighting, "X attacked Y"
            subj = [c for c in tok.children if c.dep_ in {"nsubj", "poss"}]
            obj = [c for c in tok.children if c.dep_ in {"dobj"}]
            obj += [
                g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
            ]
            for s in subj:
                for o in obj:
                    add(amap.at(s), amap.at(o), 1)
    if not score:
        return ()
    (pair, _), *_ = score.most_common(1)
    return pair
