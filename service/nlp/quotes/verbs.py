"""Verb cues: "X said (that) …", "X urged Y to …", "X called on Y to …", "X condemned Y as …".

Each cue verb of the lexicon, and any verb with a subject and a "that" clause, gives a candidate
whose content is read from the verb's complement (the clause, object + infinitive, object, or
"of" phrase, by the verb's class in ``cues.yaml``), whose addressees are the ones told, urged or
spoken to. Who spoke it the speakers stage says (``SpeakerRules.of_verb``); where the content
ends, ``limits``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from service.lexicons.cues import CueLexicon
from service.nlp.deps import ACTIVE_SUBJ
from service.nlp.quotemarks import QUOTE_CHARS
from service.nlp.quotes.candidates import Candidate, Candidates, Said, SpeakerRules
from service.nlp.quotes.facts import (
    NO_CUE_DEPS,
    RELATIVE,
    VERB_POS,
    QuoteFacts,
    asked,
    glued_conjunct,
    is_infinitive,
    mention,
)
from service.nlp.quotes.limits import demanded, parenthetical, trailing_description


def _content_preps(lex: CueLexicon, lemma: str) -> frozenset[str]:
    """ "warned of …", "spoke about …", and for warnings "warned against …"."""
    return _WARNING_PREPS if lemma in lex.warning else _SPEECH_PREPS


_SPEECH_PREPS = frozenset({"of", "about"})
_WARNING_PREPS = frozenset({"of", "about", "against"})


@dataclass(frozen=True, slots=True)
class _Verb:
    """A cue verb and the parts of its clause the content rules read."""

    tok: Token
    lemma: str
    kids: list[Token]
    phrase: str | None  # "call on", "call for"
    particle: Token | None  # the particle or mark of the phrase
    cue_toks: list[Token]  # the cue's words: the verb, up to its particle
    comps: list[Token]  # clausal complements
    xcomps: list[Token]  # infinitival complements
    dobj: Token | None
    excl: set[int]  # conjoined cues cut from the content
    is_speech: bool


@dataclass(slots=True)
class _Reading:
    content: set[int] = field(default_factory=set)  # token ids
    root: Token | None = None
    addressees: list[Token] = field(default_factory=list)


def verb_cues(facts: QuoteFacts, cands: Candidates, who: SpeakerRules) -> None:
    """Add a candidate for every verb cue, or a bare reporting verb to ``cands.bare``; ``who``
    says who spoke each."""
    for v in facts.toks:
        if v.pos not in VERB_POS:
            continue  # neither a cue verb nor a that-clause verb
        generic = not facts.is_cue_verb(v) and that_clause_verb(v, facts.lex)
        if (generic or facts.is_cue_verb(v)) and not asked(v, facts.lex):
            _read_verb(facts, cands, who, v, generic)


def _read_verb(
    facts: QuoteFacts, cands: Candidates, who: SpeakerRules, v: Token, generic: bool
) -> None:
    """The content and addressees of the cue ``v``, then who spoke it."""
    verb = _verb(facts, v, generic)
    reading = _content(facts, verb)
    _spoken_to(facts, verb, reading)
    if (
        verb.lemma in facts.lex.tell_like
        and verb.dobj is not None
        and verb.dobj not in reading.addressees
        and reading.root is not verb.dobj
    ):
        reading.addressees.append(verb.dobj)
    said = who.of_verb(facts, cands, v)
    if said is None:
        return  # the journalist's own framing: "it goes without saying that …"
    reading.content -= said.words
    _candidate(facts, cands, verb, reading, said)


def _verb(facts: QuoteFacts, v: Token, generic: bool) -> _Verb:
    lex = facts.lex
    lemma = v.lemma_.lower()
    kids = list(v.children)
    phrase, particle = _phrase(facts, v, lemma, kids)
    return _Verb(
        tok=v,
        lemma=lemma,
        kids=kids,
        phrase=phrase,
        particle=particle,
        cue_toks=(
            list(facts.doc[v.i : particle.i + 1])
            if particle is not None and 0 < particle.i - v.i <= 3
            else [v]
        ),
        comps=[c for c in kids if c.dep_ == "ccomp"],
        xcomps=[c for c in kids if c.dep_ in {"xcomp", "advcl"} and is_infinitive(c)],
        dobj=next((c for c in kids if c.dep_ in {"dobj", "dative"}), None),
        excl=facts.cue_exclusions(v),
        is_speech=lemma in lex.speech or lemma in lex.belief or generic,
    )


def _candidate(
    facts: QuoteFacts, cands: Candidates, verb: _Verb, reading: _Reading, said: Said
) -> None:
    """The candidate of a read cue, if it has a content; else a bare reporting verb."""
    v, root, lemma = verb.tok, reading.root, verb.phrase or verb.lemma
    cand = Candidate(
        cue=facts.cue(verb.cue_toks, lemma),
        lemma=lemma,
        kind="verb",
        speaker=said.speaker,
        content=[],
        addressees=[mention(a) for a in reading.addressees],
        explicit=said.explicit,
        cue_tok=v.i,
        root_tok=root.i if root is not None else None,
        inherit_from=said.inherit_from,
        sent=facts.sent_of[v.i],
    )
    content = reading.content - {t.i for t in verb.cue_toks}
    if described := trailing_description(facts, content):
        content -= described
        cand.reach = facts.toks[min(described)].idx
    if not content and verb.is_speech and said.explicit:
        content = parenthetical(facts, v)
    content = facts.same_para(content, v)
    if content:
        cand.content = facts.tree.runs(content)
        cands.add(cand)
        if root is not None:
            cands.by_root[root.i] = cand
    elif verb.is_speech and verb.lemma not in facts.lex.belief:
        # a bare reporting verb: '“…,” he said' misparsed, or 'He said: “…”'
        cands.bare.append(cand)


def _phrase(
    facts: QuoteFacts, v: Token, lemma: str, kids: list[Token]
) -> tuple[str | None, Token | None]:
    """The phrasal cue ("call on", "push for") of ``v`` and its particle or mark."""
    phrasal = facts.lex.phrasal
    for c in kids:
        if c.dep_ in {"prt", "prep"} and f"{lemma} {c.lower_}" in phrasal and 0 < c.i - v.i <= 2:
            return f"{lemma} {c.lower_}", c
    # "calling for the United States to take a role": the parser makes "for" the mark of a
    # clause that hangs on the verb, not a preposition of the verb
    for c in kids:
        if c.dep_ not in {"advcl", "ccomp", "xcomp"} or c.i < v.i:
            continue
        mark = next((g for g in c.children if g.dep_ == "mark"), None)
        if mark is not None and f"{lemma} {mark.lower_}" in phrasal and 0 < mark.i - v.i <= 2:
            return f"{lemma} {mark.lower_}", mark
    return None, None


def _content(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """The content, its first token and the addressees, by the first construction that fits."""
    lex, lemma, particle = facts.lex, verb.lemma, verb.particle
    if glued_conjunct(verb.tok):  # "… and acknowledged “reports of …”": the noun it was glued to
        noun = verb.tok.head
        return _Reading(facts.tree.subtree(noun.i, {verb.tok.i}), noun)
    if verb.phrase and particle is not None and particle.dep_ == "mark":
        return _marked_clause(facts, verb)
    if verb.phrase and lex.phrasal[verb.phrase] and particle is not None:
        return _called_on(facts, verb)
    if verb.phrase and particle is not None:
        return _called_for(facts, verb)
    if verb.comps and (verb.is_speech or lemma in lex.directive):
        return _clause(facts, verb)
    if lemma in lex.directive and verb.dobj is not None and verb.xcomps:
        tree = facts.tree
        content = tree.subtree(verb.dobj.i) | demanded(facts, verb.tok, verb.excl, verb.xcomps[0])
        return _Reading(content, verb.dobj, [verb.dobj])
    if lemma in lex.infinitive and verb.xcomps and verb.xcomps[0].i > verb.tok.i:
        return _Reading(demanded(facts, verb.tok, verb.excl, verb.xcomps[0]), verb.xcomps[0])
    if lemma in lex.of_content and any(
        c.dep_ == "prep" and c.lower_ in _content_preps(lex, lemma) for c in verb.kids
    ):
        return _spoke_of(facts, verb)
    if (
        lemma in lex.object_content
        and verb.dobj is not None
        and lemma not in lex.tell_like
        and _object_is_said(facts, verb, verb.dobj)
    ):
        return _object(facts, verb)
    return _Reading()


def _object_is_said(facts: QuoteFacts, verb: _Verb, obj: Token) -> bool:
    """The object of an object-content verb is what was said: always, or with a predicate
    ("called him a liar", ``predicative``), or when it is a noun of speech ("raised concerns",
    ``object_nouns``); a quotation right after the object always is."""
    lex, lemma = facts.lex, verb.lemma
    predicative = lemma not in lex.predicative or any(
        c.dep_ in {"oprd", "xcomp", "ccomp"} for c in verb.kids
    )
    spoken = lemma not in lex.object_nouns or obj.lemma_.lower() in lex.object_nouns[lemma]
    return (predicative and spoken) or facts.quote_after(obj, 2) is not None


def _marked_clause(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """The phrase's particle is the mark of a clause ("called for X to …" parsed as a clause)."""
    clause = verb.particle.head
    reading = _Reading(facts.tree.subtree(clause.i, verb.excl), clause)
    if facts.lex.phrasal[verb.phrase]:  # "called on X to …": X is addressed
        subj = next((g for g in clause.children if g.dep_ in ACTIVE_SUBJ), None)
        if subj is not None:
            reading.addressees.append(subj)
    return reading


