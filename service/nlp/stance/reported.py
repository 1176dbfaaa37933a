"""Stances reported in the narrative: "X slammed Y", "Y was praised by X", "X's criticism of
Y", "X has been critical of Y", with the act verbs, nouns and adjectives of ``stance_acts.yaml``.
Events of the narrative ("Finland will give Tanzania a grant") are recorded with their act and a
neutral label: they show no stance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy import parts_of_speech
from spacy.tokens import Token

from service.lexicons import stance_acts
from service.lexicons.stance_acts import CONFLICT_ACTS, DIRECTIVE_ACTS
from service.nlp.clauses import is_negated, party_phrase
from service.nlp.context import DocContext
from service.nlp.principals import Principals
from service.nlp.stance.acts import clause_act, cue_act, has_modality
from service.nlp.stance.content import read_content
from service.nlp.stance.finding import Finding
from service.nlp.stance.judge import POLAR_WORDS
from service.nlp.stance.polarity import word
from service.nlp.types import Quote

# the acts a narrative reports as stances ("X slammed Y", "X urged Y"); other acts are events
_REPORTED = frozenset({"praise", "express_support"}) | CONFLICT_ACTS | DIRECTIVE_ACTS
_REPORTED_PREPS = {
    # "lashed out at Y", "sided with Y", "spoke out against Y", "stood by Y", "protested to Y"
    "at": {"criticize", "threaten"},
    "to": {"criticize"},
    "against": CONFLICT_ACTS,
    "with": {"express_support", "agree_commit"},
    "by": {"express_support"},
    "behind": {"express_support"},
    "on": {"criticize", "urge"},
    "upon": {"urge"},
}
_NOUN_PREPS = frozenset({"of", "for", "on", "against", "to", "toward", "towards", "over"})
_ADJ_PREPS = frozenset({"of", "with", "at", "about", "toward", "towards", "to", "on"})
# the parts of speech an act is read from (VERB, AUX, NOUN, ADJ)
_ACT_POS = frozenset(
    {parts_of_speech.VERB, parts_of_speech.AUX, parts_of_speech.NOUN, parts_of_speech.ADJ}
)


@dataclass(frozen=True, slots=True)
class _Act:
    """An act word of the narrative with the phrases of its source and its target."""

    act: str
    sources: list[Token]
    objects: list[Token]
    event_only: bool  # an event, not a stance


def reported_stances(
    ctx: DocContext, principals: Principals, quotes: Sequence[Quote]
) -> list[Finding]:
    """One finding per (source, target) of every act word of the narrative."""
    lex = stance_acts.load()
    amap = principals.actors
    cue_at = {q.cue.start: q for q in quotes if q.cue is not None}
    out: list[Finding] = []
    for i, p in enumerate(ctx.pos_id):
        if p not in _ACT_POS:
            continue  # the act readers read nothing else: skip without a Token
        v = ctx.tokens[i]
        found = _act_of(v, lex)
        if found is None:
            continue
        act, event_only = found.act, found.event_only
        src = [a for s in found.sources for a in amap.of_phrase(s)]
        if not src and any(s.pos_ == "PRON" for s in found.sources):
            # "it had expelled a senior Danish diplomat", said by the ministry: the pronoun
            # subject of an act inside a quote is its speaker
            src = [q.speaker for q in _quotes_at(quotes, v.idx) if q.speaker][:1]
        # "called on both sides to …": the quote rules read the parties of the conflict in
        # "both sides" / "the parties" (a call for restraint is neutral toward each)
        objects = [o for o in found.objects if not _is_party_phrase(ctx, o)]
        tgt = [a for o in objects for a in amap.of_phrase(o)]
        if not src or not tgt:
            continue
        label = "neutral" if event_only else lex.acts[act].label
        negated = is_negated(v) and not event_only  # clause_act has read the negation already
        if act in DIRECTIVE_ACTS:
            content = read_content(
                [t for x in v.children if x.dep_ in {"xcomp", "ccomp"} for t in x.subtree]
            )
            if not content.cessation:
                continue
        if negated:
            label = "neutral"
        q = cue_at.get(v.idx)
        for s in src:
            for t in tgt:
                if s == t or (amap.principal(s) and amap.principal(s) == amap.principal(t)):
                    continue
                out.append(
                    Finding(
                        source=s,
                        target=t,
                        label=label,
                        act=act,
                        negated=negated,
                        quotes=(q.id,) if q else (),
                        confidence=0.45 if event_only else 0.6,
                    )
                )
    return out


def _quotes_at(quotes: Sequence[Quote], pos: int) -> list[Quote]:
    return [q for q in quotes if any(f.start <= pos < f.end for f in q.fragments)]


def _act_of(v: Token, lex: stance_acts.StanceLexicon) -> _Act | None:
    """The act ``v`` reports, with its source and object phrases, if it reports one."""
    low = v.lemma_.lower()
    if v.pos_ in {"VERB", "AUX"}:
        return _verb_act(v, low, lex)
    if v.pos_ == "NOUN" and low in lex.nouns and lex.nouns[low] in _REPORTED:
        sources, objects = _noun_roles(v)
        return _Act(lex.nouns[low], sources, objects, False)
    if v.pos_ == "ADJ" and low in lex.adjectives and v.dep_ in {"acomp", "oprd"}:
        # "X has been critical of Y", "X was furious with Y"
        objects = [
            g
            for c in v.children
            if c.dep_ == "prep" and c.lower_ in _ADJ_PREPS
            for g in c.children
            if g.dep_ == "pobj"
        ]
        return _Act(lex.adjectives[low], _subjects(v.head), objects, False)
    return None


def _verb_act(v: Token, low: str, lex: stance_acts.StanceLexicon) -> _Act | None:
    special = _diplomatic_act(v, low, lex) or _naming_act(v, low, lex)
    if special is not None:
        return special
    act = cue_act(low, v) if (low in lex.verbs or low == "call") else None
    event_only = False
    if act not in _REPORTED:
        if act is None and not has_modality(v):
            return None  # cheap exit: most verbs carry no act and no modality
        # an event of the narrative ("Finland will give Tanzania a grant", "agreed to meet X"):
        # recorded with its act, but it shows no stance, so its label is neutral
        act = clause_act(v)
        if act is None or act in {"neutral_statement", "demand"}:
            return None
        event_only = True
    objects = _objects(v, act)
    if event_only:
        objects += [
            g
            for c in v.children
            if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "with"}
            for g in c.children
            if g.dep_ == "pobj"
        ]
    return _Act(act, _subjects(v), objects, event_only)


def _diplomatic_act(v: Token, low: str, lex: stance_acts.StanceLexicon) -> _Act | None:
    """ "X cut diplomatic ties with Y", "X declared Y's diplomat persona non grata"."""
    kids = list(v.children)
    if low in lex.ties_verbs:
        ties = [
            c
            for c in kids
            if c.dep_ in {"dobj", "nsubjpass"}
            and (c.lemma_ in lex.ties_objects or c.lower_ in lex.ties_objects)
        ]
        if ties:
            objects = [
                g
                for t in (v, *ties)
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            return _Act(lex.diplomatic_act, _subjects(v), objects, False)
    if low == "declare":
        said = [t for c in kids if c.dep_ not in {"nsubj", "punct"} for t in c.subtree]
        text = " ".join(t.lower_ for t in said)
        phrase = next((p for p in lex.declarations if p in text), None)
        if phrase is not None:
            # the one declared: any noun of the complement outside the phrase ("an Argentine
            # diplomat persona non grata" parses the diplomat as a compound of "grata")
            words = set(phrase.split())
            objects = [t for t in said if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in words]
            return _Act(lex.diplomatic_act, _subjects(v), objects, False)
    return None


def _naming_act(v: Token, low: str, lex: stance_acts.StanceLexicon) -> _Act | None:
    """ "X termed Y's allegations 'absurd'", "described the move as illegal": the description's
    polarity is X's act toward the object and its owner."""
    if low not in lex.naming:
        return None
    objects = [c for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
    described = [
        t
        for c in v.children
        if c.dep_ in {"oprd", "xcomp", "acomp", "ccomp", "attr"}
        or (c.dep_ == "prep" and c.lower_ == "as")
        for t in c.subtree
    ]
    if not objects or not described:
        return None
    score = sum(word(t) for t in described)
    if abs(score) < POLAR_WORDS:
        return None
    return _Act("criticize" if score < 0 else "praise", _subjects(v), objects, False)


def _is_party_phrase(ctx: DocContext, tok: Token) -> bool:
    end = tok.right_edge.idx + len(tok.right_edge)
    phrase = party_phrase(ctx.text, tok.left_edge.idx, end)
    return phrase is not None and phrase.start <= tok.idx < phrase.end


def _subjects(v: Token) -> list[Token]:
    """The agents of verb ``v``: its subject, the "by" agent of a passive, or those of the verb it
    hangs from ("continued to attack Y", "praised Y and criticized Z")."""
    cur = v
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in {"nsubj"}]
        agent = [
            g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if subj or agent:
            return subj + agent
        if cur.dep_ == "xcomp" and (objs := [c for c in cur.head.children if c.dep_ == "dobj"]):
            return objs  # "prompted Mexico to sever ties": Mexico severs them
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head is not cur:
            cur = cur.head
        else:
            break
    return []


def _objects(v: Token, act: str) -> list[Token]:
    objs = [c for c in v.children if c.dep_ in {"dobj", "nsubjpass", "dative"}]
    for c in v.children:
        if c.dep_ == "prep" and act in _REPORTED_PREPS.get(c.lower_, ()):
            objs += [g for g in c.children if g.dep_ == "pobj"]
        if c.dep_ == "prt":
            for p in c.head.children:
                if p.dep_ == "prep":
                    objs += [g for g in p.children if g.dep_ == "pobj"]
    return objs


def _noun_roles(v: Token) -> tuple[list[Token], list[Token]]:
    """Source and target of an act noun: "X's criticism of Y", "X voiced support for Y",
    "X, a critic of Y", "X is an ally of Y", "Y came under fire from X"."""
    owners = [c for c in v.children if c.dep_ in {"poss", "amod", "compound"}]
    sources = [c for c in owners if c.pos_ != "PRON"]
    objects = [
        g
        for c in v.children
        if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]
    frm = [
        g
        for c in v.children
        if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if v.dep_ == "pobj" and v.head.lower_ == "under" and frm:
        return frm, _subjects(v.head.head)
    # "the allegations levelled by X", "a protest by X"
    agents = [
        g
        for c in (v, *(c for c in v.children if c.dep_ == "acl"))
        for p in c.children
        if p.dep_ in {"prep", "agent"} and p.lower_ == "by"
        for g in p.children
        if g.dep_ == "pobj"
    ]
    if agents and not sources:
        return agents, objects
    if not owners:  # "its attacks" belong to whoever "its" is, not to the clause's subject
        if v.dep_ == "appos":
            sources = [v.head]
        elif v.dep_ in {"attr", "dobj"}:
            sources = _subjects(v.head)
        elif v.dep_ == "pobj" and v.head.head.pos_ in {"VERB", "AUX"}:
            sources = _subjects(v.head.head)
    return sources, objects
