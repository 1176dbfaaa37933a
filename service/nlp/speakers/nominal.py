"""Speakers of the cues that are no verbs: 3. the source of "according to X", 4. the owner of a
nominal cue ("the ministry's statement"), the name before a line's colon ("Putin: …") and the name
signing a quotation ("― Ana Ruiz")."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.lexicons.gazetteer import NAME_PARTICLES
from service.nlp.quotes.candidates import Range
from service.nlp.quotes.facts import RELATIVE, QuoteFacts, mention
from service.nlp.quotes.nominal import sourced_by
from service.nlp.speakers.names import NAMED_LABELS, names_someone

# abbreviations that keep their full stop at the end of a signature ("Martin Luther King Jr.")
_ABBREVIATIONS = frozenset({"jr", "sr", "st", "dr", "mr", "mrs", "ms", "gen", "sen", "rep"})


def of_according(facts: QuoteFacts, to: Token, obj: Token) -> Range:
    """ "according to X": X, or whoever gave the speech or issued the document X names."""
    if obj.pos_ in {"NOUN", "PROPN", "PRON"}:
        return mention(_author(facts, obj) or obj)
    # "according to show insiders" parsed as a verb phrase: its words are the source
    return (facts.doc[to.i + 1].idx, obj.right_edge.idx + len(obj.right_edge))


def _author(facts: QuoteFacts, noun: Token) -> Token | None:
    """ "according to a speech Mrs. Clinton delivered", "a report the ministry released": whoever
    gave the speech or issued the document speaks through it."""
    lex = facts.lex
    if noun.lemma_.lower() not in lex.voiced:
        return None
    for clause in noun.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in lex.issue_verbs:
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ not in RELATIVE:
                return subj
    return None


def of_noun(facts: QuoteFacts, n: Token) -> Range | None:
    """The owner ("the ministry's statement"), the source ("a statement from X") or the subject
    of the verb the noun is the object of ("X issued a statement"; not "X faced questions",
    ``received``)."""
    for c in n.children:
        if c.dep_ == "poss":
            return mention(c)
    for c in n.children:  # "the Norwegian claims that …": the nation's
        if c.dep_ == "amod" and c.ent_type_ == "NORP" and c.i < n.i:
            return (c.idx, c.idx + len(c))
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return mention(obj)
    sourced = sourced_by(n)
    if sourced is not None:
        return mention(sourced[1])
    received = facts.lex.received
    if n.dep_ == "dobj" and n.head.pos_ == "VERB" and n.head.lemma_.lower() not in received:
        subj = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return mention(subj)
    return None


def of_line(facts: QuoteFacts, left: SpacySpan, turn: bool) -> Range | None:
    """The words before a line's colon when they name someone: a short capitalised name
    ("Putin:", "US Embassy:"), not a label ("Correction:", ``colon_labels``), a place ("Georgia:
    US Embassy Condemns …" places a headline) or a clause. A transcript's ``turn`` is a name in
    capitals ("PENCE:") or a person's."""
    if not 1 <= len(left) <= 6 or not left.text[:1].isupper():
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in left) or len(left.text.strip()) < 2:
        return None
    if left.text.strip(" \u00a0").lower() in facts.lex.colon_labels:
        return None  # "Correction: …" labels the text; no one speaks
    words = [t for t in left if not t.is_punct]
    capitals = left.text.isupper() and len(left.text) >= 3
    if turn:
        named = capitals or any(t.ent_type_ == "PERSON" for t in left)
    else:
        named = (
            capitals
            or any(t.ent_type_ in NAMED_LABELS for t in left)
            or (len(words) <= 4 and all(t.text[:1].isupper() for t in words))
        )
    if not named or all(t.ent_type_ in {"GPE", "LOC"} for t in words):
        return None
    return (left.start_char, left.end_char)


def of_signature(facts: QuoteFacts, start: int, name: str) -> Range | None:
    """The range of a signing name: capitalised words, one of them a proper noun or in a
    person's or an organisation's name ("— Again, the crowd chanted" signs nothing); a full stop
    that ends the line is dropped, one of an abbreviation or an initial kept ("King Jr.")."""
    words = name.split()
    if not all(w[0].isupper() or w in NAME_PARTICLES for w in words):
        return None
    last = words[-1]
    if last.endswith(".") and len(last) > 3 and last[:-1].lower() not in _ABBREVIATIONS:
        name = name[:-1]
    span = facts.doc.char_span(start, start + len(name), alignment_mode="expand")
    if span is None or not names_someone(span):
        return None
    return (start, start + len(name))
