"""The judgement of one statement toward one target: its act, its label, whether it is negated,
and how strong the evidence is. Read from the cue *and* the content: an urge to stop one's own
hostilities is critical of the one urged ("urged Aliyev to cease hostilities"), a call on all
parties is neutral toward each, support for X's territorial integrity is supportive of X, X's
shelling makes the statement critical of X, a negated blame is neutral and negated."""

from __future__ import annotations

from typing import NamedTuple

from service.lexicons import stance_acts
from service.lexicons.stance_acts import (
    BLAME_ACTS,
    CONFLICT_ACTS,
    DIRECTIVE_ACTS,
    SUPPORTIVE_ACTS,
)
from service.nlp.stance.content import Content
from service.nlp.types import POLAR_LABELS, StanceLabel

POLAR_WORDS = 1.0  # the polarity of one clearly negative or positive word


class Judgement(NamedTuple):
    act: str
    label: StanceLabel
    negated: bool
    strength: float  # the evidence's weight before the quote's own confidence


def judge(
    role: str,
    rel: str,
    cue: str,
    c: Content,
    party: bool,
    self_benefit: bool,
    pol: float = 0.0,
) -> Judgement:
    """RETURNS the judgement of one statement toward one of its targets.

    ``role``: the target's role; ``rel``: how its mention figures in its clause (``relation_of``);
    ``cue``: the act of the cue; ``c``: what the content says; ``party``: the target stands for
    "both sides"; ``self_benefit``: an addressee the content also benefits; ``pol``: the polarity
    of what the content says the target does or is (``polarity.toward``).
    """
    if rel == "agent":
        if c.negated_blame:
            return Judgement("accuse", "neutral", True, 0.6)
        return Judgement(
            (cue if cue in CONFLICT_ACTS - {"reject"} else "accuse"),
            "critical",
            False,
            0.75,
        )
    if rel == "beneficiary" and cue in BLAME_ACTS | {"reject"} and not c.negated_blame:
        # "disputed Greek sovereignty", "rejected Armenia's claim to …": against what X is owed
        return Judgement(cue, "critical", False, 0.6)
    if rel in {"victim", "beneficiary"} or role == "beneficiary":
        return Judgement("express_support", "supportive", False, 0.7)
    if party:
        if c.negated_blame:
            return Judgement("accuse", "neutral", True, 0.6)
        if cue in BLAME_ACTS and not c.restraint and not c.cessation:
            # "criticized both sides", "accused both sides of violating the truce": each is blamed
            return Judgement(cue, "critical", False, 0.6)
        if c.restraint or c.cessation or cue in DIRECTIVE_ACTS or rel == "urged":
            return Judgement("call_for_restraint", "neutral", False, 0.7)
        if c.concern:
            return Judgement("express_concern", "neutral", False, 0.6)
        return Judgement(c.act or "neutral_statement", "neutral", False, 0.5)
    if rel == "demanded":
        return Judgement("demand", "critical", False, 0.7)
    if role == "addressee":
        if self_benefit:
            return Judgement("express_support", "supportive", False, 0.7)
        if cue in SUPPORTIVE_ACTS:
            return Judgement(cue, "supportive", False, 0.65)
        if c.cessation and (cue in DIRECTIVE_ACTS or rel == "urged" or not c.has_subject):
            return Judgement(("demand" if cue == "demand" else "urge"), "critical", False, 0.75)
        act = stance_acts.load().acts.get(cue)
        if act is not None and act.label in POLAR_LABELS:
            if cue == "urge":
                # urged to do something that is not stopping its own action
                return Judgement(cue, "neutral", False, 0.5)
            return Judgement(cue, act.label, False, 0.6)  # a demand is confrontational
        if c.restraint:
            return Judgement("call_for_restraint", "neutral", False, 0.55)
        if c.act in SUPPORTIVE_ACTS:
            return Judgement(c.act, "supportive", False, 0.55)
        return Judgement(("consult" if cue == "neutral_statement" else cue), "neutral", False, 0.5)
    # subject with no hostile or beneficial role in the content
    if cue in BLAME_ACTS | {"reject"} and not c.negated_blame:
        # "condemned the sanctions imposed by X", "criticized X's decision", "rejected X's
        # claims": the doer or owner of what is condemned or rejected
        return Judgement(cue, "critical", False, 0.6)
    if pol <= -POLAR_WORDS:
        return Judgement("accuse", "critical", False, 0.6)  # "X's boats were fishing illegally"
    if pol >= POLAR_WORDS:
        return Judgement("praise", "supportive", False, 0.55)
    if c.negated_blame:
        return Judgement("accuse", "neutral", True, 0.5)
    if c.concern:
        return Judgement("express_concern", "neutral", False, 0.5)
    return Judgement("neutral_statement", "neutral", False, 0.4)
