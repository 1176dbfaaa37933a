"""Speakers outside the cue's clause, implied by the words around it: the issuer of a document or
the speaker at an event that "says" something, the one blamed or praised for saying it, the owner
of a noun a gerund hangs on, the one seen or heard speaking, the one made to speak."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.deps import ACTIVE_SUBJ
from service.nlp.quotes.facts import PRONOUNS, RELATIVE, QuoteFacts
from service.nlp.speakers.names import NAMED_LABELS


def issuer(facts: QuoteFacts, v: Token) -> Token | None:
    """ "lawyers filed papers opposing the unsealing", "the Post ran a feature that profiled …",
    "she said at a news conference announcing …": whoever issued the document or spoke at the
    event (``documents``, ``issue_verbs``, ``speech_events`` of the cue lexicon)."""
    lex = facts.lex
    noun = v.head
    if v.dep_ not in {"acl", "relcl"} or noun.lemma_.lower() not in lex.voiced:
        return None
    if v.dep_ == "relcl" and not any(
        c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in v.children
    ):
        return None
    if noun.dep_ == "dobj" and noun.lemma_.lower() in lex.documents:
        verb = noun.head
        if verb.lemma_.lower() not in lex.issue_verbs:
            return None  # "the judge dismissed a lawsuit claiming …"
    elif (
        noun.dep_ == "pobj"
        and noun.lemma_.lower() in lex.speech_events
        and noun.head.dep_ == "prep"
        and noun.head.head.lemma_.lower() in lex.speech | {"speak", "appear", "hold"}
    ):
        verb = noun.head.head  # "she said at a news conference announcing that …"
    else:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def blamed_for(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
    """ "held Pagliano in contempt for refusing to …", "accused Clinton of saying …", "praised
    him for backing …": the object the verb blames or praises is the one who did it."""
    prep = _preposed_gerund(v)
    if prep is None or prep.lower_ not in {"for", "of"}:
        return None
    verb = prep.head
    if verb.pos_ != "VERB":
        return None
    if verb.lemma_.lower() not in frames.get("blaming", ()):
        return None  # "used Twitter for announcing …": a tool, not someone blamed
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < prep.i), None)
    if obj is None or obj.lower_ in RELATIVE:
        return None
    # someone, not something ("issued death threats against him for defending …")
    someone = obj.lower_ in PRONOUNS or obj.pos_ == "PROPN" or obj.ent_type_ in NAMED_LABELS
    return obj if someone else None


def _preposed_gerund(v: Token) -> Token | None:
    """The preposition of a gerund with no subject or owner of its own ("for refusing", "of
    knowing"; not "for his saying …"), whose doer lies outside it."""
    prep = v.head
    if v.dep_ != "pcomp" or v.tag_ != "VBG" or prep.dep_ != "prep":
        return None
    if any(c.dep_ in ACTIVE_SUBJ or c.dep_ == "poss" for c in v.children):
        return None
    return prep


def gerund_owner(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
    """ "Mr. Ban's record on promoting …", "you have no way of knowing …": a gerund after a noun
    speaks for the noun's owner, or for whoever has the noun (``having``; not "this is a way
    of saying …")."""
    prep = _preposed_gerund(v)
    if prep is None or prep.head.pos_ != "NOUN":
        return None
    noun = prep.head
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in frames.get("having", ()):
        subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in RELATIVE | {"it", "this", "that", "there"}:
            return subj
    return None


def made_to_speak(facts: QuoteFacts, v: Token) -> Token | None:
    """ "forced Stumpf to admit that …": the one made to speak is the object (``object_control``
    of the cue lexicon)."""
    if v.dep_ != "xcomp" or v.head.lemma_.lower() not in facts.lex.object_control:
        return None
    obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
    if obj is None or obj.lower_ in RELATIVE:
        return None
    return obj


def shown_speaking(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
    """ "footage of Hillary Clinton asking, “…”", "heard Trump saying …": a person named right
    before a participle, as the object of "footage of" or of a verb of seeing or hearing, is the
    one speaking (the parser hangs the participle on the main verb, whose subject is the
    footage). So is the object of "left X feeling that …" (``speaker_frames`` of the cue
    lexicon)."""
    if v.tag_ != "VBG" or v.i == 0 or any(c.dep_ in ACTIVE_SUBJ for c in v.children):
        return None
    head = v.head
    if head.lemma_.lower() in frames.get("left_doing", ()) and head.i < v.i:
        # "left many E.U. nations feeling that …", "found voters saying …"
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if (
            obj is not None
            and obj.right_edge.i == v.i - 1
            and obj.lower_ not in PRONOUNS | RELATIVE
        ):
            return obj
    prev = v.doc[v.i - 1]
    if prev.ent_type_ != "PERSON" or v.ent_type_ == "PERSON":
        return None
    media = frames.get("media", ())
    if prev.dep_ == "pobj" and prev.head.lower_ == "of" and prev.head.head.lemma_.lower() in media:
        return prev
    if prev.dep_ == "dobj" and prev.head.lemma_.lower() in frames.get("perceived", ()):
        return prev
    return None