def _called_on(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "called on X to …": X is the addressee, the content runs from X to the infinitive."""
    obj = next((g for g in verb.particle.children if g.dep_ == "pobj"), None) or verb.dobj
    if obj is None:
        return _Reading()
    content = facts.tree.subtree(obj.i)
    if verb.xcomps:
        content |= demanded(facts, verb.tok, verb.excl, verb.xcomps[0])
    return _Reading(content, obj, [obj])


def _called_for(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "called for talks", "called for X to …", "pushed for a clause"."""
    obj = next((g for g in verb.particle.children if g.dep_ == "pobj"), None) or verb.dobj
    if obj is not None:
        content = facts.tree.subtree(obj.i)
        if verb.xcomps:  # "called for X to ..."
            content |= demanded(facts, verb.tok, verb.excl, verb.xcomps[0])
        return _Reading(content, obj)
    if verb.comps:
        return _Reading(facts.tree.subtree(verb.comps[0].i, verb.excl), verb.comps[0])
    return _Reading()


def _clause(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "said (that) …", "urged that …": the clausal complement."""
    tree, lex, comp = facts.tree, facts.lex, verb.comps[0]
    content = (
        demanded(facts, verb.tok, verb.excl, comp)
        if is_infinitive(comp)
        else tree.subtree(comp.i, verb.excl)
    )
    reading = _Reading(content, comp)
    # "said he had offers, but “the offers were …”": a quoted conjunct hangs on the cue
    for c in verb.kids:
        if c.dep_ == "conj" and c.i > comp.i and not facts.is_cue_verb(c):
            sub = tree.subtree(c.i)
            if any(facts.doc[i].text in QUOTE_CHARS for i in sub):
                reading.content |= sub | {x.i for x in verb.kids if x.dep_ == "cc" and x.i < c.i}
    if verb.lemma in lex.directive or verb.lemma in lex.tell_like:
        subj = next((g for g in comp.children if g.dep_ == "nsubj"), None)
        if verb.dobj is not None:
            reading.addressees.append(verb.dobj)
        elif (
            subj is not None
            and verb.lemma in lex.directive
            and comp.i > verb.tok.i
            and is_infinitive(comp)
        ):
            reading.addressees.append(subj)
    return reading


def _spoke_of(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "warned of …", "spoke about …": the object of the preposition; the object addressed."""
    preps = _content_preps(facts.lex, verb.lemma)
    prep = next(c for c in verb.kids if c.dep_ == "prep" and c.lower_ in preps)
    pobj = next((g for g in prep.children if g.dep_ in {"pobj", "pcomp"}), None)
    reading = _Reading()
    if pobj is not None:
        reading.content = facts.tree.subtree(pobj.i, facts.cue_exclusions(pobj))
        reading.root = pobj
    if verb.dobj is not None:
        reading.addressees.append(verb.dobj)
    return reading


def _object(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "condemned X", "called X a “champion”": the object, and its predicate."""
    dobj = verb.dobj
    content = facts.tree.subtree(dobj.i)
    for c in verb.kids:
        if c.i > dobj.i and (
            c.dep_ in {"oprd", "xcomp", "ccomp"}
            or (c.dep_ == "prep" and c.lower_ in {"as", "for", "of", "over"})
            or _possessed_gerund(dobj, c, content)
        ):
            content |= facts.tree.subtree(c.i)
    if content == {dobj.i} and dobj.lower_ in RELATIVE:
        return _Reading()  # "the reforms that the president promised": no words of his
    return _Reading(content, dobj)


def _possessed_gerund(dobj: Token, c: Token, content: set[int]) -> bool:
    """ "condemned the militia's shelling of the port", "described Eritrea's alleged
    “preparations”": the parser makes the possessor the object and the possessed a clause or a
    second object of the verb; the possessed is the object's head."""
    return (
        ((c.dep_ == "advcl" and c.tag_ == "VBG") or c.dep_ == "dobj")
        and c.left_edge.i == max(content) + 1
        and any(g.dep_ == "case" for g in dobj.children)
    )


def _spoken_to(facts: QuoteFacts, verb: _Verb, reading: _Reading) -> None:
    """ "said to the crowd …": the one spoken to is addressed."""
    if verb.lemma not in facts.lex.to_addressee:
        return
    for c in verb.kids:
        if c.dep_ != "prep" or c.lower_ != "to":
            continue
        for g in c.children:
            if g.dep_ != "pobj":
                continue
            reading.addressees.append(g)
            rel = next((r for r in g.children if r.dep_ == "relcl"), None)
            if not reading.content and rel is not None and rel.left_edge.lower_ == "that":
                # "said to the crowd that help was coming", parsed as a relative clause
                reading.content, reading.root = facts.tree.subtree(rel.i), rel


def that_clause_verb(v: Token, lex: CueLexicon) -> bool:
    """Any verb with a subject and a "that" clause ("X argued/signalled/hinted that …")."""
    if v.pos_ != "VERB" or v.dep_ in NO_CUE_DEPS or v.lemma_.lower() in lex.hedges | {"be"}:
        return False
    kids = list(v.children)
    return any(c.dep_ == "nsubj" for c in kids) and any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for c in kids
    )
