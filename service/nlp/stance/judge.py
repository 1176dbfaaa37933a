"""The judgement of one statement toward one target: its act, its label, whether it is negated,
and how strong the evidence is. Read from the cue *and* the content: an urge to stop one's own
hostilities is critical of the one urged ("urged Aliyev to cease hostilities"), a call on all
parties is neutral toward each, support for X's territorial integrity is supportive of X, X's
shelling makes the statement critical of X, a negated blame is neutral and negated.

Named rules, tried in order, by how the target figures in the statement: as the agent of what
is condemned, as one owed or harmed, as a party of the conflict, as the one of whom something is
demanded, as the addressee, else as a subject. Each rule's strength is a named constant.
"""

from __future__ import annotations

from collections.abc import Callable
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

# How strong each kind of evidence is, before the quote's own confidence:
#: the target does what the statement condemns ("Azerbaijan's shelling"), or is urged to stop
HOSTILE_ACT = 0.75
#: the target suffers what is condemned or is owed what is defended; a call on the parties for
#: restraint; a demand made of the target; an addressee the content also benefits
CLEAR_ROLE = 0.7
#: an addressee praised, backed or promised something
SUPPORTIVE_CUE = 0.65
#: a blame, rejection or demand aimed at the target; a blame the content negates; concern over
#: the parties; the content's words about the target are negative
BLAME = 0.6
#: an addressee called on for restraint; the content's own supportive act; its words about the
#: target are positive
MILD = 0.55
#: a statement that names or addresses the target without taking a side
SIDELESS = 0.5
#: the target is only mentioned
MENTION = 0.4

# acts an agent of what is condemned can be charged with; any other blame reads as an accusation
_AGENT_ACTS = CONFLICT_ACTS - {"reject"}
_DISPUTE_ACTS = BLAME_ACTS | {"reject"}


class Judgement(NamedTuple):
    act: str
    label: StanceLabel
    negated: bool
    strength: float  # the evidence's weight before the quote's own confidence


class _Case(NamedTuple):
    """One statement toward one target, as ``judge`` receives it."""

    role: str
    rel: str
    cue: str
    c: Content
    party: bool
    self_benefit: bool
    pol: float


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
    case = _Case(role, rel, cue, c, party, self_benefit, pol)
    for rule in _RULES:
        found = rule(case)
        if found is not None:
            return found
    return _subject(case)


def _agent(k: _Case) -> Judgement | None:
    """The target does what the statement condemns: critical, unless the blame is negated."""
    if k.rel != "agent":
        return None
    if k.c.negated_blame:
        return Judgement("accuse", "neutral", True, BLAME)
    return Judgement(k.cue if k.cue in _AGENT_ACTS else "accuse", "critical", False, HOSTILE_ACT)


def _owed(k: _Case) -> Judgement | None:
    """ "disputed Greek sovereignty", "rejected Armenia's claim to …": against what the target
    is owed; any other statement for a victim or beneficiary supports it."""
    if k.rel == "beneficiary" and k.cue in _DISPUTE_ACTS and not k.c.negated_blame:
        return Judgement(k.cue, "critical", False, BLAME)
    if k.rel in {"victim", "beneficiary"} or k.role == "beneficiary":
        return Judgement("express_support", "supportive", False, CLEAR_ROLE)
    return None


def _parties(k: _Case) -> Judgement | None:
    """ "both sides", "the parties": each is blamed by a blame, else called on for restraint."""
    if not k.party:
        return None
    c = k.c
    if c.negated_blame:
        return Judgement("accuse", "neutral", True, BLAME)
    if k.cue in BLAME_ACTS and not c.restraint and not c.cessation:
        # "criticized both sides", "accused both sides of violating the truce": each is blamed
        return Judgement(k.cue, "critical", False, BLAME)
    if c.restraint or c.cessation or k.cue in DIRECTIVE_ACTS or k.rel == "urged":
        return Judgement("call_for_restraint", "neutral", False, CLEAR_ROLE)
    if c.concern:
        return Judgement("express_concern", "neutral", False, BLAME)
    return Judgement(c.act or "neutral_statement", "neutral", False, SIDELESS)


def _demanded(k: _Case) -> Judgement | None:
    """ "called for Biden to resign": a demand made of the target is critical of it."""
    return Judgement("demand", "critical", False, CLEAR_ROLE) if k.rel == "demanded" else None


def _addressed(k: _Case) -> Judgement | None:
    """The one told, urged or called on: by what it is urged to do and by the cue's side."""
    if k.role != "addressee":
        return None
    cue, c = k.cue, k.c
    if k.self_benefit:
        return Judgement("express_support", "supportive", False, CLEAR_ROLE)
    if cue in SUPPORTIVE_ACTS:
        return Judgement(cue, "supportive", False, SUPPORTIVE_CUE)
    if c.cessation and (cue in DIRECTIVE_ACTS or k.rel == "urged" or not c.has_subject):
        act = "demand" if cue == "demand" else "urge"
        return Judgement(act, "critical", False, HOSTILE_ACT)  # urged to stop its own acts
    act = stance_acts.load().acts.get(cue)
    if act is not None and act.label in POLAR_LABELS:
        if cue == "urge":
            # urged to do something that is not stopping its own action
            return Judgement(cue, "neutral", False, SIDELESS)
        return Judgement(cue, act.label, False, BLAME)  # a demand is confrontational
    if c.restraint:
        return Judgement("call_for_restraint", "neutral", False, MILD)
    if c.act in SUPPORTIVE_ACTS:
        return Judgement(c.act, "supportive", False, MILD)
    return Judgement("consult" if cue == "neutral_statement" else cue, "neutral", False, SIDELESS)


def _subject(k: _Case) -> Judgement:
    """A subject with no hostile or beneficial role in the content: by the cue's blame, then by
    the polarity of what the content says the target does or is."""
    if k.cue in _DISPUTE_ACTS and not k.c.negated_blame:
        # "condemned the sanctions imposed by X", "criticized X's decision", "rejected X's
        # claims": the doer or owner of what is condemned or rejected
        return Judgement(k.cue, "critical", False, BLAME)
    if k.pol <= -POLAR_WORDS:
        return Judgement("accuse", "critical", False, BLAME)  # "X's boats were fishing illegally"
    if k.pol >= POLAR_WORDS:
        return Judgement("praise", "supportive", False, MILD)
    if k.c.negated_blame:
        return Judgement("accuse", "neutral", True, SIDELESS)
    if k.c.concern:
        return Judgement("express_concern", "neutral", False, SIDELESS)
    return Judgement("neutral_statement", "neutral", False, MENTION)


_RULES: tuple[Callable[[_Case], Judgement | None], ...] = (
    _agent,
    _owed,
    _parties,
    _demanded,
    _addressed,
)
