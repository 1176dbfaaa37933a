"""What a quote's content says, whoever it is about: a stop to hostilities, a call for
restraint, a concern, a negated blame, an act of its own ("expressing concern")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from service.lexicons import stance_acts
from service.lexicons.stance_acts import BLAME_ACTS
from service.nlp.clauses import is_negated
from service.nlp.deps import NOUN_SUBJ

_RESPECT = frozenset({"respect", "observe", "honor", "honour"})
_EXPRESS = frozenset(
    {"express", "voice", "convey", "show", "reiterate", "offer", "extend", "state"}
)


@dataclass(frozen=True, slots=True)
class Content:
    """What a quote's content says, independent of whom it is about."""

    act: str | None  # an act carried by the content ("expressing concern", "our support")
    cessation: bool  # stop / halt / end hostilities, withdraw forces
    restraint: bool
    concern: bool
    negated_blame: bool
    has_subject: bool  # a clause with its own subject ("the US would push for…")


def read_content(toks: Sequence[Token]) -> Content:
    """What the tokens of a quote's content say (see ``Content``)."""
    lex = stance_acts.load()
    act = None
    cessation = restraint = concern = negated_blame = has_subject = False
    inside = {t.i for t in toks}
    for t in toks:
        low = t.lemma_.lower()
        # a subject of its own (a name, or the speaker's "we") means the content reports what
        # someone does; "he"/"they" may well be the one told, so they do not count
        if t.dep_ in NOUN_SUBJ and (t.pos_ != "PRON" or t.lower_ in {"we", "i"}):
            has_subject = True
        if t.pos_ == "VERB" and low in lex.cessation_verbs:
            objs = [c for c in t.children if c.dep_ in {"dobj", "pobj", "prep"}]
            objs += [g for c in objs if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            if (
                low in lex.cessation_intransitive
                or any(
                    o.lemma_.lower() in lex.hostile_nouns or o.lower_ in lex.cessation_nouns
                    for o in objs
                )
                or (
                    low in _RESPECT and any(o.lemma_.lower() in lex.beneficiary_nouns for o in objs)
                )
            ):
                cessation = True  # "respect X's sovereignty": stop violating it
        if t.pos_ == "NOUN" and low in lex.cessation_nouns:
            # "an end to hostilities", "a halt of the fighting"
            cessation = cessation or any(
                c.dep_ == "prep"
                and c.lower_ in {"to", "of", "in"}
                and any(g.lemma_.lower() in lex.hostile_nouns for g in c.children)
                for c in t.children
            )
        if low in lex.restraint and t.pos_ in {"NOUN", "VERB", "ADJ"}:
            restraint = True
        noun_act = lex.nouns.get(low) if t.pos_ in {"NOUN", "PROPN"} else None
        verb_act = lex.verbs.get(low) if t.pos_ == "VERB" else None
        if "express_concern" in (noun_act, verb_act):
            concern = True
        if (noun_act or verb_act) in BLAME_ACTS and is_negated(t):
            negated_blame = True
        # "expressing concern", "our deep concern": a content headed by the act noun
        if (
            act is None
            and noun_act
            and noun_act != "urge"
            and ((t.dep_ == "dobj" and t.head.lemma_.lower() in _EXPRESS) or t.head.i not in inside)
        ):
            act = noun_act
    return Content(act, cessation, restraint, concern, negated_blame, has_subject)
