"""Loader for the stance act vocabulary kept as data in ``service/lexicons/stance_acts.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from service.lexicons import DIR, load_yaml
from service.nlp.types import STANCE_LABELS

PATH = DIR / "stance_acts.yaml"
LABELS = STANCE_LABELS

# Classes of the acts above that the stance rules treat alike (checked against them at load):
#: blames its target ("criticized X", "accused X of …"); negated, it acquits
BLAME_ACTS = frozenset({"criticize", "accuse"})
#: hostile whatever its modality: "will criticize" is no commitment, "will not reject" no rejection
CONFLICT_ACTS = BLAME_ACTS | {"reject", "threaten"}
#: asks its target to act ("urged X to …", "demanded that X …")
DIRECTIVE_ACTS = frozenset({"urge", "demand"})
#: sides with its target ("praised X", "pledged to help X")
SUPPORTIVE_ACTS = frozenset({"praise", "express_support", "agree_commit"})


@dataclass(frozen=True, slots=True)
class Act:
    name: str
    plover: str | None
    mode: str | None
    cameo: str | None
    quad: str
    label: str


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    acts: dict[str, Act]
    verbs: dict[str, str]  # lemma (or "lemma particle") -> act
    nouns: dict[str, str]
    adjectives: dict[str, str]
    cessation_verbs: frozenset[str]
    cessation_nouns: frozenset[str]
    cessation_intransitive: frozenset[str]
    ouster_verbs: frozenset[str]
    demand_for_verbs: frozenset[str]
    hostile_nouns: frozenset[str]
    hostile_verbs: frozenset[str]
    suffered: frozenset[str]
    restraint: frozenset[str]
    party_phrases: tuple[str, ...]
    beneficiary_nouns: frozenset[str]
    beneficiary_verbs: frozenset[str]
    victim_preps: frozenset[str]
    negation: frozenset[str]
    polarity: dict[str, float]  # lemma -> -1 (negative) or +1 (positive)
    diplomatic_act: str  # the act of breaking off ties or declaring a diplomat persona non grata
    ties_verbs: frozenset[str]
    ties_objects: frozenset[str]
    declarations: tuple[str, ...]
    proxies: frozenset[str]  # nouns that stand for the actor modifying them ("the Chinese side")
    naming: frozenset[str]  # verbs that describe their object ("termed the claims 'absurd'")


def _index(groups: dict[str, list[str]], acts: dict[str, Act], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for act, words in groups.items():
        if act not in acts:
            raise ValueError(f"{PATH.name}: {what} lists words for unknown act {act!r}")
        for w in words:
            if not isinstance(w, str):  # YAML reads a bare on/no/yes as a boolean
                raise ValueError(f"{PATH.name}: {what} entry {w!r} under {act!r} is not a string")
            if w in out:
                raise ValueError(f"{PATH.name}: {what} word {w!r} is under {out[w]!r} and {act!r}")
            out[str(w).lower()] = act
    return out


@cache
def load(path: Path = PATH) -> StanceLexicon:
    """RETURNS the stance lexicon, validated: unknown acts or labels, duplicate or non-string words
    are refused."""
    data = load_yaml(path)
    acts = {}
    for name, a in data["acts"].items():
        if a["label"] not in LABELS:
            raise ValueError(f"{path.name}: act {name!r} has label {a['label']!r}, not in {LABELS}")
        acts[name] = Act(
            name, a.get("plover"), a.get("mode"), a.get("cameo"), a["quad"], a["label"]
        )
    for cls in (CONFLICT_ACTS, DIRECTIVE_ACTS, SUPPORTIVE_ACTS):
        for name in sorted(cls - set(acts)):
            raise ValueError(f"{path.name}: the rules name act {name!r}, which is not defined")

    def words(*keys: str) -> frozenset[str]:
        node = data
        for k in keys:
            node = node[k]
        bad = [w for w in node if not isinstance(w, str)]
        if bad:
            raise ValueError(
                f"{path.name}: {'.'.join(keys)} has non-string entries {bad!r} (quote them)"
            )
        return frozenset(w.lower() for w in node)

    return StanceLexicon(
        acts=acts,
        verbs=_index(data["verbs"], acts, "verbs"),
        nouns=_index(data["nouns"], acts, "nouns"),
        adjectives=_index(data["adjectives"], acts, "adjectives"),
        cessation_verbs=words("cessation", "verbs"),
        cessation_nouns=words("cessation", "nouns"),
        cessation_intransitive=words("cessation", "intransitive"),
        ouster_verbs=words("cessation", "ouster"),
        demand_for_verbs=words("cessation", "demand_for"),
        hostile_nouns=words("hostile", "nouns"),
        hostile_verbs=words("hostile", "verbs"),
        suffered=words("hostile", "suffered"),
        restraint=words("restraint", "lemmas"),
        party_phrases=tuple(str(p).lower() for p in data["restraint"]["phrases"]),
        beneficiary_nouns=words("beneficiary", "nouns"),
        beneficiary_verbs=words("beneficiary", "verbs"),
        victim_preps=words("beneficiary", "victim_preps"),
        negation=words("negation"),
        polarity=_polarity(words("polarity", "negative"), words("polarity", "positive"), path),
        diplomatic_act=_act_name(data["diplomatic"]["act"], acts, path),
        ties_verbs=words("diplomatic", "ties_verbs"),
        ties_objects=words("diplomatic", "ties_objects"),
        declarations=tuple(str(p).lower() for p in data["diplomatic"]["declarations"]),
        proxies=words("proxies"),
        naming=words("naming"),
    )


def _act_name(name: str, acts: dict[str, Act], path: Path) -> str:
    if name not in acts:
        raise ValueError(f"{path.name}: unknown act {name!r}")
    return name


def _polarity(negative: frozenset[str], positive: frozenset[str], path: Path) -> dict[str, float]:
    both = negative & positive
    if both:
        raise ValueError(f"{path.name}: polarity words both negative and positive: {sorted(both)}")
    return {**dict.fromkeys(negative, -1.0), **dict.fromkeys(positive, 1.0)}
