"""Stance of each speaker toward each target, and the article-level relations between principals.

Two sources of stances:

* quotes: each (speaker, target) of ``targets.find_targets`` is judged from the cue *and* the
  content: an urge to stop one's own hostilities is critical of the one urged ("urged Aliyev to
  cease hostilities"), a call on all parties is neutral toward each, support for X's territorial
  integrity is supportive of X, X's shelling makes the statement critical of X, a negated blame is
  neutral and ``negated``;
* reported acts in the narrative: "X slammed Y", "Y was praised by X", "X's criticism of Y", with
  the act verbs and nouns of ``service/lexicons/stance_acts.yaml``.

Relations aggregate stances between principals (countries and organisations): a person counts
under its affiliation chain (Blinken → State Department → US).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy
import spacy
from spacy import parts_of_speech
from spacy.attrs import LEMMA, ORTH, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from service.nlp import doccache, stance_lexicon
from service.nlp.targets import (
    ActorMap,
    article_context,
    content_tokens,
    is_negated,
    party_phrase,
    relation_of,
)
from service.nlp.types import Actor, Quote, Relation, Stance, Target

POLAR = frozenset({"supportive", "critical"})
_SUPPORTIVE_CUES = frozenset({"praise", "express_support", "agree_commit"})
_DIRECTIVE = frozenset({"urge", "demand"})
_BLAME_CUES = frozenset({"criticize", "accuse"})
_REPORTED = frozenset(
    {"praise", "express_support", "criticize", "accuse", "reject", "threaten", "urge", "demand"}
)
_REPORTED_PREPS = {
    # "lashed out at Y", "sided with Y", "spoke out against Y", "stood by Y"
    "at": {"criticize", "threaten"},
    "against": {"criticize", "accuse", "threaten", "reject"},
    "with": {"express_support", "agree_commit"},
    "by": {"express_support"},
    "behind": {"express_support"},
    "on": {"criticize", "urge"},
    "upon": {"urge"},
}
_NOUN_PREPS = frozenset({"of", "for", "on", "against", "to", "toward", "towards"})
_ADJ_PREPS = frozenset({"of", "with", "at", "about", "toward", "towards", "to", "on"})
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


def cue_act(lemma: str | None, tok: Token | None = None) -> str:
    """The act a cue (or reported verb) performs: "call on" is an urge, "call out" a critique."""
    lex = stance_lexicon.load()
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


def read_content(toks: Sequence[Token]) -> Content:
    """What the tokens of a quote's content say (see ``Content``)."""
    lex = stance_lexicon.load()
    act = None
    cessation = restraint = concern = negated_blame = has_subject = False
    inside = {t.i for t in toks}
    for t in toks:
        low = t.lemma_.lower()
        # a subject of its own (a name, or the speaker's "we") means the content reports what
        # someone does; "he"/"they" may well be the one told, so they do not count
        if t.dep_ in {"nsubj", "nsubjpass"} and (t.pos_ != "PRON" or t.lower_ in {"we", "i"}):
            has_subject = True
        if t.pos_ == "VERB" and low in lex.cessation_verbs:
            objs = [c for c in t.children if c.dep_ in {"dobj", "pobj", "prep"}]
            objs += [g for c in objs if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            if low in lex.cessation_intransitive or any(
                o.lemma_.lower() in lex.hostile_nouns or o.lower_ in lex.cessation_nouns
                for o in objs
            ):
                cessation = True
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
        if (noun_act or verb_act) in {"accuse", "criticize"} and is_negated(t):
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


def judge(role: str, rel: str, cue: str, c: Content, party: bool, self_benefit: bool) -> tuple:
    """RETURNS (act, label, negated, strength) for one target of one statement."""
    if rel == "agent":
        if c.negated_blame:
            return "accuse", "neutral", True, 0.6
        return (
            (cue if cue in {"criticize", "accuse", "threaten"} else "accuse"),
            "critical",
            False,
            0.75,
        )
    if rel in {"victim", "beneficiary"} or role == "beneficiary":
        return "express_support", "supportive", False, 0.7
    if party:
        if c.negated_blame:
            return "accuse", "neutral", True, 0.6
        if cue in _BLAME_CUES and not c.restraint and not c.cessation:
            # "criticized both sides", "accused both sides of violating the truce": each is blamed
            return cue, "critical", False, 0.6
        if c.restraint or c.cessation or cue in _DIRECTIVE or rel == "urged":
            return "call_for_restraint", "neutral", False, 0.7
        if c.concern:
            return "express_concern", "neutral", False, 0.6
        return c.act or "neutral_statement", "neutral", False, 0.5
    if rel == "demanded":
        return "demand", "critical", False, 0.7
    if role == "addressee":
        if self_benefit:
            return "express_support", "supportive", False, 0.7
        if cue in _SUPPORTIVE_CUES:
            return cue, "supportive", False, 0.65
        if c.cessation and (cue in _DIRECTIVE or rel == "urged" or not c.has_subject):
            return ("demand" if cue == "demand" else "urge"), "critical", False, 0.75
        act = stance_lexicon.load().acts.get(cue)
        if act is not None and act.label in POLAR:
            if cue in _DIRECTIVE:  # urged to do something that is not stopping its own action
                return cue, "neutral", False, 0.5
            return cue, act.label, False, 0.6
        if c.restraint:
            return "call_for_restraint", "neutral", False, 0.55
        if c.act in _SUPPORTIVE_CUES:
            return c.act, "supportive", False, 0.55
        return ("consult" if cue == "neutral_statement" else cue), "neutral", False, 0.5
    # subject with no hostile or beneficial role in the content
    if c.negated_blame:
        return "accuse", "neutral", True, 0.5
    if c.concern:
        return "express_concern", "neutral", False, 0.5
    return "neutral_statement", "neutral", False, 0.4


def _act_fields(act: str) -> tuple[str | None, str | None, str | None]:
    a = stance_lexicon.load().acts[act]
    return a.plover, a.mode, a.cameo


def _quote_stances(doc: Doc, amap: ActorMap, quotes, targets, parties) -> list[dict]:
    by_q: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        by_q[t.quote].append(t)
    out: list[dict] = []
    text = doccache.text(doc)
    for q in quotes:
        if not q.speaker or q.id not in by_q:
            continue
        toks = content_tokens(doc, q.fragments)
        content = read_content(toks)
        cue_tok = None
        if q.cue is not None:
            span = doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")
            cue_tok = span.root if span is not None else None
        cue = cue_act(q.cue.lemma if q.cue else None, cue_tok)
        if cue == "neutral_statement" and content.act:
            cue = content.act
        benefit = {amap.principal(t.actor) for t in by_q[q.id] if t.role == "beneficiary"} - {None}
        for t in by_q[q.id]:
            mspan = doc.char_span(t.mention.start, t.mention.end, alignment_mode="expand")
            # a party stands in for "both sides" or for an unnamed concern, not for its own name
            is_party = bool(party_phrase(text, t.mention.start, t.mention.end)) or (
                t.actor in parties and mspan is not None and amap.at(mspan.root) is None
            )
            rel = "other" if is_party or mspan is None else relation_of(mspan.root)
            self_benefit = t.role == "addressee" and amap.principal(t.actor) in benefit
            act, label, negated, strength = judge(t.role, rel, cue, content, is_party, self_benefit)
            out.append(
                dict(
                    source=q.speaker,
                    target=t.actor,
                    label=label,
                    act=act,
                    negated=negated,
                    quotes=(q.id,),
                    confidence=round(strength * (0.5 + q.confidence / 2), 3),
                )
            )
    return out


def _is_party_phrase(doc: Doc, tok: Token) -> bool:
    text = doccache.text(doc)
    end = tok.right_edge.idx + len(tok.right_edge)
    phrase = party_phrase(text, tok.left_edge.idx, end)
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
    if not owners:  # "its attacks" belong to whoever "its" is, not to the clause's subject
        if v.dep_ == "appos":
            sources = [v.head]
        elif v.dep_ in {"attr", "dobj"}:
            sources = _subjects(v.head)
        elif v.dep_ == "pobj" and v.head.head.pos_ in {"VERB", "AUX"}:
            sources = _subjects(v.head.head)
    return sources, objects


# the parts of speech _reported_stances reads an act from (VERB, AUX, NOUN, ADJ)
_ACT_POS = frozenset(
    {parts_of_speech.VERB, parts_of_speech.AUX, parts_of_speech.NOUN, parts_of_speech.ADJ}
)


def _reported_stances(doc: Doc, amap: ActorMap, quotes: Sequence[Quote]) -> list[dict]:
    lex = stance_lexicon.load()
    cue_at = {q.cue.start: q for q in quotes if q.cue is not None}
    out: list[dict] = []
    toks = doccache.tokens(doc)
    pos_ids = doc.to_array(POS).tolist() if len(doc) else []
    for i, p in enumerate(pos_ids):
        if p not in _ACT_POS:
            continue  # the loop below reads nothing else: skip without a Token
        v = toks[i]
        low = v.lemma_.lower()
        event_only = False
        if v.pos_ in {"VERB", "AUX"}:
            act = cue_act(low, v) if (low in lex.verbs or low == "call") else None
            if act not in _REPORTED:
                if act is None and not _modal(v):
                    continue  # cheap exit: most verbs carry no act and no modality
                # an event of the narrative ("Finland will give Tanzania a grant", "agreed to meet
                # X"): recorded with its act, but it shows no stance, so its label is neutral
                act = clause_act(v)
                if act is None or act in {"neutral_statement", "demand"}:
                    continue
                event_only = True
            sources, objects = _subjects(v), _objects(v, act)
            if event_only:
                objects += [
                    g
                    for c in v.children
                    if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "with"}
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
        elif v.pos_ == "NOUN" and low in lex.nouns and lex.nouns[low] in _REPORTED:
            act = lex.nouns[low]
            sources, objects = _noun_roles(v)
        elif v.pos_ == "ADJ" and low in lex.adjectives and v.dep_ in {"acomp", "oprd"}:
            # "X has been critical of Y", "X was furious with Y"
            act = lex.adjectives[low]
            sources = _subjects(v.head)
            objects = [
                g
                for c in v.children
                if c.dep_ == "prep" and c.lower_ in _ADJ_PREPS
                for g in c.children
                if g.dep_ == "pobj"
            ]
        else:
            continue
        src = [a for s in sources for a in amap.of_phrase(s)]
        # "called on both sides to …": the quote rules read the parties of the conflict in
        # "both sides" / "the parties" (a call for restraint is neutral toward each)
        objects = [o for o in objects if not _is_party_phrase(doc, o)]
        tgt = [a for o in objects for a in amap.of_phrase(o)]
        if not src or not tgt:
            continue
        label = "neutral" if event_only else lex.acts[act].label
        negated = is_negated(v) and not event_only  # clause_act has read the negation already
        if act in _DIRECTIVE:
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
                    dict(
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


CLASSIFIER = Path(__file__).resolve().parent.parent / "models" / "stance_textcat"
_MAX_ACTORS = 6  # per sentence: at most 15 pairs, so the classifier stays cheap beside the parse
_DSE = {
    "1": ("fwd", "supportive"),
    "2": ("rev", "supportive"),
    "3": ("fwd", "critical"),
    "4": ("rev", "critical"),
}


def classifier_enabled() -> bool:
    """False when switched off: ``NAS_STANCE_CLASSIFIER=0`` (older name ``STANCE_CLASSIFIER``)."""
    for name in ("NAS_STANCE_CLASSIFIER", "STANCE_CLASSIFIER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() != "0"
    return True


@cache
def load_classifier(path: Path | None = None) -> Language | None:
    """The directed-sentiment classifier (trained by tools/train/stance.py), or None when it is
    switched off (``classifier_enabled``). A missing model is an error: it ships with the package.
    """
    if not classifier_enabled():
        return None
    path = path or CLASSIFIER
    if not (path / "meta.json").exists():
        raise FileNotFoundError(
            f"stance classifier missing at {path} (package data; switch it off with "
            "NAS_STANCE_CLASSIFIER=0)"
        )
    return spacy.load(path)


def marked_words(words: Sequence[str], e1: tuple[int, int], e2: tuple[int, int]) -> list[str]:
    """``words`` with two token ranges (end-exclusive) wrapped in the marker tokens the classifier
    was trained with. Built from tokens, so the parsed doc is reused and nothing is re-tokenized."""
    opens = {e1[0]: ["<", "e1", ">"], e2[0]: ["<", "e2", ">"]}
    closes = {e1[1]: ["<", "/e1", ">"], e2[1]: ["<", "/e2", ">"]}
    out: list[str] = []
    for i, w in enumerate(words):
        out += closes.get(i, [])
        out += opens.get(i, [])
        if not w.isspace():
            out.append(w)
    out += closes.get(len(words), [])
    return out


@cache
def _triggers() -> frozenset[str]:
    """Lemmas that make a sentence worth classifying: any act word but plain statement verbs."""
    lex = stance_lexicon.load()
    acts = {w for w, a in lex.verbs.items() if a != "neutral_statement"}
    return frozenset(
        acts | set(lex.nouns) | set(lex.adjectives) | lex.hostile_verbs | lex.hostile_nouns
        | lex.cessation_verbs
    )  # fmt: skip


def _sentence_pairs(doc: Doc, amap: ActorMap):
    """(sentence, actor a, span a, actor b, span b) for the actors named in the same sentence,
    spans relative to the sentence; only sentences with an act or hostility word are read."""
    triggers = _triggers()
    strings = doc.vocab.strings
    lemma_ids = doc.to_array(LEMMA).tolist() if len(doc) else []
    at = amap.at_index
    for sent in doc.sents:
        runs: dict[str, tuple[int, int]] = {}  # actor → its first token range in the sentence
        prev = None
        start = sent.start
        for i in range(start, sent.end):
            aid = at(i)
            if aid is None:
                prev = None
                continue
            s0, e0 = i - start, i + 1 - start
            if aid == prev and aid in runs:
                runs[aid] = (runs[aid][0], e0)
            elif aid not in runs and len(runs) < _MAX_ACTORS:
                runs[aid] = (s0, e0)
            prev = aid
        # the trigger test after the cheaper actor test: few sentences name two actors
        if len(runs) < 2 or not any(
            strings[lemma_ids[i]].lower() in triggers for i in range(start, sent.end)
        ):
            continue
        ids = list(runs)
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if amap.principal(a) and amap.principal(a) == amap.principal(b):
                    continue
                yield sent, a, runs[a], b, runs[b]


class _Marked:
    """A marked sentence as the bag-of-n-grams textcat (TextCatBOW, ORTH n-grams) reads a Doc: its
    length and its ORTH ids. Building real Docs instead re-tokenizes nothing but still creates a
    Doc and a lexeme per new word in the classifier's vocab, which grows with every text."""

    __slots__ = ("_orth",)

    def __init__(self, orth: list[int]) -> None:
        self._orth = numpy.asarray(orth, dtype=numpy.uint64)

    def __len__(self) -> int:
        return len(self._orth)

    def to_array(self, attrs: list[int]) -> numpy.ndarray:
        if list(attrs) != [ORTH]:  # only what extract_ngrams(attr=ORTH) asks for
            raise NotImplementedError(attrs)
        return self._orth


_BATCH = 64


def _classified_stances(
    doc: Doc, amap: ActorMap, clf: Language, skip: frozenset | set = frozenset()
) -> list[dict]:
    """Classifier stances for the actor pairs of a sentence, except the pairs in ``skip``."""
    # token columns read once (doc.to_array), not through a Token object per word and pair
    strings = doc.vocab.strings
    pairs = [p for p in _sentence_pairs(doc, amap) if frozenset((p[1], p[3])) not in skip]
    if not pairs:
        return []
    textcat = clf.get_pipe("textcat")
    labels = textcat.labels
    orths = doc.to_array(ORTH).tolist()
    marked: list[_Marked] = []
    by_sent: dict[int, tuple[list[int], list[bool] | None]] = {}
    for sent, _, sa, _, sb in pairs:
        if sent.start not in by_sent:
            # ORTH of a word is the hash of its text in every vocab: the parsed doc has it already
            ids = orths[sent.start : sent.end]
            keep = [not strings[x].isspace() for x in ids]
            by_sent[sent.start] = ids, None if all(keep) else keep
        ids, keep = by_sent[sent.start]
        marked.append(_Marked(_marked_ids(ids, keep, sa, sb)))
    out: list[dict] = []
    for lo in range(0, len(pairs), _BATCH):
        scores = textcat.predict(marked[lo : lo + _BATCH])
        for (_, a, _, b, _), row in zip(pairs[lo : lo + _BATCH], scores, strict=True):
            cats = {label: float(row[j]) for j, label in enumerate(labels)}
            best = max(cats, key=cats.get)
            if best not in _DSE:
                continue
            way, label = _DSE[best]
            src, tgt = (a, b) if way == "fwd" else (b, a)
            act = "criticize" if label == "critical" else "express_support"
            out.append(
                dict(
                    source=src,
                    target=tgt,
                    label=label,
                    act=act,
                    negated=False,
                    quotes=(),
                    confidence=round(0.6 * cats[best], 3),
                )
            )
    return out


def _marked_ids(
    ids: list[int], keep: list[bool] | None, e1: tuple[int, int], e2: tuple[int, int]
) -> list[int]:
    """``marked_words`` over ORTH ids (``keep``: the non-space words, None for all), built by
    slices between the four marker positions rather than word by word."""
    m = _marker_ids()
    lt, gt = m["<"], m[">"]
    opens = {e1[0]: [lt, m["e1"], gt], e2[0]: [lt, m["e2"], gt]}
    closes = {e1[1]: [lt, m["/e1"], gt], e2[1]: [lt, m["/e2"], gt]}
    n = len(ids)
    out: list[int] = []
    prev = 0
    for p in sorted({p for p in (*opens, *closes) if p <= n} | {n}):
        if keep is None:
            out += ids[prev:p]
        else:
            out += [x for x, k in zip(ids[prev:p], keep[prev:p], strict=True) if k]
        out += closes.get(p, [])
        if p < n:
            out += opens.get(p, [])
        prev = p
    return out


@cache
def _marker_ids() -> dict[str, int]:
    return {w: get_string_id(w) for w in ("<", ">", "e1", "e2", "/e1", "/e2")}


def infer_stances(
    doc: Doc, actors: Sequence[Actor], quotes: Sequence[Quote], targets: Sequence[Target]
) -> tuple[list[Stance], list[Relation]]:
    """RETURNS one stance per (source, target, evidence), and the relations between principals."""
    amap, parties = article_context(doc, actors)
    found = _quote_stances(doc, amap, quotes, targets, parties) + _reported_stances(
        doc, amap, quotes
    )
    for s in found:
        s["guess"] = False
    clf = load_classifier()
    if clf is not None:
        # the classifier fills pairs the rules leave open; where the rules judged, they decide
        judged = {frozenset((s["source"], s["target"])) for s in found}
        for s in _classified_stances(doc, amap, clf, judged):
            s["guess"] = True
            found.append(s)
    # one stance per (source, target, evidence): a polar reading beats a neutral one
    best: dict[tuple, dict] = {}
    for s in found:
        key = (s["source"], s["target"], s["quotes"])
        old = best.get(key)
        rank = (s["label"] in POLAR and not s["negated"], s["confidence"])
        if old is None or rank > (old["label"] in POLAR and not old["negated"], old["confidence"]):
            best[key] = s
    stances: list[Stance] = []
    evidence: list[Stance] = []
    for s in best.values():
        plover, mode, cameo = _act_fields(s["act"])
        st = Stance(
            id=f"s{len(stances) + 1}",
            source=s["source"],
            target=s["target"],
            label=s["label"],
            act=s["act"],
            plover_event=plover,
            plover_mode=mode,
            cameo=cameo,
            negated=s["negated"],
            quotes=s["quotes"],
            confidence=s["confidence"],
        )
        stances.append(st)
        if not s["guess"]:
            evidence.append(st)
    # relations rest on statements and explicit reported acts; a classifier guess alone does not
    # make two principals critical or supportive of each other
    return stances, relations(amap, evidence)


def relations(amap: ActorMap, stances: Sequence[Stance]) -> list[Relation]:
    """One relation per (source principal, target principal): the polar label with the larger
    summed confidence (neutral when none is polar or the two balance), its evidence and a
    confidence that grows with agreeing evidence."""
    groups: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for s in stances:
        ps, pt = amap.principal(s.source), amap.principal(s.target)
        if ps and pt and ps != pt:
            groups[(ps, pt)].append(s)
    out: list[Relation] = []
    for (ps, pt), group in groups.items():
        weight = defaultdict(float)
        for s in group:
            weight[s.label] += s.confidence
        crit, supp = weight["critical"], weight["supportive"]
        if max(crit, supp) == 0 or abs(crit - supp) < 0.25 * max(crit, supp):
            label = "neutral"
        else:
            label = "critical" if crit > supp else "supportive"
        chosen = [s for s in group if s.label == label] or group
        conf = 1.0
        for s in chosen:
            conf *= 1.0 - s.confidence
        quotes = tuple(dict.fromkeys(q for s in chosen for q in s.quotes))
        out.append(
            Relation(
                source=ps,
                target=pt,
                label=label,
                quotes=quotes,
                stances=tuple(s.id for s in chosen),
                confidence=round(1.0 - conf, 3),
            )
        )
    return out


_FUTURE = frozenset({"will", "would", "shall", "'ll"})
_READY = frozenset({"ready", "willing", "prepared", "determined", "set", "eager", "poised"})
_REFUSE = frozenset({"refuse", "decline", "fail", "renege", "reject"})
_CONFLICT_ACTS = frozenset({"criticize", "accuse", "reject", "threaten"})
_INTENT = frozenset({"agree", "pledge", "promise", "vow"})
_MODAL = _FUTURE | {"must", "not", "n't", "never"}


def _modal(t: Token) -> bool:
    """``t`` has the modality ``clause_act`` reads (will, must, ready to, refused to, not)."""
    if t.dep_ == "xcomp" and t.head.lemma_.lower() in _READY | _REFUSE | _INTENT:
        return True
    return any(c.dep_ in {"aux", "neg"} and c.lower_ in _MODAL for c in t.children)


def clause_act(t: Token) -> str | None:
    """The act one verb or noun performs in its clause, with the modality CAMEO codes on:
    "must" → demand, intent ("will help", "ready to send") → agree_commit or, for a hostile verb,
    threaten, negation or refusal ("will not accept", "refused to deploy") → reject."""
    lex = stance_lexicon.load()
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
    hostile = low in lex.hostile_verbs or act in _CONFLICT_ACTS
    if "must" in aux:
        return "demand"
    if (negated or refused) and act not in _CONFLICT_ACTS:
        return "reject"
    if future:
        return "threaten" if hostile else "agree_commit"
    return act


def sentence_act(doc: Doc) -> stance_lexicon.Act:
    """The act of a text's main statement: the act nearest its root, breadth first, so "officials
    agreed that their countries should cooperate" is ``agree_commit``."""
    lex = stance_lexicon.load()
    for sent in doc.sents:
        queue, seen = [sent.root], set()
        while queue:
            t = queue.pop(0)
            if t.i in seen:
                continue
            seen.add(t.i)
            act = clause_act(t)
            if act and act != "neutral_statement":
                return lex.acts[act]
            queue.extend(c for c in t.children if c.dep_ not in {"punct", "det"})
    return lex.acts["neutral_statement"]
