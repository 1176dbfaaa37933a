"""Targets of each statement: the actors it is addressed to, is about, or speaks for.

Roles: ``addressee`` (told / urged / called on X), ``subject`` (the content is about X: "evidence
of Azerbaijani shelling" → Azerbaijan), ``beneficiary`` (the content speaks for X: "respect for the
territorial integrity of Armenia" → Armenia; the victim of a hostile act: "shelling in Armenia").
"The parties", "both sides", … expand to the parties of the conflict the article names, found from
the article itself ("between X and Y", "the X-Y border", "X's attack on Y").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from service.nlp import doccache, stance_lexicon
from service.nlp.types import Actor, Quote, Span, Target

PRINCIPAL_TYPES = frozenset({"country", "organization"})
_CONFLICT_NOUNS = frozenset(
    {"war", "conflict", "clash", "clashes", "fighting", "dispute", "border", "tension", "tensions"}
    | {"hostility", "hostilities", "escalation", "talks", "ceasefire", "truce", "peace", "feud"}
)
_LINK_DEPS = frozenset({"compound", "poss", "amod", "appos", "nmod", "npadvmod"})
# a mention's relation to the quote's verb (relation_of) -> its target role; else "subject"
_ROLE_OF_RELATION = {
    "victim": "beneficiary",
    "beneficiary": "beneficiary",
    "urged": "addressee",
    "demanded": "addressee",
}


def article_context(doc: Doc, actors: Sequence[Actor]) -> tuple[ActorMap, tuple[str, ...]]:
    """The actor map and conflict parties of an article, built once and shared by targets and
    stance (both run on the same doc and actors in ``engine.analyze_doc``)."""
    key = tuple(a.id for a in actors)
    cached = doc.user_data.get("_stance_context")
    if cached is not None and cached[0] == key and cached[1].actors == {a.id: a for a in actors}:
        return cached[1], cached[2]
    amap = ActorMap(doc, actors)
    parties = conflict_parties(doc, amap)
    doc.user_data["_stance_context"] = (key, amap, parties)
    return amap, parties


class ActorMap:
    """Token → actor lookups and affiliation chains over the finalized actors of one article."""

    def __init__(self, doc: Doc, actors: Sequence[Actor]) -> None:
        self.actors = {a.id: a for a in actors}
        self._tok: dict[int, str] = {}
        mentions = [(m, a.id) for a in actors for m in a.mentions]
        # shorter mentions win: "Azerbaijani" inside "Azerbaijani President Ilham Aliyev"
        for m, aid in sorted(mentions, key=lambda x: x[0].start - x[0].end):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self._tok[i] = aid
        self._by_country: dict[str, str] = {}
        # Actors are frozen, so an actor's principal never changes: asked ~10 times per actor.
        self._principal: dict[str, str | None] = {}
        for a in actors:
            if a.type == "country" and a.country and a.country not in self._by_country:
                self._by_country[a.country] = a.id

    def at(self, tok: Token) -> str | None:
        return self._tok.get(tok.i)

    def at_index(self, i: int) -> str | None:
        """``at`` by token index, for loops that have no Token object at hand."""
        return self._tok.get(i)

    def of_phrase(self, tok: Token) -> list[str]:
        """The actors a noun phrase headed by ``tok`` names: itself, its name parts, its conjuncts,
        or "officials in/of X" → X."""
        out: list[str] = []
        for head in (tok, *_conjuncts(tok)):
            aid = self.at(head)
            if aid is None:
                for c in head.children:
                    if c.dep_ in _LINK_DEPS and (aid := self.at(c)):
                        break
            if aid is None:
                for c in head.children:
                    if c.dep_ == "prep" and c.lower_ in {"of", "in", "from", "at"}:
                        objs = [g for g in c.children if g.dep_ == "pobj"]
                        if objs and (aid := self.at(objs[0])):
                            break
            if aid and aid not in out:
                out.append(aid)
        return out

    def chain(self, aid: str) -> list[str]:
        """``aid`` and the actors it is affiliated with, nearest first (cycles cut)."""
        out = [aid]
        while (nxt := self.actors[out[-1]].affiliation) and nxt in self.actors and nxt not in out:
            out.append(nxt)
        return out

    def principal(self, aid: str | None) -> str | None:
        """The country or organisation an actor counts under (Blinken → State Department → US)."""
        if aid is None or aid not in self.actors:
            return None
        if aid not in self._principal:
            self._principal[aid] = self._find_principal(aid)
        return self._principal[aid]

    def _find_principal(self, aid: str) -> str | None:
        chain = self.chain(aid)
        top = next((a for a in reversed(chain) if self.actors[a].type in PRINCIPAL_TYPES), None)
        # a body of a state counts under the state when the state is an actor of the article
        for a in chain:
            code = self.actors[a].country
            if (
                code
                and (cid := self._by_country.get(code))
                and (top is None or self.actors[top].type != "country")
            ):
                return cid
        return top


def _conjuncts(tok: Token) -> list[Token]:
    return [t for t in tok.conjuncts if t.i > tok.i]


def conflict_parties(doc: Doc, amap: ActorMap) -> tuple[str, ...]:
    """The two principals the article sets against each other, or ``()`` when it names none."""
    lex = stance_lexicon.load()
    score: Counter[tuple[str, str]] = Counter()

    def add(a: str | None, b: str | None, w: int) -> None:
        pa, pb = amap.principal(a), amap.principal(b)
        if pa and pb and pa != pb:
            score[tuple(sorted((pa, pb)))] += w

    for tok in doccache.tokens(doc):
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


def party_phrase(text: str, start: int, end: int) -> Span | None:
    """The "both sides" / "the parties" phrase inside ``text[start:end]``, if any. (``text`` is
    passed in: ``Doc.text`` is rebuilt from the tokens at every access.)"""
    lex = stance_lexicon.load()
    low = text[start:end].lower()
    for phrase in lex.party_phrases:
        i = low.find(phrase)
        while i >= 0:
            j = i + len(phrase)
            before = low[i - 1] if i > 0 else " "
            after = low[j] if j < len(low) else " "
            if not before.isalnum() and not after.isalnum():
                return Span.of(text, start + i, start + j)
            i = low.find(phrase, j)
    return None


def relation_of(tok: Token) -> str:
    """How the actor named at ``tok`` figures in its clause.

    RETURNS "agent" (it does something hostile: "Azerbaijani shelling", "attack by X"),
    "victim" (something hostile is done to it: "shelling in Armenia"), "beneficiary"
    ("the territorial integrity of Armenia", "help Armenia"), "urged" (object of an urge/demand
    verb), "demanded" (subject of "must/should" + stop or change: "X must withdraw"), or "other".
    """
    lex = stance_lexicon.load()
    # climb out of a multi-token name to the token that attaches it
    while tok.dep_ in {"compound", "flat"} and tok.head is not tok:
        tok = tok.head
    dep, head = tok.dep_, tok.head
    hl = head.lemma_.lower()
    if dep in {"poss", "amod", "compound", "nmod"}:
        if hl in lex.suffered:
            return "victim"
        if hl in lex.hostile_nouns and dep != "nmod":
            return "agent"
        if hl in lex.beneficiary_nouns:
            return "beneficiary"
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        gl = gov.lemma_.lower()
        if prep == "by" and (gl in lex.hostile_nouns or gl in lex.hostile_verbs):
            return "agent"
        if prep in {"of", "for", "to"} and (gl in lex.beneficiary_nouns or gl in lex.suffered):
            return "beneficiary"
        if prep in {"to", "for"} and gl in lex.nouns and lex.nouns[gl] == "express_support":
            return "beneficiary"
        if prep in lex.victim_preps and (gl in lex.hostile_nouns or gl in lex.hostile_verbs):
            return "victim"
        if prep in lex.victim_preps and any(
            c.dep_ == "dobj" and c.lemma_.lower() in lex.hostile_nouns for c in gov.children
        ):
            return "victim"  # "halt its attacks on Ukraine", the prep hung on the verb
        if prep == "of" and gl in lex.hostile_nouns:
            # "the shelling of Armenia" is done to it; "the aggression of X" by it: the nominal's
            # object reading is the common one in news text
            return "victim"
    if (dep in {"nsubj", "nsubjpass"} and _demanded_for(head, lex)) or (
        dep == "pobj" and _demanded_of_pobj(head, lex)
    ):
        return "demanded"  # "called for Biden to resign", "called for Comey to be fired"
    if dep == "nsubj" and hl in lex.hostile_verbs:
        return "agent"
    if (
        dep == "nsubj"
        and hl in lex.cessation_verbs
        and any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in head.children)
    ):
        return "demanded"  # "Ukraine must withdraw its troops": a demand to stop or change
    if dep in {"dobj", "nsubjpass"}:
        if hl in lex.hostile_verbs:
            return "victim"
        if hl in lex.beneficiary_verbs:
            return "beneficiary"
        act = lex.verbs.get(hl)
        if act in {"urge", "demand"} or (hl == "call" and _has_prep(head, {"on", "upon"})):
            return "urged"
    if dep == "pobj" and head.lower_ in {"on", "upon"} and head.head.lemma_.lower() == "call":
        return "urged"
    return "other"


def _demanded_for(verb: Token, lex: stance_lexicon.StanceLexicon) -> bool:
    """``verb`` is the clause of "called for X to <stop / be removed or punished>": spaCy makes
    "for" the mark of a clause hung on the calling verb."""
    if verb.dep_ not in {"advcl", "ccomp", "xcomp"} or verb.head.lemma_.lower() not in (
        lex.demand_for_verbs
    ):
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return False
    return _demanded_act(verb, lex)


def _demanded_of_pobj(prep: Token, lex: stance_lexicon.StanceLexicon) -> bool:
    """``prep`` is the "for" of "called for X to stop …" parsed with X as its object and the
    infinitive hung on the calling verb."""
    call = prep.head
    if prep.lower_ != "for" or call.lemma_.lower() not in lex.demand_for_verbs:
        return False
    clause = next((c for c in call.children if c.dep_ in {"advcl", "xcomp"} and c.i > prep.i), None)
    return clause is not None and _demanded_act(clause, lex)


def _demanded_act(verb: Token, lex: stance_lexicon.StanceLexicon) -> bool:
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    return (
        lemma in lex.cessation_verbs
        or lemma in lex.ouster_verbs
        or (passive and lemma in lex.hostile_verbs)
    )


def _has_prep(tok: Token, preps: set[str]) -> bool:
    return any(c.dep_ in {"prep", "prt"} and c.lower_ in preps for c in tok.children)


def content_tokens(doc: Doc, fragments: Sequence[Span]) -> list[Token]:
    out: list[Token] = []
    tokens = doccache.tokens(doc)  # iterating a Span builds a new Token per word, every time
    for f in fragments:
        span = doc.char_span(f.start, f.end, alignment_mode="contract")
        if span is not None:
            out.extend(tokens[span.start : span.end])
    return out


def find_targets(
    doc: Doc,
    actors: Sequence[Actor],
    quotes: Sequence[Quote],
    raw_quotes: Sequence,
    addressee_links: Sequence[Mapping[tuple[int, int], str]] | None = None,
) -> list[Target]:
    """RETURNS the targets of every quote, addressees first, each (quote, actor, role) once.

    ``addressee_links`` (one mapping per quote): the actor each addressee span was linked to when
    the quote was built, for spans whose words name no actor of the article map (a new nominal).
    """
    amap, parties = article_context(doc, actors)
    text = doccache.text(doc)
    out: list[Target] = []
    links_of = addressee_links or [{} for _ in quotes]
    for q, raw, links in zip(quotes, raw_quotes, links_of, strict=True):
        seen: set[tuple[str, str]] = set()
        own = amap.principal(q.speaker) if q.speaker else None

        def emit(
            aid: str, role: str, mention: Span, q: Quote = q, seen: set = seen, own=own
        ) -> None:
            if aid == q.speaker or (own and amap.principal(aid) == own):
                return
            if (aid, role) not in seen:
                seen.add((aid, role))
                out.append(Target(quote=q.id, actor=aid, role=role, mention=mention))

        for span in raw.addressees:
            if party_phrase(text, span.start, span.end):
                for p in parties:
                    emit(p, "addressee", span)
                continue
            sp = doc.char_span(span.start, span.end, alignment_mode="expand")
            # the head of "Azerbaijani President Ilham Aliyev" is the person, not the demonym
            aid = amap.at(sp.root) if sp is not None else None
            if aid is None and sp is not None:
                aid = next((a for a in (amap.at(t) for t in sp) if a), None)
            if aid is None:
                # linked to a nominal actor of its own ("the full convention"); with several
                # addressees, the first one of the quote would be the wrong actor
                aid = links.get((span.start, span.end))
            if aid:
                emit(aid, "addressee", span)
        toks = content_tokens(doc, q.fragments)
        phrases = [p for f in q.fragments if (p := party_phrase(text, f.start, f.end))]
        for tok in toks:
            aid = amap.at(tok)
            if aid is None or any(p.start <= tok.idx < p.end for p in phrases):
                continue  # "both sides" is read below, as the parties of the conflict
            if q.speaker_mention and q.speaker_mention.start <= tok.idx < q.speaker_mention.end:
                continue
            rel = relation_of(tok)
            emit(
                aid,
                _ROLE_OF_RELATION.get(rel, "subject"),
                Span.of(text, tok.idx, tok.idx + len(tok)),
            )
        if parties:
            for f in q.fragments:
                ph = party_phrase(text, f.start, f.end)
                if ph is not None:
                    sp = doc.char_span(ph.start, ph.end, alignment_mode="expand")
                    urged = sp is not None and relation_of(sp.root) == "urged"
                    for p in parties:
                        emit(p, "addressee" if urged else "subject", ph)
                    break
        if parties and not seen and (trig := implicit_party_trigger(toks)) is not None:
            # a call for restraint, a concern or a negated blame that names no one is about the
            # parties of the conflict ("expressed concern about the aggravation of the situation")
            for p in parties:
                emit(p, "subject", Span.of(text, trig.idx, trig.idx + len(trig)))
    return out


def is_negated(tok: Token) -> bool:
    """``tok`` or the verb governing it is negated ("not assigning blame", "did not condemn")."""
    neg = stance_lexicon.load().negation
    for t in (tok, tok.head) if tok.dep_ in {"dobj", "xcomp", "pobj"} else (tok,):
        if any(
            c.dep_ == "neg" or (c.dep_ in {"det", "advmod"} and c.lower_ in neg) for c in t.children
        ):
            return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in neg:  # "refused to condemn"
            return True
    return False


def implicit_party_trigger(toks: Sequence[Token]) -> Token | None:
    """The word that makes a target-less statement about the conflict parties, if any."""
    lex = stance_lexicon.load()
    for t in toks:
        low = t.lemma_.lower()
        act = lex.nouns.get(low) if t.pos_ in {"NOUN", "PROPN"} else lex.verbs.get(low)
        if low in lex.restraint and t.pos_ in {"NOUN", "VERB"}:
            return t
        if act == "express_concern":
            return t
        if act in {"accuse", "criticize"} and is_negated(t):
            return t
    return None
