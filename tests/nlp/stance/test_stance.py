"""Targets, stances and relations: table-driven cases through the engine, with negative cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.lexicons import stance_acts as stance_lexicon
from service.nlp import engine
from service.nlp.stance import classifier
from service.nlp.types import Analysis

PLOVER_EVENTS = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
ACTS = {
    "praise", "express_support", "agree_commit", "concede", "consult", "mediate", "urge",
    "call_for_restraint", "demand", "criticize", "accuse", "reject", "threaten",
    "express_concern", "neutral_statement",
}  # fmt: skip


def _named(a: Analysis) -> dict[str, str]:
    return {x.id: x.name for x in a.actors}


def stances_of(nlp, text: str) -> set[tuple[str, str, str, str, bool]]:
    a = engine.analyze_text(nlp, text)
    n = _named(a)
    return {(n[s.source], n[s.target], s.label, s.act, s.negated) for s in a.stances}


def relations_of(nlp, text: str) -> set[tuple[str, str, str]]:
    a = engine.analyze_text(nlp, text)
    n = _named(a)
    return {(n[r.source], n[r.target], r.label) for r in a.relations}


# (text, stances that must be found as (source, target, label, act, negated))
FOUND = [
    (  # an addressee urged to stop its own action: critical; the victim: supportive
        "France urged Russia to halt its attacks on Ukraine, the foreign ministry said.",
        {
            ("France", "Russia", "critical", "urge", False),
            ("France", "Ukraine", "supportive", "express_support", False),
        },
    ),
    (  # "both sides" expands to the parties named in the article, neutral toward each
        "Germany called on both sides to exercise restraint in the conflict between Armenia and "
        "Azerbaijan.",
        {
            ("Germany", "Armenia", "neutral", "call_for_restraint", False),
            ("Germany", "Azerbaijan", "neutral", "call_for_restraint", False),
        },
    ),
    (  # territorial integrity of X: supportive of X (beneficiary)
        "Italy said it supports the territorial integrity of Georgia.",
        {("Italy", "Georgia", "supportive", "express_support", False)},
    ),
    (  # a negated blame: neutral and negated, toward the parties
        "Spain said it was not assigning blame for the fighting between Serbia and Kosovo.",
        {
            ("Spain", "Serbia", "neutral", "accuse", True),
            ("Spain", "Kosovo", "neutral", "accuse", True),
        },
    ),
    (  # X's shelling: critical of X
        "Turkey said there was evidence of Syrian shelling inside Turkey.",
        {("Turkey", "Syria", "critical", "accuse", False)},
    ),
    (  # concern alone: neutral toward the parties
        "Poland expressed concern about the escalation of the war between Russia and Ukraine.",
        {
            ("Poland", "Russia", "neutral", "express_concern", False),
            ("Poland", "Ukraine", "neutral", "express_concern", False),
        },
    ),
    (  # "X must stop/change its action": a demand on X, critical
        "Russia said Ukraine must withdraw its troops from the border.",
        {("Russia", "Ukraine", "critical", "demand", False)},
    ),
    (  # a reported act in the narrative
        "Japan praised South Korea for its handling of the talks.",
        {("Japan", "South Korea", "supportive", "praise", False)},
    ),
    (  # blame of "both sides" blames each party
        "Amid the conflict between Armenia and Azerbaijan, Moscow criticized both sides for the "
        "escalation.",
        {
            ("Russia", "Armenia", "critical", "criticize", False),
            ("Russia", "Azerbaijan", "critical", "criticize", False),
        },
    ),
    (  # "called for X to resign / be fired / stop …": a demand on X, never support of X
        "Trump called for Comey to be fired.",
        {("Trump", "Comey", "critical", "demand", False)},
    ),
    (
        "Republicans called for Biden to resign.",
        {("Republican Party", "Biden", "critical", "demand", False)},
    ),
    (
        "France called for Azerbaijan to stop the shelling of Armenia.",
        {
            ("France", "Azerbaijan", "critical", "demand", False),
            ("France", "Armenia", "supportive", "express_support", False),
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t[:40] for t, _ in FOUND])
def test_stances_found(nlp, text, expected):
    got = stances_of(nlp, text)
    assert expected <= got, f"missing {expected - got}; got {got}"


# texts in which no stance may be critical
NOT_CRITICAL = [
    # the content decides: urging donors to help Haiti is critical of no one
    "Canada urged donors to help Haiti.",
    # "must help Haiti" asks for help, it does not blame anyone
    "Canada said donors must help Haiti.",
    # the speaker pushing for a halt is not an urge aimed at the one told
    "China told Vietnam that it would push for an end to the dispute.",
    # restraint from every party: neutral toward each
    "Germany called on both sides to exercise restraint in the conflict between Armenia and "
    "Azerbaijan.",
    # a negated blame is not critical
    "Spain said it was not assigning blame for the fighting between Serbia and Kosovo.",
    # a call on "both sides" to cease: neutral toward each party, and "both sides" is no target
    "Russia called on both sides to cease hostilities in the conflict between Armenia and "
    "Azerbaijan.",
    "Russia, which called on both sides to cease hostilities, sent a mediator to Armenia.",
    "The statements, which urged the parties to stop the fighting, were read in Armenia.",
    # a call for X to do something that is not stopping or removal is no demand on X
    "Clinton is calling for the United States to take a stronger role in the conflict.",
]


@pytest.mark.parametrize("text", NOT_CRITICAL, ids=[t[:40] for t in NOT_CRITICAL])
def test_no_critical_stance(nlp, text):
    got = stances_of(nlp, text)
    assert not [s for s in got if s[2] == "critical"], got


@pytest.mark.parametrize(
    "text", ["Trump called for Comey to be fired.", "Biden called for Putin to be tried."]
)
def test_a_call_for_removal_is_not_support(nlp, text):
    assert not [s for s in stances_of(nlp, text) if s[2] == "supportive"]


NOTHING = [
    "The weather in Paris was mild on Tuesday.",
    "",
    "Prices rose by three percent in March.",
    "He said the meeting would take place next week.",
]


@pytest.mark.parametrize("text", NOTHING)
def test_no_stance_without_two_actors(nlp, text):
    a = engine.analyze_text(nlp, text)
    assert [s for s in a.stances if s.label != "neutral"] == []
    assert [r for r in a.relations if r.label != "neutral"] == []


def test_stance_fields_are_consistent(nlp):
    text = "France urged Russia to halt its attacks on Ukraine, the foreign ministry said."
    a = engine.analyze_text(nlp, text)
    quote_ids = {q.id for q in a.quotes}
    actor_ids = {x.id for x in a.actors}
    assert a.stances
    for s in a.stances:
        assert s.source in actor_ids and s.target in actor_ids and s.source != s.target
        assert s.act in ACTS and s.label in stance_lexicon.LABELS
        assert set(s.quotes) <= quote_ids
        assert 0.0 <= s.confidence <= 1.0
        act = stance_lexicon.load().acts[s.act]
        assert (s.plover_event, s.plover_mode, s.cameo) == (act.plover, act.mode, act.cameo)
    for t in a.targets:
        assert text[t.mention.start : t.mention.end] == t.mention.text
        assert t.role in {"addressee", "subject", "beneficiary"}


def test_relations_follow_affiliation(nlp):
    got = relations_of(
        nlp,
        "French Foreign Minister Catherine Colonna urged Russia to stop its attacks on Ukraine.",
    )
    assert any(s == "France" and t == "Russia" and lab == "critical" for s, t, lab in got), got


# --- the seed article ---

ISO = {"US": "us", "AZ": "az", "AM": "am", "FR": "fr", "RU": "ru"}


def _principal_key(actor) -> str | None:
    if actor.type == "country" and actor.country in ISO:
        return ISO[actor.country]
    if "collective security" in actor.name.lower() or actor.name.upper() == "CSTO":
        return "csto"
    return None


def test_seed_principal_relations(nlp, seed_text):
    a = engine.analyze_doc(nlp(seed_text))
    key = {x.id: _principal_key(x) for x in a.actors}
    rel = {(key[r.source], key[r.target]): r.label for r in a.relations}
    expected_polar = {
        ("us", "az"): "critical",
        ("us", "am"): "supportive",
        ("fr", "az"): "critical",
        ("fr", "am"): "supportive",
    }
    for pair, label in expected_polar.items():
        assert rel.get(pair) == label, (pair, rel)
    assert rel.get(("ru", "am")) == "neutral", rel
    assert rel.get(("ru", "az")) == "neutral", rel
    assert any(s == "csto" for s, _ in rel), rel
    assert all(lab == "neutral" for (s, _), lab in rel.items() if s == "csto"), rel
    polar = {(s, t) for (s, t), lab in rel.items() if lab != "neutral"}
    assert polar == set(expected_polar), f"extra polar pairs: {polar - set(expected_polar)}"
    quote_ids = {q.id for q in a.quotes}
    for r in a.relations:
        if r.label != "neutral":
            assert r.quotes and set(r.quotes) <= quote_ids


# --- the act vocabulary ---


def test_act_vocabulary_is_complete_and_mapped():
    lex = stance_lexicon.load()
    assert set(lex.acts) == ACTS
    for act in lex.acts.values():
        assert act.plover is None or act.plover in PLOVER_EVENTS, act
        assert act.quad in {"verbal_cooperation", "verbal_conflict"}
    assert lex.acts["neutral_statement"].plover is None
    assert {"on", "no"} <= lex.victim_preps | lex.negation  # quoted in YAML, not booleans


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("verbs:\n  praise: [hail]\n  criticize: [hail]\n", "is under"),
        ("verbs:\n  praise: [42]\n", "not a string"),
        ("verbs:\n  praise: [hail]\n  praise: [laud]\n", "duplicate key"),
        ("verbs:\n  nonsense: [hail]\n", "unknown act"),
    ],
)
def test_lexicon_refuses_bad_data(tmp_path: Path, yaml_text, message):
    base = stance_lexicon.PATH.read_text(encoding="utf-8")
    head, _, rest = base.partition("\nverbs:\n")
    # replace the verbs section by the bad one, keep every other section
    tail = rest[rest.index("\n# Adjectives") :]
    bad = tmp_path / "acts.yaml"
    bad.write_text(head + "\n" + yaml_text + tail, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        stance_lexicon.load(bad)


def test_act_classes_name_acts_of_the_lexicon(tmp_path: Path):
    assert set(stance_lexicon.load().acts) >= stance_lexicon.CONFLICT_ACTS
    base = stance_lexicon.PATH.read_text(encoding="utf-8")
    bad = tmp_path / "acts.yaml"
    bad.write_text(base.replace("\n  threaten:", "\n  threat:", 1), encoding="utf-8")
    with pytest.raises(ValueError, match="'threaten', which is not defined"):
        stance_lexicon.load(bad)


@pytest.mark.parametrize(
    ("env", "enabled"),
    [
        ({}, True),
        ({"NAS_STANCE_CLASSIFIER": "0"}, False),
        ({"STANCE_CLASSIFIER": "0"}, False),  # the older name still switches it off
        ({"NAS_STANCE_CLASSIFIER": "1", "STANCE_CLASSIFIER": "0"}, True),  # the new name wins
        ({"NAS_STANCE_CLASSIFIER": "1"}, True),
    ],
)
def test_classifier_switch(monkeypatch, env, enabled):
    for name in ("NAS_STANCE_CLASSIFIER", "STANCE_CLASSIFIER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert classifier.classifier_enabled() is enabled


def test_missing_classifier_fails_loudly(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("NAS_STANCE_CLASSIFIER", raising=False)
    monkeypatch.delenv("STANCE_CLASSIFIER", raising=False)
    with pytest.raises(FileNotFoundError, match="stance classifier missing"):
        classifier.load_classifier(tmp_path / "absent")
    monkeypatch.setenv("NAS_STANCE_CLASSIFIER", "0")
    assert classifier.load_classifier(tmp_path / "also-absent") is None
