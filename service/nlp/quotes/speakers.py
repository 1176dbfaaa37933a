"""Who speaks: the mention of a cue's speaker (subject, passive agent, or one inherited along
conjunctions and clauses), kept as words in the text; the actor index links it later."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from service.nlp.deps import ACTIVE_SUBJ
from service.nlp.quotes.candidates import Candidates, Range
from service.nlp.quotes.facts import PRONOUNS, RELATIVE, QuoteFacts, inverted_said, rng

_KEEP_RIGHT = frozenset(
    {"compound", "flat", "prep", "amod", "nummod", "conj", "cc", "case", "pobj"}
)
# a cue in such a clause may speak with the voice of the clause it hangs on
_INHERITING_DEPS = frozenset(
    {"conj", "advcl", "xcomp", "dep", "ccomp", "csubj", "pcomp", "acomp", "prep", "pobj", "advmod"}
)


_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def mention(tok: Token) -> Range:
    """The compact span naming the speaker: the head noun with its modifiers, no appositions."""
    if tok.lower_ in PRONOUNS or tok.pos_ == "PRON":
        return rng([tok])
    keep = {tok.i}
    for child in tok.lefts:
        if child.dep_ not in {"punct", "appos", "relcl", "acl"}:
            keep.update(t.i for t in child.subtree)
    for child in tok.rights:
        if child.dep_ in _KEEP_RIGHT and child.i - tok.i < 12:
            keep.update(t.i for t in child.subtree if t.dep_ not in {"relcl", "appos"})
    lo, hi = min(keep), max(keep)
    toks = [t for t in tok.doc[lo : hi + 1]]
    # (nor the possessive ending of "the ministry's statement": the name is "the ministry")
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ in {"cc", "case"}):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    return rng(toks or [tok])


def names_someone(toks: Iterable[Token]) -> bool:
    """Some word is a proper noun or in the name of a person, organisation, group or place: the
    words can name a speaker ("— Ana Ruiz", "Tulsa police Chief Chuck Jordan")."""
    return any(t.pos_ == "PROPN" or t.ent_type_ in _NAMED for t in toks)


def speaker_of(
    facts: QuoteFacts, cands: Candidates, v: Token, depth: int = 0
) -> tuple[Range | None, bool, int | None]:
    """(mention range, explicit, inherited-from cue token) for the cue ``v``."""
    if (
        depth == 0
        and v.i in cands.by_root
        and cands.by_root[v.i].cue_tok != v.i
        and not any(c.dep_ in ACTIVE_SUBJ for c in v.children)
    ):
        cand = cands.by_root[v.i]  # "a statement “expressing …”": the statement's source
        return cand.speaker, False, cand.cue_tok
    for c in v.children:
        if c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return mention(objs[0]), True, None
    issuer = _issuer(facts, v)
    if issuer is not None:
        return mention(issuer), False, None
    own = _own_subject(facts, v)
    if own is not None:
        return own, True, None
    if depth > 0:
        # "After saying …, she was whisked off": whoever the clause hangs on, active or passive
        passive = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return mention(passive), True, None
    frames = facts.lex.speaker_frames
    doer = _blamed_for(v, frames) or _gerund_owner(v, frames)
    if doer is not None:
        return mention(doer), False, None
    if v.dep_ == "xcomp" and v.head.lemma_.lower() in facts.lex.object_control:
        obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
        if obj is not None and obj.lower_ not in RELATIVE:
            # "forced Stumpf to admit that …": the one made to speak is the object
            return mention(obj), False, None
    shown = _shown_speaking(v, frames) if depth == 0 else None
    if shown is not None:
        return mention(shown), True, None
    if depth < 4 and v.dep_ in _INHERITING_DEPS:
        head = v.head
        if head.i in cands.by_root:
            cand = cands.by_root[head.i]
            return cand.speaker, False, cand.cue_tok
        if v.dep_ == "ccomp":
            return None, False, None
        sp, _, _ = speaker_of(facts, cands, head, depth + 1)
        return sp, False, head.i
    if v.dep_ in {"relcl", "acl"} and v.head.pos_ in {"NOUN", "PROPN"}:
        return mention(v.head), False, None  # "an outside group backing Rubio"
    return None, False, None


def _shown_speaking(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
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


def _blamed_for(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
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
    someone = obj.lower_ in PRONOUNS or obj.pos_ == "PROPN" or obj.ent_type_ in _NAMED
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


def _gerund_owner(v: Token, frames: dict[str, frozenset[str]]) -> Token | None:
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


def _issuer(facts: QuoteFacts, v: Token) -> Token | None:
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


def _own_subject(facts: QuoteFacts, v: Token) -> Range | None:
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
            # it); ActorIndex.link resolves it to the antecedent, whose name stays clean
            return (c.idx, c.idx + len(c))
        if c.dep_ == "csubj":
            continue
        return mention(c)
    if not subjects and inverted_said(v):
        # 'Said Ellis: “…”' parsed with the verb a compound of the name
        start, end = mention(v.head)
        return (max(start, v.doc[v.i + 1].idx), end)
    if not subjects and v.i > 0:
        # '“…,” Trump barked and …' parsed with the name as a compound of the verb
        prev = v.doc[v.i - 1]
        if prev.dep_ == "compound" and prev.head.i == v.i and prev.pos_ == "PROPN":
            return mention(prev)
    if not subjects and v.dep_ == "ROOT" and v.tag_ == "VBG":
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
        not subjects
        and v.dep_ in {"ROOT", "ccomp"}
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
    if prev.pos_ != "PROPN" or prev.ent_type_ not in _NAMED or v.ent_iob_ == "I":
        return None
    start = _entity_start(prev)
    if start >= 2 and doc[start - 1].lower_ == "and" and doc[start - 2].ent_type_ in _NAMED:
        start = _entity_start(doc[start - 2])
    while doc[start].dep_ == "det":
        start += 1
    return (doc[start].idx, prev.idx + len(prev))


def _entity_start(tok: Token) -> int:
    """The first token of the entity ``tok`` ends."""
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def speaker_after(facts: QuoteFacts, v: Token) -> Range | None:
    """The first noun phrase after the cue, outside quotes ('“We will …,” said X')."""
    sent = v.sent
    for t in facts.doc[v.i + 1 : min(v.i + 8, sent.end)]:
        if facts.in_quote((t.idx, t.idx + 1)) or t.ent_type_ in {"DATE", "TIME"}:
            continue
        if t.pos_ in {"PROPN", "NOUN", "PRON"}:
            head = t
            while head.dep_ in {"compound", "amod", "det", "poss"} and head.head.i > head.i:
                head = head.head
            return mention(head)
    return None


def chunk_before(facts: QuoteFacts, v: Token) -> Range | None:
    """The first noun phrase of ``v``'s paragraph before ``v`` (a subject the parse lost)."""
    lo = facts.paras[facts.para_of(v.idx)][0]
    for t in facts.doc[: v.i]:
        if t.idx < lo or t.is_space or t.is_punct:
            continue
        if t.pos_ in {"PROPN", "NOUN", "PRON"}:
            head = t
            while (
                head.head.i > head.i
                and head.head.i < v.i
                and head.dep_ in {"compound", "amod", "det", "poss", "flat"}
            ):
                head = head.head
            return rng(list(facts.doc[t.i : head.i + 1]))
        if t.pos_ in {"VERB", "AUX", "ADP", "SCONJ"}:
            return None
    return None
