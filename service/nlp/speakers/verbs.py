"""The speaker of a verb cue, by the first rule that names one, in a reader's order: the agent
of a passive ("by X"), the issuer of a document the cue is a clause of, the cue's own subject
(``subject``), the one blamed, owning, shown or made to speak (``implied``), the speaker of the
clause the cue hangs on (inherited); then the corrections where the parse ran over a line or a
quotation, the names the parser hung elsewhere and the inverted "said X" (``inverted``)."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.deps import ACTIVE_SUBJ
from service.nlp.quotes.candidates import Candidate, Candidates, Range, Said
from service.nlp.quotes.facts import QuoteFacts, glued_conjunct, mention, rng
from service.nlp.speakers.implied import (
    blamed_for,
    gerund_owner,
    issuer,
    made_to_speak,
    shown_speaking,
)
from service.nlp.speakers.inverted import named_after_quote, speaker_after
from service.nlp.speakers.subject import framing, lost_subject, own_subject

# a cue in such a clause may speak with the voice of the clause it hangs on
_INHERITING_DEPS = frozenset(
    {"conj", "advcl", "xcomp", "dep", "ccomp", "csubj", "pcomp", "acomp", "prep", "pobj", "advmod"}
)


def of_verb(facts: QuoteFacts, cands: Candidates, v: Token) -> Said | None:
    """Who spoke the verb cue ``v``; ``None`` for the journalist's own framing."""
    speaker, explicit, inherit = _corrected(facts, cands, v)
    if not explicit and framing(facts, v, speaker):
        return None
    words: set[int] = set()
    if speaker is None and (lost := lost_subject(v)):
        speaker, explicit, inherit = mention(lost[-1]), True, None
        words |= {t.i for t in lost} | {lost[0].i - 1}
    named = named_after_quote(facts, v)
    if named is not None and (speaker is None or speaker[0] != named[0][0]):
        speaker, explicit, inherit = named[0], True, None
        words |= named[1]
    return Said(speaker, explicit, inherit, frozenset(words))


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
    doc_issuer = issuer(facts, v)
    if doc_issuer is not None:
        return mention(doc_issuer), False, None
    own = own_subject(facts, v)
    if own is not None:
        return own, True, None
    if depth > 0:
        # "After saying …, she was whisked off": whoever the clause hangs on, active or passive
        passive = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            return mention(passive), True, None
    frames = facts.lex.speaker_frames
    doer = blamed_for(v, frames) or gerund_owner(v, frames) or made_to_speak(facts, v)
    if doer is not None:
        return mention(doer), False, None
    shown = shown_speaking(v, frames) if depth == 0 else None
    if shown is not None:
        return mention(shown), True, None
    return _inherited(facts, cands, v, depth)


def _inherited(
    facts: QuoteFacts, cands: Candidates, v: Token, depth: int
) -> tuple[Range | None, bool, int | None]:
    """The speaker of the clause ``v`` hangs on, or the noun a relative clause describes ("an
    outside group backing Rubio")."""
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


def _corrected(
    facts: QuoteFacts, cands: Candidates, v: Token
) -> tuple[Range | None, bool, int | None]:
    """``speaker_of``, corrected where the parse crossed a line or a quotation."""
    if glued_conjunct(v):
        # the speaker of the cue that heads the coordination
        head = v.head
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.head is not head and facts.is_cue_verb(head.head):
            sp, _, _ = speaker_of(facts, cands, head.head)
            return sp, False, head.head.i
    speaker, explicit, inherit = speaker_of(facts, cands, v)
    nearest = _nearer_cue(facts, cands, v) if not explicit else None
    if nearest is not None:
        return nearest.speaker, False, nearest.cue_tok
    if speaker is not None and facts.para_of(speaker[0]) != facts.para_of(v.idx):
        # the parse ran a dateline or a timestamp line into this sentence ("12:15 p.m.")
        speaker = _chunk_before(facts, v)
    if speaker is not None and facts.in_quote(speaker) and not facts.in_quote((v.idx, v.idx + 1)):
        # the "subject" is a word of the quote ('“We will …,” said X'): look after the cue
        speaker, explicit = speaker_after(facts, v), True
    return speaker, explicit, inherit


def _nearer_cue(facts: QuoteFacts, cands: Candidates, v: Token) -> Candidate | None:
    """ "replying to remarks made at a rally where the senator insisted that …, adding that …":
    a trailing participle goes on with the cue of a relative clause just before it (outside
    any quotation), whatever the parser hung it on."""
    # "adding" goes on with a statement; "saying" as often states the main clause's own
    if not (v.tag_ == "VBG" and v.lemma_ == "add" and v.dep_ in {"advcl", "conj", "xcomp"}):
        return None
    if v.i == 0 or facts.doc[v.i - 1].text not in {",", "—", "–"}:
        return None
    sent = facts.sent_of[v.i]
    before = [
        c
        for k, c in cands.by_cue.items()
        if k < v.i
        and facts.sent_of[k] == sent
        and c.speaker is not None
        and c.explicit
        and c.kind == "verb"
        and facts.doc[k].dep_ == "relcl"
        # the clause ends at the comma before v (a closing quotation mark may come between)
        and all(t.is_punct for t in facts.doc[facts.doc[k].right_edge.i + 1 : v.i])
        and not facts.in_quote((c.cue.start, c.cue.end))
    ]
    nearest = max(before, key=lambda c: c.cue_tok, default=None)
    if nearest is None or nearest.cue_tok == v.head.i:
        return None
    return nearest


def _chunk_before(facts: QuoteFacts, v: Token) -> Range | None:
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
