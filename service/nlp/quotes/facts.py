"""What the quote rules read of one article: its context, the cue lexicon and the facts derived
from both once (cue verbs, the dependency tree as arrays, quoted spans by position)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

import numpy as np
from spacy import parts_of_speech
from spacy.tokens import Doc, Token

from service.lexicons.cues import CueLexicon
from service.lexicons.gazetteer import PERSONAL_PRONOUNS
from service.nlp.context import DocContext
from service.nlp.deps import ANY_SUBJ, NOUN_SUBJ
from service.nlp.quotemarks import QUOTE_CHARS, Quoted
from service.nlp.quotes.tree import DepTree
from service.nlp.types import Cue

VERB_POS = frozenset({parts_of_speech.VERB, parts_of_speech.AUX})
PRONOUNS = frozenset(PERSONAL_PRONOUNS) | {"you"}  # "you" is a speaker form but no actor class
RELATIVE = frozenset({"who", "which", "that", "whom"})
_WH_RELATIVE = RELATIVE - {"that"}  # "that" also opens a defining clause
# a verb the parser made a modifier of a noun ("a PAC called X") is no cue
NO_CUE_DEPS = frozenset({"amod", "compound"})


class QuoteFacts:
    """Read-only facts of one article for the quote rules."""

    def __init__(self, ctx: DocContext, lex: CueLexicon) -> None:
        self.ctx, self.lex = ctx, lex
        self.doc: Doc = ctx.doc
        self.text: str = ctx.text
        self.toks: list[Token] = ctx.tokens
        self.quoted: list[Quoted] = ctx.quoted
        # in_quote by bisection: quote starts sorted, with the largest end up to each one
        by_start = sorted((q.start, q.end) for q in self.quoted)
        self._q_starts = [s for s, _ in by_start]
        self._q_reach = list(accumulate((e for _, e in by_start), max))
        self.paras = ctx.paragraphs
        self.sents = ctx.sents
        self.sent_of = ctx.sent_of
        # tested once per token: the verb rule and every cue_exclusions walk ask again and again
        self.cue_flag = [
            p in VERB_POS and self._cue_verb_test(t)
            for p, t in zip(ctx.pos_id, self.toks, strict=True)
        ]
        self.cue_idx = [i for i, f in enumerate(self.cue_flag) if f]
        self.tree = DepTree(ctx)
        # tokens of one paragraph are contiguous: paragraph -> [first, last + 1) token ids
        self.para_toks = self._para_token_ranges()

    def _cue_verb_test(self, t: Token) -> bool:
        if t.pos_ not in {"VERB", "AUX"} or t.lemma_.lower() not in self.lex.verbs:
            return False
        if t.dep_ in NO_CUE_DEPS and not (glued_conjunct(t) or inverted_said(t)):
            return False
        # "appears to call out": the journalist's hedge, not a reported act of speech
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in self.lex.hedges:
            return False
        # participles that modify a noun ("a PAC called X", "the group backed by")
        return not (t.dep_ == "acl" and t.tag_ == "VBN")

    def is_cue_verb(self, t: Token) -> bool:
        return self.cue_flag[t.i]

    def cue(self, toks: list[Token], lemma: str) -> Cue:
        s, e = rng(toks)
        return Cue(s, e, self.text[s:e], lemma)

    def para_of(self, pos: int) -> int:
        return self.ctx.para_of(pos)

    def in_quote(self, span: tuple[int, int]) -> bool:
        """``span`` lies inside a quoted span."""
        k = bisect_left(self._q_starts, span[0])  # the quotes opening before span
        return k > 0 and self._q_reach[k - 1] >= span[1]

    def quote_after(self, tok: Token, window: int) -> Quoted | None:
        """The first quoted span opening within ``window`` tokens after ``tok``."""
        end = tok.idx + len(tok)
        limit = tok.doc[min(tok.i + window, len(tok.doc) - 1)].idx + 1
        for q in self.quoted:
            if end <= q.start <= limit:
                return q
        return None

    def same_para(self, idxs: set[int], anchor: Token) -> set[int]:
        """Parses may run a sentence over a paragraph break; a content stays in its paragraph."""
        para = self.para_of(anchor.idx)
        if para < 0:  # not in a paragraph: the tokens outside paragraphs are not contiguous
            return {i for i in idxs if self.para_of(self.tree.start[i]) == para}
        lo, hi = self.para_toks[para]
        if idxs and lo <= min(idxs) and max(idxs) < hi:
            return set(idxs)
        return {i for i in idxs if lo <= i < hi}

    def cue_exclusions(self, tok: Token) -> set[int]:
        """Cue verbs under ``tok`` that form their own quotes: cut them from its content.

        Conjoined cues ("noted that … and acknowledged …") and trailing participles after a comma
        or a subordinator ("…, telling X that …", "…, adding …", "… while insisting that …").
        """
        out = set()
        # only cue verbs matter and they are rare: test those in the subtree's token range
        lo, hi = tok.left_edge.i, tok.right_edge.i
        first = bisect_left(self.cue_idx, lo)
        for j in self.cue_idx[first : bisect_right(self.cue_idx, hi)]:
            t = self.toks[j]
            if not self.tree.descends(j, tok.i):
                continue
            # positions, not objects: spaCy builds a new Token on every access, so `is` never holds
            if (t.dep_ == "conj" and t.head.i == tok.i) or (
                t.tag_ == "VBG"
                and t.dep_ in {"advcl", "conj", "xcomp"}
                and t.i > 0
                and (self.doc[t.i - 1].text in {",", "—", "–"} or self._set_off_by_mark(t))
            ):
                out.add(t.i)
            elif glued_conjunct(t):
                out.add(t.head.i)  # "… and acknowledged “reports of …”": that conjunct
            elif self.elided_speech_conjunct(t):
                out.add(t.i)  # "said the talks had stalled and warned that …"
            elif asked(t, self.lex):
                out.add(t.i)  # '"…," he said when asked about …': the reporter's question
            elif (
                t.dep_ == "relcl"
                and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE for c in t.children)
                and any(c.dep_ == "ccomp" or c.lower_ in _WH_RELATIVE for c in t.children)
            ):
                # "its rights, which she said were ignored …", "the dam, which the rival
                # dismisses as a myth": their statements; not a defining clause ("the plan
                # the minister announced", "the reforms that the president promised")
                out.add(t.i)
        return out

    def _set_off_by_mark(self, t: Token) -> bool:
        """'…,” while insisting that …', '…, before adding …': a subordinator set off by a comma
        (a closing quotation mark may follow the comma). Without the comma ("the suspect fled
        while claiming …") the participle belongs to the clause before it."""
        mark = next((c for c in t.children if c.dep_ == "mark" and c.lower_ in _GERUND_MARKS), None)
        if mark is None or mark.i < 1:
            return False
        before = self.doc[mark.i - 1]
        if before.text in QUOTE_CHARS and mark.i > 1:
            before = self.doc[mark.i - 2]
        return before.text == ","

    def elided_speech_conjunct(self, t: Token) -> bool:
        """A speech verb in the past conjoined to a clause inside a content, with no subject of its
        own where that clause has one: "said the talks had stalled and warned that …" does not
        make the talks warn; the verb shares the speaker of the content's cue."""
        head = t.head
        return (
            t.dep_ == "conj"
            and (t.lemma_.lower() in self.lex.speech or t.lemma_.lower() in self.lex.directive)
            and t.tag_ in {"VBD", "VBN"}
            and not any(c.dep_ in ANY_SUBJ for c in t.children)
            and any(c.dep_ in NOUN_SUBJ for c in head.children)
            and (
                head.lemma_.lower() not in self.lex.speech
                # "said he would order a review and warned …": a past verb does not go on
                # with a modal one; it goes on with the cue
                or any(c.tag_ == "MD" for c in head.children)
            )
        )

    def _para_token_ranges(self) -> dict[int, tuple[int, int]]:
        """Paragraph (``para_of``; -1 between paragraphs) -> [first, last + 1) of its tokens."""
        starts = np.asarray(self.tree.start, dtype=np.int64)
        if not len(starts):
            return {}
        para = np.full(len(starts), -1, dtype=np.int64)
        if self.paras:
            para_starts = np.asarray([lo for lo, _ in self.paras])
            i = np.searchsorted(para_starts, starts, side="right") - 1
            ends = np.asarray([e for _, e in self.paras], dtype=np.int64)
            inside = (i >= 0) & (starts <= ends[np.maximum(i, 0)])
            para = np.where(inside, i, -1)
        values, first = np.unique(para, return_index=True)
        _, last_from_end = np.unique(para[::-1], return_index=True)
        last = len(para) - 1 - last_from_end
        return {
            int(p): (int(lo), int(hi) + 1)
            for p, lo, hi in zip(values.tolist(), first.tolist(), last.tolist(), strict=True)
        }


# "… while insisting that …", "… before adding …": the participle is the speaker's next statement
_GERUND_MARKS = frozenset({"while", "before", "after"})


def asked(t: Token, lex: CueLexicon) -> bool:
    """ "when asked about the talks", "if questioned": a question put to the speaker, not words
    of theirs."""
    return (
        t.tag_ == "VBN"
        and t.lemma_.lower() in lex.speaker_frames.get("questioned", ())
        and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in {"when", "if", "after", "as"}
            for c in t.children
        )
    )


