"""1. The explicit subject: the speaker a cue names itself, as its subject however the parser
hung it ("X said …", "a gunman who said …", '“…,” Trump barked'), a name the parse took from it
("…, district official Lena Ortiz told reporters"), or the journalist's "it" of "it goes without
saying", which makes no quote."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.deps import ACTIVE_SUBJ
from service.nlp.quotes.candidates import Range
from service.nlp.quotes.facts import RELATIVE, QuoteFacts, inverted_said, mention
from service.nlp.speakers.names import NAMED_LABELS, entity_start

_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_NAME_MODIFIERS = frozenset({"compound", "amod", "det", "poss", "case"})


def own_subject(facts: QuoteFacts, v: Token) -> Range | None:
    """The speaker named by ``v``'s own subject."""
    subjects = [c for c in v.children if c.dep_ in ACTIVE_SUBJ and c.lower_ != "there"]
    if len(subjects) > 1 and not facts.in_quote((v.idx, v.idx + 1)):
        # '“… Sen. John McCain,” Trump said': the parser can give the verb a second subject
        # inside the quote; the one outside it speaks. Of two outside, the nearer before the verb
        # ("X called on Y … after his counterpart, Z, asserted that …" parsed with X a subject
        # of "asserted" too)
        subjects.sort(key=lambda c: (facts.in_quote((c.idx, c.idx + 1)), c.i > v.i, abs(v.i - c.i)))
    for c in subjects:
        if c.lower_ in RELATIVE and v.dep_ == "relcl":
            # "a gunman who said …": the pronoun names the speaker here (as PolNeAR marks
            # it); linking resolves it to the antecedent, whose name stays clean
            return (c.idx, c.idx + len(c))
        if c.dep_ == "csubj":
            continue
        return mention(c)
    if subjects:
        return None
    return _misparsed_subject(facts, v)


def _misparsed_subject(facts: QuoteFacts, v: Token) -> Range | None:
    """The subject of a verb the parser gave none: it hung the name elsewhere."""
    if inverted_said(v):
        # 'Said Ellis: “…”' parsed with the verb a compound of the name
        start, end = mention(v.head)
        return (max(start, v.doc[v.i + 1].idx), end)
    if v.i > 0:
        # '“…,” Trump barked and …' parsed with the name as a compound of the verb
        prev = v.doc[v.i - 1]
        if prev.dep_ == "compound" and prev.head.i == v.i and prev.pos_ == "PROPN":
            return mention(prev)
    if v.dep_ == "ROOT" and v.tag_ == "VBG":
        # '“…,” Mr. Obama said, not even needing to mention …' parsed with the participle as the
        # root and the reporting clause hung on it: the reporter speaks on
        said = next(
            (
                c
                for c in v.children
                if c.dep_ == "parataxis" and c.lemma_.lower() in facts.lex.speech
            ),
            None,
        )
        subj = next((c for c in said.children if c.dep_ in ACTIVE_SUBJ), None) if said else None
        if subj is not None:
            return mention(subj)
    if (
        v.dep_ in {"ROOT", "ccomp"}
        and v.tag_ in _FINITE
        and not any(c.dep_ in {"ccomp", "parataxis"} and c.i < v.i for c in v.children)
    ):
        # (with its content before it, "X included Y, official Z told reporters", the name
        # between them speaks: the rule of names after a content reads it whole)
        return _stranded_name(v)
    return None


def _stranded_name(v: Token) -> Range | None:
    """ "… terror war, Obama and Clinton call them …", "the board of the Washington Post Trump
    said": a finite main verb without a subject right after a name the parser hung on the phrase
    before. The name (an entity, or two joined by "and") is the subject it lost."""
    if v.is_sent_start:
        return None
    doc = v.doc
    prev = doc[v.i - 1]
    if prev.pos_ != "PROPN" or prev.ent_type_ not in NAMED_LABELS or v.ent_iob_ == "I":
        return None
    start = entity_start(prev)
    if start >= 2 and doc[start - 1].lower_ == "and" and doc[start - 2].ent_type_ in NAMED_LABELS:
        start = entity_start(doc[start - 2])
    while doc[start].dep_ == "det":
        start += 1
    return (doc[start].idx, prev.idx + len(prev))


def lost_subject(v: Token) -> list[Token]:
    """ "… two soldiers and a medic, district official Lena Ortiz told reporters": the parser
    made the speaker a conjunct of the reported clause before the verb, which has no subject."""
    if any(c.dep_ in ACTIVE_SUBJ or c.dep_ == "agent" for c in v.children) or v.i < 2:
        return []
    doc = v.doc
    last = doc[v.i - 1]
    if last.pos_ != "PROPN" or last.dep_ not in {"conj", "appos"} or last.head.i >= last.i:
        return []
    if not any(c.dep_ == "ccomp" and c.i < v.i for c in v.children):
        return []
    first = last
    while (
        first.i > 0
        and doc[first.i - 1].head.i > first.i - 1
        and doc[first.i - 1].dep_ in _NAME_MODIFIERS
    ):
        first = doc[first.i - 1]
    if first.i == 0 or doc[first.i - 1].text != ",":
        return []
    return list(doc[first.i : v.i])


def framing(facts: QuoteFacts, v: Token, speaker: Range | None) -> bool:
    """A participle or infinitive whose only speaker is the "it" of "it's worth noting that …",
    "it goes without saying that …", "it bears repeating": the journalist's framing of a
    statement of their own."""
    if speaker is None:
        return False
    span = facts.doc.char_span(*speaker)
    if span is None or len(span) != 1 or span[0].lower_ != "it":
        return False
    it = span[0]
    if it.dep_ not in {"nsubj", "expl"} or not (v.tag_ in {"VBG", "VB"} or v.i == it.head.i):
        return False  # (the tagger's cue may be the framing verb itself: "goes without saying")
    frame = it.head
    lemma = frame.lemma_.lower()
    if lemma == "go":  # "it goes without saying", not "it is going to announce"
        return any(c.dep_ == "prep" and c.lower_ == "without" for c in frame.children)
    if lemma == "bear":  # "it bears repeating"
        return any(c.dep_ == "xcomp" for c in frame.children)
    # "it's worth noting", "it's impossible to evaluate … without knowing", "too soon to say"
    return lemma == "be" and any(
        c.dep_ in {"acomp", "advmod"} and c.pos_ in {"ADJ", "ADV"} for c in frame.children
    )
