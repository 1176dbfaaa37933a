"""What a statement's words say of one actor it names: the polarity of the act or trait the
actor takes part in as its doer or owner.

"the trawlers had been fishing illegally", "the brutal treatment by Ruritanian border
guards", "Ruritania's history is full of meddling", "the 'cruel and unlawful'
sanctions imposed on Chad by the bloc": the actor owns, does or is
described by the words around it, and their polarity (``stance_acts.yaml``, ``polarity``) is the
statement's polarity toward it. The actor something is done to is left to the victim rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from service.lexicons import stance_acts
from service.nlp.deps import NOUN_SUBJ

_MODIFIERS = frozenset({"amod", "advmod", "compound", "acomp", "npadvmod", "nmod"})
_PREDICATES = frozenset({"acomp", "attr", "oprd", "xcomp", "dobj", "advmod", "prep", "npadvmod"})
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "csubj", "parataxis", "mark", "punct", "cc"})
_LIGHT_VERBS = frozenset({"carry", "conduct", "commit", "launch", "impose", "stage", "make"})
_MAX_WORDS = 14  # a predicate's words read at most


def toward(tok: Token) -> float:
    """The summed polarity of the words that describe what the actor named at ``tok`` does, owns
    or is; 0 when it is no doer or owner, or nothing polar is said."""
    while tok.dep_ in {"compound", "flat"} and tok.head is not tok:
        tok = tok.head
    dep, head = tok.dep_, tok.head
    if dep in {"poss", "amod", "compound", "nmod"}:
        score = _noun(head, skip=tok)  # "X's decision", "Serbian decision"
        if head.dep_ == "pobj" and head.head.lower_ == "by" and head.head.head is not head.head:
            score += _agent_of(head.head.head)  # "the brutal treatment by Chinese forces"
        return score
    if dep == "pobj" and head.lower_ == "by" and head.head is not head:
        return _agent_of(head.head)  # "the treatment by X", "sanctions imposed by X"
    if dep == "nsubj":
        return _predicate(head)  # "X violated …", "X is fishing illegally"
    return 0.0


def word(tok: Token) -> float:
    """The polarity of one word (its lemma, or the adjective of an -ly adverb), flipped under a
    negation ("not illegal")."""
    lex = stance_acts.load()
    lemma = tok.lemma_.lower()
    value = lex.polarity.get(lemma)
    if value is None and lemma.endswith("ly"):
        value = lex.polarity.get(lemma[:-2])
    if value is None:
        return 0.0
    # "not illegal", "was not legal": the word's own negation or its copula's; not a negation
    # further up ("will not allow X to undermine …" still says X undermines)
    negated = any(c.dep_ == "neg" for c in tok.children) or (
        tok.dep_ in {"acomp", "attr"} and any(c.dep_ == "neg" for c in tok.head.children)
    )
    return -value if negated else value


def _agent_of(gov: Token) -> float:
    """A "by X" phrase hangs on a noun (the act) or on a passive verb, whose subject, or the noun
    it describes, is the act ("sanctions imposed by X", "attacks carried out by X")."""
    if gov.pos_ in {"NOUN", "PROPN"}:
        return _noun(gov)
    score = word(gov) + _sum(c for c in gov.children if c.dep_ in {"advmod", "npadvmod"})
    acts = [c for c in gov.children if c.dep_ == "nsubjpass"]
    if gov.dep_ in {"acl", "relcl"} and gov.head.pos_ in {"NOUN", "PROPN"}:
        acts.append(gov.head)
    return score + sum(_noun(a, skip=gov) for a in acts)


def _noun(noun: Token, skip: Token | None = None) -> float:
    """A noun the actor owns or does: the noun, its modifiers and conjoined modifiers, and what
    its clause predicates of it when it is a subject."""
    mods = [c for c in noun.children if c.dep_ in _MODIFIERS and c is not skip and c != skip]
    mods += [g for m in mods for g in m.conjuncts if g.i > m.i]
    score = word(noun) + _sum(mods)
    if noun.dep_ in NOUN_SUBJ and noun.head is not noun:
        score += _predicate(noun.head, subject=noun)
    return score


def _predicate(verb: Token, subject: Token | None = None) -> float:
    """What a clause says of its subject: the verb (unless a light verb or a copula), its
    adverbs, its complement or object, with their modifiers, bounded."""
    lemma = verb.lemma_.lower()
    score = 0.0 if lemma in _LIGHT_VERBS or verb.pos_ == "AUX" else word(verb)
    words: list[Token] = []
    for c in verb.children:
        if c.dep_ in _PREDICATES and c is not subject and c != subject:
            words += _bounded_subtree(c)
    negated = any(c.dep_ == "neg" for c in verb.children)
    phrase = _sum(words[:_MAX_WORDS])
    return score + (-phrase if negated else phrase)


def _bounded_subtree(tok: Token) -> list[Token]:
    """``tok`` and the words under it, not descending into clauses of their own."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _CLAUSES)
    return sorted(out, key=lambda t: t.i)


def _sum(toks: Iterable[Token]) -> float:
    return sum(word(t) for t in toks)