def glued_conjunct(t: Token) -> bool:
    """A cue verb the parser glued to the noun after it as a modifier, in a coordination: "noted
    that … and acknowledged “reports of …”" parsed "acknowledged" as an adjective of "reports"."""
    return (
        t.dep_ == "amod"
        and t.tag_ == "VBD"
        and t.head.dep_ == "conj"
        and t.i > 0
        and t.doc[t.i - 1].lower_ in {"and", ","}
    )


def inverted_said(t: Token) -> bool:
    """ "Said Ellis: “…”": the verb opening its sentence, parsed as a compound of the name."""
    return (
        t.dep_ == "compound"
        and t.tag_ == "VBD"
        and t.is_sent_start
        and t.head.pos_ == "PROPN"
        and t.head.i > t.i
    )


def rng(toks: list[Token]) -> tuple[int, int]:
    """The character range from the first token's start to the last one's end."""
    return toks[0].idx, toks[-1].idx + len(toks[-1])


# the dependents after a noun that belong to the words naming it ("the ministry of defence")
_KEEP_RIGHT = frozenset(
    {"compound", "flat", "prep", "amod", "nummod", "conj", "cc", "case", "pobj"}
)


def mention(tok: Token) -> tuple[int, int]:
    """The compact span naming a speaker or an addressee: the head noun with its modifiers, no
    appositions."""
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


def is_infinitive(t: Token) -> bool:
    return t.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in t.children
    )
