"""Acts: what a cue or a clause does, in the act vocabulary of ``stance_acts.yaml`` (PLOVER and
CAMEO coded): "call on" urges, "call out" criticises; "must" demands, "will help" commits, "will
not accept" rejects."""

from __future__ import annotations

from spacy.tokens import Token

from service.lexicons import stance_acts
from service.lexicons.stance_acts import CONFLICT_ACTS
from service.nlp.clauses import is_negated

_FUTURE = frozenset({"will", "would", "shall", "'ll"})
_READY = frozenset({"ready", "willing", "prepared", "determined", "set", "eager", "poised"})
_REFUSE = frozenset({"refuse", "decline", "fail", "renege", "reject"})
_INTENT = frozenset({"agree", "pledge", "promise", "vow"})
_MODAL = _FUTURE | {"must", "not", "n't", "never"}


def cue_act(lemma: str | None, tok: Token | None = None) -> str:
    """The act a cue (or reported verb) performs: "call on" is an urge, "call out" a critique."""
    lex = stance_acts.load()
    if not lemma:
        return "neutral_statement"
    lemma = lemma.lower()
    if tok is not None:
        prts = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep"}}
        for p in prts:
            if f"{lemma} {p}" in lex.verbs:
                return lex.verbs[f"{lemma} {p}"]
        if lemma == "call" and prts & {"on", "upon", "for"}:
            return "urge"
        if lemma == "call" and any(c.dep_ == "oprd" for c in tok.children):
            return "criticize"  # "called him a liar"
    if lemma == "call":
        return "urge"
    return lex.verbs.get(lemma) or lex.nouns.get(lemma) or "neutral_statement"


def has_modality(t: Token) -> bool:
    """``t`` has the modality ``clause_act`` reads (will, must, ready to, refused to, not)."""
    if t.dep_ == "xcomp" and t.head.lemma_.lower() in _READY | _REFUSE | _INTENT:
        return True
    return any(c.dep_ in {"aux", "neg"} and c.lower_ in _MODAL for c in t.children)


def clause_act(t: Token) -> str | None:
    """The act one verb or noun performs in its clause, with the modality CAMEO codes on:
    "must" → demand, intent ("will help", "ready to send") → agree_commit or, for a hostile verb,
    threaten, negation or refusal ("will not accept", "refused to deploy") → reject."""
    lex = stance_acts.load()
    low = t.lemma_.lower()
    if t.pos_ == "NOUN":
        act = lex.nouns.get(low) if t.dep_ in {"dobj", "nsubj", "ROOT", "attr"} else None
        return None if act == "urge" and t.dep_ != "dobj" else act
    if t.pos_ not in {"VERB", "AUX"}:
        return None
    act = cue_act(low, t) if (low in lex.verbs or low == "call") else None
    if act == "neutral_statement":
        return None
    aux = {c.lower_ for c in t.children if c.dep_ in {"aux", "auxpass"}}
    negated = is_negated(t)
    refused = t.dep_ == "xcomp" and t.head.lemma_.lower() in _REFUSE
    future = bool(aux & _FUTURE) or (
        t.dep_ == "xcomp" and t.head.lemma_.lower() in _READY | _INTENT
    )
    hostile = low in lex.hostile_verbs or act in CONFLICT_ACTS
    if "must" in aux:
        return "demand"
    if (negated or refused) and act not in CONFLICT_ACTS:
        return "reject"
    if future:
        return "threaten" if hostile else "agree_commit"
    return act
