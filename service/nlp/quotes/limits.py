"""Where a verb cue's content ends: the narrative a content does not take in (a clause of past time
after a demand, a ", who …" description of a person), the bare verbs that go on with a listed
infinitive, and the sentence around a parenthetical reporting clause."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.deps import ACTIVE_SUBJ, NOUN_SUBJ
from service.nlp.quotes.facts import QuoteFacts

# "urged X to show restraint after the clashes broke out": a clause in the past after the act
# demanded says when the demand was made, not what it demands. Only "after" and "since": reported
# instructions shift into the past ("told residents to stay indoors while crews cleared the
# roads" keeps its clause), and "to leave before the fighting resumes" is the demand itself.
_WHEN_MARKS = frozenset({"after", "since"})


def demanded(facts: QuoteFacts, v: Token, excl: set[int], action: Token) -> set[int]:
    """The infinitive ``action`` of a demand or pledge with its words, less the cues cut from the
    verb's content and the narrative clauses of time that hang on it."""
    when = {c.i for c in past_time_clauses(action)}
    content = facts.tree.subtree(action.i, excl | when)
    for c in _listed_infinitives(v, action):
        content |= facts.tree.subtree(c.i, excl) | {c.i - 1}
    return content


def _listed_infinitives(v: Token, action: Token) -> list[Token]:
    """ "wants to triple X, grow Y and create Z" parsed with "grow" hung on the cue: bare verbs
    right after the infinitive, set off by a comma and without a subject, go on with its list.
    (A cue in the base form itself, "will say X and leave", goes on with its own clause.)"""
    if v.tag_ == "VB" or action.dep_ != "xcomp" or action.head.i != v.i:
        return []
    doc = v.doc
    edge = action.right_edge.i
    out: list[Token] = []
    for c in v.children:
        if (
            c.i == edge + 2
            and c.dep_ in {"dep", "conj"}
            and c.tag_ == "VB"
            and doc[edge + 1].text == ","
            and not any(g.dep_ in ACTIVE_SUBJ or g.dep_ == "aux" for g in c.children)
        ):
            out.append(c)
            edge = c.right_edge.i
    return out


def past_time_clauses(head: Token) -> list[Token]:
    """The clauses of past time after ``head`` that hang on it ("… after a fight broke out"):
    the journalist's narrative, not the words of a demand or report."""
    return [
        c
        for c in head.children
        if c.dep_ == "advcl"
        and c.i > head.i
        and c.tag_ == "VBD"
        and any(g.dep_ == "mark" and g.lower_ in _WHEN_MARKS for g in c.children)
    ]


def trailing_description(facts: QuoteFacts, content: set[int]) -> set[int]:
    """ "said he expects Bush to lose to Smith, who served two terms as …": the ", who …" clause
    that ends an unquoted content is the reporter's description of a person, not the speaker's
    words. A ", which …" clause stays: as often as not it is the speaker's own."""
    if not content:
        return set()
    end = max(content)
    for i in sorted(content):
        t = facts.toks[i]
        if (
            t.dep_ == "relcl"
            and t.right_edge.i == end
            and t.left_edge.i - 1 in content
            and facts.doc[t.left_edge.i - 1].text == ","
            and any(c.lower_ == "who" and c.dep_ in NOUN_SUBJ for c in t.children)
            and not facts.in_quote((t.idx, t.idx + 1))
        ):
            return {x.i for x in t.subtree} | {t.left_edge.i - 1}
    return set()


def parenthetical(facts: QuoteFacts, v: Token) -> set[int]:
    """'The risk, he said, is a clash' or '…, he said.': the rest of the sentence is content.

    A reporting clause set off by commas inside (or at the end of) a sentence whose main verb
    the parser made its head: the content is the sentence minus that clause.
    """
    if v.dep_ not in {"parataxis", "ccomp", "advcl", "dep", "conj"} or v.head is v:
        return set()
    clause = sorted(facts.tree.subtree(v.i))
    words = [i for i in clause if not facts.doc[i].is_punct]
    if len(clause) > 10 or not words:
        return set()
    sent = facts.sents[facts.sent_of[v.i]]
    before = facts.doc[words[0] - 1] if words[0] > sent.start else None
    after = facts.doc[words[-1] + 1] if words[-1] + 1 < sent.end else None
    if before is None or before.text not in {",", "—", "–"}:
        return set()
    if after is not None and after.text not in {",", "—", "–", ".", "!", "?"}:
        return set()
    return set(range(sent.start, sent.end)) - set(clause)
