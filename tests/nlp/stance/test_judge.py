"""stance.judge: one statement toward one target, by the first named rule that fits; the
negative cases are the ones a later rule must not take over."""

from __future__ import annotations

import pytest

from service.nlp.stance import judge as j
from service.nlp.stance.content import Content

PLAIN = Content(None, False, False, False, False, False)


def _content(**kw) -> Content:
    fields = {
        "act": None,
        "cessation": False,
        "restraint": False,
        "concern": False,
        "negated_blame": False,
        "has_subject": False,
    }
    return Content(**{**fields, **kw})


# (role, rel, cue, content, party, self_benefit, polarity) -> (act, label, negated, strength)
CASES = [
    # the agent of what is condemned
    (
        ("subject", "agent", "criticize", PLAIN, False, False, 0.0),
        ("criticize", "critical", False, j.HOSTILE_ACT),
    ),
    (
        ("subject", "agent", "reject", PLAIN, False, False, 0.0),
        ("accuse", "critical", False, j.HOSTILE_ACT),
    ),  # a rejection does not charge an agent
    (
        ("subject", "agent", "criticize", _content(negated_blame=True), False, False, 0.0),
        ("accuse", "neutral", True, j.BLAME),
    ),
    # owed or harmed
    (
        ("subject", "beneficiary", "reject", PLAIN, False, False, 0.0),
        ("reject", "critical", False, j.BLAME),
    ),
    (
        ("subject", "victim", "criticize", PLAIN, False, False, 0.0),
        ("express_support", "supportive", False, j.CLEAR_ROLE),
    ),
    # the parties of the conflict
    (
        ("addressee", "other", "urge", _content(restraint=True), True, False, 0.0),
        ("call_for_restraint", "neutral", False, j.CLEAR_ROLE),
    ),
    (
        ("subject", "other", "accuse", PLAIN, True, False, 0.0),
        ("accuse", "critical", False, j.BLAME),
    ),
    (
        ("subject", "other", "neutral_statement", _content(act="consult"), True, False, 0.0),
        ("consult", "neutral", False, j.SIDELESS),
    ),
    # a demand made of the target
    (
        ("subject", "demanded", "urge", PLAIN, False, False, 0.0),
        ("demand", "critical", False, j.CLEAR_ROLE),
    ),
    # the addressee
    (
        ("addressee", "urged", "urge", _content(cessation=True), False, False, 0.0),
        ("urge", "critical", False, j.HOSTILE_ACT),
    ),
    (
        ("addressee", "other", "urge", PLAIN, False, False, 0.0),
        ("urge", "neutral", False, j.SIDELESS),
    ),  # urged to do what is not stopping its acts
    (
        ("addressee", "other", "praise", PLAIN, False, False, 0.0),
        ("praise", "supportive", False, j.SUPPORTIVE_CUE),
    ),
    (
        ("addressee", "other", "accuse", PLAIN, False, False, 0.0),
        ("accuse", "critical", False, j.BLAME),
    ),
    (
        ("addressee", "other", "neutral_statement", PLAIN, False, True, 0.0),
        ("express_support", "supportive", False, j.CLEAR_ROLE),
    ),
    (
        ("addressee", "other", "neutral_statement", PLAIN, False, False, 0.0),
        ("consult", "neutral", False, j.SIDELESS),
    ),
    # a subject, by the cue's blame or the polarity of what is said of it
    (
        ("subject", "other", "criticize", PLAIN, False, False, 0.0),
        ("criticize", "critical", False, j.BLAME),
    ),
    (
        ("subject", "other", "neutral_statement", PLAIN, False, False, -1.0),
        ("accuse", "critical", False, j.BLAME),
    ),
    (
        ("subject", "other", "neutral_statement", PLAIN, False, False, 1.0),
        ("praise", "supportive", False, j.MILD),
    ),
    (
        ("subject", "other", "neutral_statement", _content(concern=True), False, False, 0.5),
        ("express_concern", "neutral", False, j.SIDELESS),
    ),
    (
        ("subject", "other", "neutral_statement", PLAIN, False, False, 0.0),
        ("neutral_statement", "neutral", False, j.MENTION),
    ),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_judgement(args, expected):
    assert tuple(j.judge(*args)) == expected


def test_strengths_rank_the_evidence():
    ranked = [j.HOSTILE_ACT, j.CLEAR_ROLE, j.SUPPORTIVE_CUE, j.BLAME, j.MILD, j.SIDELESS]
    assert ranked == sorted(ranked, reverse=True) and j.MENTION < j.SIDELESS
