"""How words figure in their clause, read the same way by the target and stance stages: the
role of an actor's mention ("X's shelling", "shelling in X", "urged X to"), negation, the phrases
that stand for the parties of a conflict ("both sides"), and the tokens of a quote's content."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from service.lexicons import stance_acts
from service.lexicons.stance_acts import DIRECTIVE_ACTS
from service.nlp.context import DocContext
from service.nlp.deps import NOUN_SUBJ
from service.nlp.types import Span


def party_phrase(text: str, start: int, end: int) -> Span | None:
    """The "both sides" / "the parties" phrase inside ``text[start:end]``, if any."""
    lex = stance_acts.load()
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
    lex = stance_acts.load()
    # climb out of a multi-token name to the token that attaches it, and from a modifier to the
    # noun it stands for ("the Australian side", "the Chinese embassy")
    while (tok.dep_ in {"compound", "flat"} and tok.head is not tok) or (
        tok.dep_ in {"amod", "compound", "poss"} and tok.head.lemma_.lower() in lex.proxies
    ):
        tok = tok.head
    dep, head = tok.dep_, tok.head
    hl = head.lemma_.lower()
    if dep in {"poss", "amod", "compound", "nmod"} and (rel := _as_modifier(dep, hl, lex)):
        return rel
    if dep == "pobj" and (rel := _as_prep_object(head, lex)):
        return rel
    if (dep in NOUN_SUBJ and _demanded_for(head, lex)) or (
        dep == "pobj" and _demanded_of_pobj(head, lex)
    ):
        return "demanded"  # "called for Biden to resign", "called for Comey to be fired"
    if dep == "nsubj" and hl in lex.hostile_verbs:
        return "agent"
    if dep in NOUN_SUBJ and _demanded_clause(head, lex):
        return "urged"  # "demanding that China respect …", "urged that Russia withdraw"
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
        if act in DIRECTIVE_ACTS or (hl == "call" and _has_prep(head, {"on", "upon"})):
            return "urged"
    if dep == "pobj" and head.lower_ in {"on", "upon"} and head.head.lemma_.lower() == "call":
        return "urged"
    return "other"


def _as_modifier(dep: str, hl: str, lex: stance_acts.StanceLexicon) -> str | None:
    """A name modifying a noun: "Armenian casualties", "Azerbaijani shelling", "Armenia's
    integrity"."""
    if hl in lex.suffered:
        return "victim"
    if hl in lex.hostile_nouns and dep != "nmod":
        return "agent"
    if hl in lex.beneficiary_nouns:
        return "beneficiary"
    return None


def _as_prep_object(prep_tok: Token, lex: stance_acts.StanceLexicon) -> str | None:
    """A name after a preposition: "attack by X", "support for X", "shelling in X"."""
    prep, gov = prep_tok.lower_, prep_tok.head
    gl = _event_lemma(gov, lex)
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
    return None


_LIGHT_VERBS = frozenset({"carry", "conduct", "commit", "launch", "impose", "stage", "wage"})


def _event_lemma(gov: Token, lex: stance_acts.StanceLexicon) -> str:
    """The lemma of the act a preposition's governor stands for: the governor, or, for a light
    verb, the hostile noun it carries ("sanctions imposed on X", "attacks carried out by X")."""
    gl = gov.lemma_.lower()
    if gov.pos_ != "VERB" or gl not in _LIGHT_VERBS:
        return gl
    acts = [c for c in gov.children if c.dep_ in {"nsubjpass", "dobj"}]
    if gov.dep_ in {"acl", "relcl"}:
        acts.append(gov.head)
    hostile = [a.lemma_.lower() for a in acts if a.lemma_.lower() in lex.hostile_nouns]
    return hostile[0] if hostile else gl


def _demanded_clause(verb: Token, lex: stance_acts.StanceLexicon) -> bool:
    """``verb`` heads the clause of what an urge or demand asks: "demanding that X respect …"."""
    if verb.dep_ not in {"ccomp", "xcomp"} or verb.head is verb:
        return False
    return lex.verbs.get(verb.head.lemma_.lower()) in DIRECTIVE_ACTS


def _demanded_for(verb: Token, lex: stance_acts.StanceLexicon) -> bool:
    """``verb`` is the clause of "called for X to <stop / be removed or punished>": spaCy makes
    "for" the mark of a clause hung on the calling verb."""
    if verb.dep_ not in {"advcl", "ccomp", "xcomp"} or verb.head.lemma_.lower() not in (
        lex.demand_for_verbs
    ):
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return False
    return _demanded_act(verb, lex)


def _demanded_of_pobj(prep: Token, lex: stance_acts.StanceLexicon) -> bool:
    """``prep`` is the "for" of "called for X to stop …" parsed with X as its object and the
    infinitive hung on the calling verb."""
    call = prep.head
    if prep.lower_ != "for" or call.lemma_.lower() not in lex.demand_for_verbs:
        return False
    clause = next((c for c in call.children if c.dep_ in {"advcl", "xcomp"} and c.i > prep.i), None)
    return clause is not None and _demanded_act(clause, lex)


def _demanded_act(verb: Token, lex: stance_acts.StanceLexicon) -> bool:
    lemma = verb.lemma_.lower()
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    return (
        lemma in lex.cessation_verbs
        or lemma in lex.ouster_verbs
        or (passive and lemma in lex.hostile_verbs)
    )


def _has_prep(tok: Token, preps: set[str]) -> bool:
    return any(c.dep_ in {"prep", "prt"} and c.lower_ in preps for c in tok.children)


def content_tokens(ctx: DocContext, fragments: Sequence[Span]) -> list[Token]:
    """The tokens inside a quote's fragments."""
    out: list[Token] = []
    tokens = ctx.tokens  # iterating a Span builds a new Token per word, every time
    for f in fragments:
        span = ctx.span(f.start, f.end, "contract")
        if span is not None:
            out.extend(tokens[span.start : span.end])
    return out


def is_negated(tok: Token) -> bool:
    """``tok`` or the verb governing it is negated ("not assigning blame", "did not condemn")."""
    neg = stance_acts.load().negation
    for t in (tok, tok.head) if tok.dep_ in {"dobj", "xcomp", "pobj"} else (tok,):
        if any(
            c.dep_ == "neg" or (c.dep_ in {"det", "advmod"} and c.lower_ in neg) for c in t.children
        ):
            return True
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in neg:  # "refused to condemn"
            return True
    return False
