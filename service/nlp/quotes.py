"""Quote extraction: direct, indirect and mixed quotes with cue, speaker mention and addressees.

Rules over the dependency parse plus a character-level scan of quotation marks:

* ``_quoted_spans`` pairs quotation marks (curly, straight, single, guillemets) per paragraph,
  keeps nested quotes inside their outer quote, joins multi-paragraph quotes (opening mark
  repeated, closing mark only at the end) and drops unbalanced marks instead of guessing.
* Cue words from ``service/lexicons/cues.yaml`` (verbs, phrasal verbs, nominal cues,
  "according to", headline colons) give the content (complement clause, object + infinitive,
  object, "of" phrase) and the speaker (subject, passive agent, inherited along conjunctions).
* Quoted spans left without a cue are attached to a bare reporting verb next to them, continue
  the previous quote of the same paragraph, or, when they fill a paragraph, continue the previous
  speaker.
  Anything else (scare quotes, titles) is not a quote.

Speakers stay mentions (pronouns included); the actors helper links them to actors.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import Path

import numpy as np
from spacy import parts_of_speech
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, POS
from spacy.symbols import cc as _CC
from spacy.tokens import Doc, Token

from service.nlp import doccache
from service.nlp.actors import PERSONAL_PRONOUNS
from service.nlp.cue_lexicon import CueLexicon, load_cues
from service.nlp.types import Cue, Span


@dataclass(frozen=True, slots=True)
class RawQuote:
    """A quote before its speaker is linked to an actor. All spans index ``doc.text``."""

    fragments: tuple[Span, ...]  # content, several for a discontinuous mixed quote
    type: str  # direct | indirect | mixed
    cue: Cue | None
    speaker: Span | None  # the words that name the speaker here (pronoun included)
    addressees: tuple[Span, ...] = ()
    via: Span | None = None  # "…, the State Department said"
    confidence: float = 0.5
    # which rule found it: verb | nominal | according | colon | direct | continuation
    kind: str = "verb"
    evidence: str = ""  # the calibration cell behind ``confidence``: kind|cue class|speaker|marks

    @property
    def start(self) -> int:
        return self.fragments[0].start

    @property
    def end(self) -> int:
        return self.fragments[-1].end


# --------------------------------------------------------------------------- quotation marks

_OPENERS = {"“": "”", "«": "»", "„": "“", "‹": "›", "‘": "’", '"': '"', "'": "'"}
_DOUBLE = {"“", "”", "«", "»", "„", '"', "‹", "›"}
_QUOTE_CHARS = set(_OPENERS) | set(_OPENERS.values())
_QUOTE_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_QUOTE_CHARS)) + "]")
_OPEN_CONTEXT = set(" \t\n([{—–-/:\x01") | set(_OPENERS)


@dataclass(frozen=True, slots=True)
class _Quoted:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the paragraph end of a multi-paragraph piece)
    chain: int  # pieces of one multi-paragraph quote share a chain id


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _is_opener(text: str, i: int, lo: int, hi: int) -> bool:
    c = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if nxt.isspace():
        return False
    if c in "“«„‹":
        return True
    # straight and single marks open only after a space, a bracket or another mark
    return prev in _OPEN_CONTEXT and ((c != "‘" and c != "'") or nxt.isalnum() or nxt in _OPENERS)


def _is_closer(text: str, i: int, hi: int, opener: str) -> bool:
    c = text[i]
    if c == opener == "“" and i > 0 and not text[i - 1].isspace():
        # a typo'd closing mark (“Frozen“): an opener glued to the word before it closes
        nxt = text[i + 1] if i + 1 < hi else " "
        return nxt.isspace() or nxt in ",.;:!?)"
    if c != _OPENERS[opener] and not (opener in _DOUBLE and c in '”"»›' and c in _DOUBLE):
        return False
    nxt = text[i + 1] if i + 1 < hi else " "
    # ’ and ' followed by a letter are apostrophes (don’t, Azerbaijan’s)
    return not (c in "’'" and nxt.isalpha())


def _quoted_spans(text: str) -> list[_Quoted]:
    """Top-level quoted spans, marks included; never raises on unbalanced marks."""
    # two apostrophes stand for a double quote in some archives (''like this''); same length
    text = text.replace("''", '\x01"').replace("``", '\x01"')
    out: list[_Quoted] = []
    paras = _paragraphs(text)
    chain, carry = 0, False
    for pi, (lo, hi) in enumerate(paras):
        stack: list[tuple[str, int]] = []
        if carry:
            carry = False
        for m in _QUOTE_RE.finditer(text, lo, hi):  # the marks only, not every character
            i, c = m.start(), m.group()
            if stack and _is_closer(text, i, hi, stack[-1][0]):
                _, at = stack.pop()
                if not stack:
                    out.append(_Quoted(at, i + 1, chain))
                    chain += 1
                continue
            # a closer of an outer quote closes the nested ones left open inside it
            depth = next(
                (k for k in range(len(stack) - 1, -1, -1) if _is_closer(text, i, hi, stack[k][0])),
                None,
            )
            if depth is not None and stack[depth][0] in _DOUBLE:
                at = stack[depth][1]
                del stack[depth:]
                if not stack:
                    out.append(_Quoted(at, i + 1, chain))
                    chain += 1
                continue
            if c in _OPENERS and _is_opener(text, i, lo, hi):
                # single marks at top level: only a quote if a closer follows in the paragraph
                if c in "‘'" and not stack and not _has_single_closer(text, i, hi, c):
                    continue
                stack.append((c, i))
        if stack:
            opener, at = stack[0]
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] == opener and opener in _DOUBLE:
                out.append(_Quoted(at, hi, chain))  # continues in the next paragraph
                carry = True
                continue
            if out and out[-1].chain == chain and at == lo:
                out.append(_Quoted(at, hi, chain))  # last piece lost its closing mark
            elif at == lo and opener in _DOUBLE and hi - lo > 20:
                out.append(_Quoted(at, hi, chain))  # a quote paragraph missing its closer
            chain += 1
        elif not carry:
            pass
    return out


def _has_single_closer(text: str, i: int, hi: int, c: str) -> bool:
    closer = _OPENERS[c]
    return any(text[j] == closer and _is_closer(text, j, hi, c) for j in range(i + 2, hi))


# --------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
    cue: Cue | None
    lemma: str
    kind: str
    speaker: tuple[int, int] | None
    content: list[tuple[int, int]]
    addressees: list[tuple[int, int]] = field(default_factory=list)
    explicit: bool = True  # the speaker is the cue's own subject/agent, not inherited
    cue_tok: int | None = None
    root_tok: int | None = None  # first token of the content (relay detection)
    inherit_from: int | None = None  # cue token of the candidate whose speaker this reuses
    via: tuple[int, int] | None = None
    named: bool = False  # the speaker mention contains a proper noun
    sent: int = -1
    has_quote: bool = False
    dropped: bool = False


_PRONOUNS = frozenset(PERSONAL_PRONOUNS) | {"you"}  # "you" is a speaker form but no actor class
_RELATIVE = {"who", "which", "that", "whom"}
_TELL_LIKE = {"tell", "assure", "reassure", "inform", "remind", "warn", "brief", "notify", "ask"}
_TO_ADDRESSEE = {"say", "speak", "write", "explain", "complain", "declare", "repeat", "admit"}
_RELAY = {"say", "report", "add", "state", "announce", "tell", "note", "write", "tweet"}
_OF_CONTENT = {"tell", "warn", "inform", "remind", "assure", "speak", "talk", "complain"}
_SUBJ = {"nsubj", "csubj"}
_SPEAKER_KEEP_RIGHT = {"compound", "flat", "prep", "amod", "nummod", "conj", "cc", "case", "pobj"}
_NO_CUE_DEPS = {"amod", "compound"}
_HEDGES = {"appear", "seem", "look"}
_NOMINAL_PREPS = {"of", "about", "for", "to", "on", "against"}


def _rng(toks: list[Token]) -> tuple[int, int]:
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _mention(tok: Token) -> tuple[int, int]:
    """The compact span naming the speaker: the head noun with its modifiers, no appositions."""
    if tok.lower_ in _PRONOUNS or tok.pos_ == "PRON":
        return _rng([tok])
    keep = {tok.i}
    for child in tok.lefts:
        if child.dep_ not in {"punct", "appos", "relcl", "acl"}:
            keep.update(t.i for t in child.subtree)
    for child in tok.rights:
        if child.dep_ in _SPEAKER_KEEP_RIGHT and child.i - tok.i < 12:
            keep.update(t.i for t in child.subtree if t.dep_ not in {"relcl", "appos"})
    lo, hi = min(keep), max(keep)
    toks = [t for t in tok.doc[lo : hi + 1]]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    return _rng(toks or [tok])


def _is_mark(tok: Token) -> bool:
    return any(c in _QUOTE_CHARS for c in tok.text)


class _Tree:
    """Per-doc arrays that make subtree and run queries cost their output, not a tree walk.

    Tokens in DFS preorder: a token's subtree is the slice ``order[tin[i]:tout[i]]`` and
    "j descends from i" is ``tin[i] < tin[j] < tout[i]`` (Token.is_ancestor and Token.subtree
    build a Token per step, which is quadratic in a 20,000-token sentence).
    """

    def __init__(self, doc: Doc, text: str) -> None:
        n = len(doc)
        # One to_array call instead of n Token objects (and n more for t.head): this runs on
        # every article and was the engine's largest single cost.
        arr = doc.to_array([HEAD, IDX, LENGTH, IS_PUNCT, IS_SPACE, DEP]).astype(np.int64)
        arr = arr.reshape(n, 6)
        tin, size = _preorder(np.arange(n, dtype=np.int64) + arr[:, 0])
        order = np.empty(n, dtype=np.int64)
        order[tin] = np.arange(n, dtype=np.int64)
        self.order: list[int] = order.tolist()
        self.tin: list[int] = tin.tolist()
        self.tout: list[int] = (tin + size).tolist()
        start = arr[:, 1]
        end = start + arr[:, 2]
        self.start: list[int] = start.tolist()
        self.end: list[int] = end.tolist()
        punct = arr[:, 3].astype(bool)
        space = arr[:, 4].astype(bool)
        mark = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(punct).tolist():
            mark[i] = any(c in _QUOTE_CHARS for c in text[self.start[i] : self.end[i]])
        # trimmed from the edges of a run: spaces, "and"/"or", punctuation except quote marks
        self.trim: list[bool] = (space | (arr[:, 5] == _CC) | (punct & ~mark)).tolist()
        words = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(~(punct | space), out=words[1:])
        self.words: list[int] = words.tolist()  # prefix counts of tokens neither punct nor space

    def descends(self, j: int, i: int) -> bool:
        """``j`` is a proper descendant of ``i``."""
        return self.tin[i] < self.tin[j] < self.tout[i]

    def subtree(self, i: int, exclude: set[int] = frozenset()) -> set[int]:
        """Token ids of ``i``'s subtree minus the subtrees rooted at ``exclude``."""
        a, b = self.tin[i], self.tout[i]
        out = set(self.order[a:b])
        cut = sorted(self.tin[x] for x in exclude if a < self.tin[x] < b)
        reach = -1
        for c in cut:
            if c >= reach:  # not inside a subtree already cut
                reach = self.tout[self.order[c]]
                out.difference_update(self.order[c:reach])
        return out

    def runs(self, idxs: set[int]) -> list[tuple[int, int]]:
        """Contiguous runs of ``idxs`` as char ranges, trimmed of edge punctuation and 'and'."""
        out: list[tuple[int, int]] = []
        trim, words = self.trim, self.words
        ids = np.fromiter(idxs, dtype=np.int64, count=len(idxs))
        ids.sort()
        cuts = np.flatnonzero(np.diff(ids) != 1).tolist()  # a run ends at each cut
        for a, b in zip([0, *(c + 1 for c in cuts)], [*cuts, len(ids) - 1], strict=True):
            if a > b:
                continue  # no ids at all
            lo, hi = int(ids[a]), int(ids[b])
            while hi >= lo and trim[hi]:
                hi -= 1
            while lo <= hi and trim[lo]:
                lo += 1
            if lo <= hi and words[hi + 1] - words[lo] > 0:
                out.append((self.start[lo], self.end[hi]))
        return out


def _preorder(heads: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Preorder position and subtree size of every token of a dependency forest.

    Roots in text order, children in text order: the order of a depth-first walk. Computed a
    tree level at a time with numpy (a Python walk cost a tenth of the engine's time).
    """
    n = len(heads)
    ids = np.arange(n, dtype=np.int64)
    # depth by pointer jumping: dist[i] steps from i up to its ancestor up[i]
    up, dist = heads.copy(), (heads != ids).astype(np.int64)
    for _ in range(max(1, n).bit_length() + 1):
        nxt = up[up]
        if np.array_equal(nxt, up):
            break
        dist += dist[up]
        up = nxt
    else:
        raise ValueError("the dependency heads do not form a tree")
    if not np.array_equal(heads[up], up):  # settled on a cycle, not on roots
        raise ValueError("the dependency heads do not form a tree")
    by_depth = np.argsort(dist, kind="stable")
    level_starts = np.searchsorted(dist[by_depth], np.arange(int(dist.max(initial=0)) + 2))
    levels = [by_depth[a:b] for a, b in pairwise(level_starts)]
    size = np.ones(n, dtype=np.int64)
    for nodes in reversed(levels[1:]):
        np.add.at(size, heads[nodes], size[nodes])
    # a node's offset in its parent's span: 1 + the sizes of its earlier siblings; roots share
    # the virtual parent -1 and start at 0
    parent = np.where(heads == ids, -1, heads)
    sib = np.lexsort((ids, parent))
    before = np.cumsum(size[sib]) - size[sib]
    group_start = np.r_[True, parent[sib][1:] != parent[sib][:-1]]
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(n), 0))
    offset = np.empty(n, dtype=np.int64)
    offset[sib] = before - before[first_of_group] + (parent[sib] >= 0)
    tin = np.zeros(n, dtype=np.int64)
    if n:
        tin[levels[0]] = offset[levels[0]]
    for nodes in levels[1:]:
        tin[nodes] = tin[heads[nodes]] + offset[nodes]
    return tin, size


_VERB_POS = frozenset({parts_of_speech.VERB, parts_of_speech.AUX})


class _Extractor:
    def __init__(self, doc: Doc, lex: CueLexicon) -> None:
        self.doc, self.lex, self.text = doc, lex, doccache.text(doc)
        self.quoted = _quoted_spans(self.text)
        # _in_quote by bisection: quote starts sorted, with the largest end up to each one
        by_start = sorted((q.start, q.end) for q in self.quoted)
        self.q_starts = [s for s, _ in by_start]
        self.q_reach = list(accumulate((e for _, e in by_start), max))
        self.paras = _paragraphs(self.text)
        self.para_starts = [lo for lo, _ in self.paras]
        self.cands: list[_Cand] = []
        self.by_cue: dict[int, _Cand] = {}
        self.by_root: dict[int, _Cand] = {}
        self.toks = doccache.tokens(doc)  # one Token object per position, made once
        self.sents = list(doc.sents)
        self.sent_of: list[int] = [0] * len(doc)
        for si, s in enumerate(self.sents):
            self.sent_of[s.start : s.end] = [si] * (s.end - s.start)
        self.cue_verbs = lex.verbs
        # tested once per token: verb_cues and every _cue_exclusions walk ask again and again
        pos = doc.to_array(POS).tolist() if len(doc) else []
        self.cue_flag = [
            p in _VERB_POS and self._cue_verb_test(t) for p, t in zip(pos, self.toks, strict=True)
        ]
        self.cue_idx = [i for i, f in enumerate(self.cue_flag) if f]
        self.tree = _Tree(doc, self.text)
        # tokens of one paragraph are contiguous: paragraph -> [first, last + 1) token ids
        self.para_toks = self._para_token_ranges()

    # ---------------------------------------------------------------- helpers
    def _cue(self, toks: list[Token], lemma: str) -> Cue:
        s, e = _rng(toks)
        return Cue(s, e, self.text[s:e], lemma)

    def _is_cue_verb(self, t: Token) -> bool:
        return self.cue_flag[t.i]

    def _cue_verb_test(self, t: Token) -> bool:
        if t.pos_ not in {"VERB", "AUX"} or t.lemma_.lower() not in self.cue_verbs:
            return False
        if t.dep_ in _NO_CUE_DEPS:
            return False
        # "appears to call out": the journalist's hedge, not a reported act of speech
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in _HEDGES:
            return False
        # participles that modify a noun ("a PAC called X", "the group backed by")
        return not (t.dep_ == "acl" and t.tag_ == "VBN")

    def _cue_exclusions(self, tok: Token) -> set[int]:
        """Cue verbs under ``tok`` that form their own quotes: cut them from its content.

        Conjoined cues ("noted that … and acknowledged …") and trailing participles after a comma
        ("…, telling X that …", "…, adding …").
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
                and self.doc[t.i - 1].text in {",", "—", "–"}
            ):
                out.add(t.i)
        return out

    def _speaker_of(
        self, v: Token, depth: int = 0
    ) -> tuple[tuple[int, int] | None, bool, int | None]:
        """(mention range, explicit, inherited-from cue token) for the cue ``v``."""
        if (
            depth == 0
            and v.i in self.by_root
            and self.by_root[v.i].cue_tok != v.i
            and not any(c.dep_ in _SUBJ for c in v.children)
        ):
            cand = self.by_root[v.i]  # "a statement “expressing …”": the statement's source
            return cand.speaker, False, cand.cue_tok
        for c in v.children:
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return _mention(objs[0]), True, None
        subjects = [c for c in v.children if c.dep_ in _SUBJ and c.lower_ != "there"]
        if len(subjects) > 1 and not self._in_quote((v.idx, v.idx + 1)):
            # '“… Sen. John McCain,” Trump said': the parser can give the verb a second subject
            # inside the quote; the one outside it speaks
            subjects.sort(key=lambda c: self._in_quote((c.idx, c.idx + 1)))
        for c in subjects:
            if c.lower_ in _RELATIVE and v.dep_ == "relcl":
                # "a gunman who said …": the pronoun names the speaker here (as PolNeAR marks
                # it); ActorIndex.link resolves it to the antecedent, whose name stays clean
                return (c.idx, c.idx + len(c)), True, None
            if c.dep_ == "csubj":
                continue
            return _mention(c), True, None
        if not subjects and v.i > 0:
            # '“…,” Trump barked and …' parsed with the name as a compound of the verb
            prev = v.doc[v.i - 1]
            if prev.dep_ == "compound" and prev.head.i == v.i and prev.pos_ == "PROPN":
                return _mention(prev), True, None
        if depth < 4 and v.dep_ in {
            "conj",
            "advcl",
            "xcomp",
            "dep",
            "ccomp",
            "csubj",
            "pcomp",
            "acomp",
            "prep",
            "pobj",
        }:
            head = v.head
            if head.i in self.by_root:
                cand = self.by_root[head.i]
                return cand.speaker, False, cand.cue_tok
            if v.dep_ == "ccomp":
                return None, False, None
            sp, _, _ = self._speaker_of(head, depth + 1)
            return sp, False, head.i
        if v.dep_ in {"relcl", "acl"} and v.head.pos_ in {"NOUN", "PROPN"}:
            return _mention(v.head), False, None  # "an outside group backing Rubio"
        return None, False, None

    def _add(self, cand: _Cand) -> None:
        if not cand.content:
            return
        cand.content.sort()
        self.cands.append(cand)
        if cand.cue_tok is not None:
            self.by_cue[cand.cue_tok] = cand

    # ---------------------------------------------------------------- verb cues
    def verb_cues(self) -> None:
        lex = self.lex
        for v in self.toks:
            if v.pos not in _VERB_POS:
                continue  # neither a cue verb nor a that-clause verb
            generic = not self._is_cue_verb(v) and self._that_clause_verb(v)
            if not (generic or self._is_cue_verb(v)):
                continue
            lemma = v.lemma_.lower()
            kids = list(v.children)
            phrase, particle = None, None
            for c in kids:
                if (
                    c.dep_ in {"prt", "prep"}
                    and f"{lemma} {c.lower_}" in lex.phrasal
                    and 0 < c.i - v.i <= 2
                ):
                    phrase, particle = f"{lemma} {c.lower_}", c
                    break
            if phrase is None:
                # "calling for the United States to take a role": the parser makes "for" the
                # mark of a clause that hangs on the verb, not a preposition of the verb
                for c in kids:
                    if c.dep_ not in {"advcl", "ccomp", "xcomp"} or c.i < v.i:
                        continue
                    mark = next((g for g in c.children if g.dep_ == "mark"), None)
                    if (
                        mark is not None
                        and f"{lemma} {mark.lower_}" in lex.phrasal
                        and 0 < mark.i - v.i <= 2
                    ):
                        phrase, particle = f"{lemma} {mark.lower_}", mark
                        break
            cue_toks = (
                list(self.doc[v.i : particle.i + 1])
                if particle is not None and 0 < particle.i - v.i <= 3
                else [v]
            )
            cue_lemma = phrase or lemma
            content: set[int] = set()
            root = None
            addressees: list[Token] = []
            excl = self._cue_exclusions(v)
            comps = [c for c in kids if c.dep_ == "ccomp"]
            xcomps = [c for c in kids if c.dep_ in {"xcomp", "advcl"} and self._is_infinitive(c)]
            dobj = next((c for c in kids if c.dep_ in {"dobj", "dative"}), None)
            is_speech = lemma in lex.speech or lemma in lex.belief or generic
            if phrase and particle is not None and particle.dep_ == "mark":
                clause = particle.head
                content, root = self.tree.subtree(clause.i, excl), clause
                if lex.phrasal[phrase]:  # "called on X to …" parsed as a clause: X is addressed
                    subj = next((g for g in clause.children if g.dep_ in _SUBJ), None)
                    if subj is not None:
                        addressees.append(subj)
            elif phrase and lex.phrasal[phrase] and particle is not None:
                # called on X to ... : X is the addressee, content runs from X to the infinitive
                obj = next((g for g in particle.children if g.dep_ == "pobj"), None) or dobj
                inf = xcomps[0] if xcomps else None
                if obj is not None:
                    addressees.append(obj)
                    content = self.tree.subtree(obj.i)
                    if inf is not None:
                        content |= self.tree.subtree(inf.i, excl)
                    root = obj
            elif phrase and particle is not None:
                obj = next((g for g in particle.children if g.dep_ == "pobj"), None) or dobj
                if obj is not None:
                    content, root = self.tree.subtree(obj.i), obj
                    if xcomps:  # "called for X to ..."
                        content |= self.tree.subtree(xcomps[0].i, excl)
                elif comps:
                    content, root = self.tree.subtree(comps[0].i, excl), comps[0]
            elif comps and (is_speech or lemma in lex.directive):
                comp = comps[0]
                content, root = self.tree.subtree(comp.i, excl), comp
                # "said he had offers, but “the offers were …”": a quoted conjunct hangs on the cue
                for c in kids:
                    if c.dep_ == "conj" and c.i > comp.i and not self._is_cue_verb(c):
                        sub = self.tree.subtree(c.i)
                        if any(self.doc[i].text in _QUOTE_CHARS for i in sub):
                            content |= sub | {x.i for x in kids if x.dep_ == "cc" and x.i < c.i}
                if lemma in lex.directive or lemma in _TELL_LIKE:
                    subj = next((g for g in comp.children if g.dep_ == "nsubj"), None)
                    if dobj is not None:
                        addressees.append(dobj)
                    elif (
                        subj is not None
                        and lemma in lex.directive
                        and comp.i > v.i
                        and self._is_infinitive(comp)
                    ):
                        addressees.append(subj)
            elif lemma in lex.directive and dobj is not None and xcomps:
                addressees.append(dobj)
                content = self.tree.subtree(dobj.i) | self.tree.subtree(xcomps[0].i, excl)
                root = dobj
            elif lemma in lex.infinitive and xcomps and xcomps[0].i > v.i:
                content, root = self.tree.subtree(xcomps[0].i, excl), xcomps[0]
            elif lemma in _OF_CONTENT and any(
                c.dep_ == "prep" and c.lower_ in {"of", "about"} for c in kids
            ):
                prep = next(c for c in kids if c.dep_ == "prep" and c.lower_ in {"of", "about"})
                pobj = next((g for g in prep.children if g.dep_ in {"pobj", "pcomp"}), None)
                if pobj is not None:
                    content, root = self.tree.subtree(pobj.i, self._cue_exclusions(pobj)), pobj
                if dobj is not None:
                    addressees.append(dobj)
            elif (
                lemma in lex.object_content
                and dobj is not None
                and lemma not in _TELL_LIKE
                and (
                    lemma not in lex.predicative
                    or any(c.dep_ in {"oprd", "xcomp", "ccomp"} for c in kids)
                    or self._quote_after(dobj, 2) is not None
                )
            ):
                content, root = self.tree.subtree(dobj.i), dobj
                # "condemned X as “…”", "called X a “champion”": the predicate is content too
                for c in kids:
                    if c.i > dobj.i and (
                        c.dep_ in {"oprd", "xcomp", "ccomp"}
                        or (c.dep_ == "prep" and c.lower_ in {"as", "for", "of", "over"})
                    ):
                        content |= self.tree.subtree(c.i)
            for c in kids:
                if c.dep_ == "prep" and c.lower_ == "to" and lemma in _TO_ADDRESSEE:
                    for g in c.children:
                        if g.dep_ != "pobj":
                            continue
                        addressees.append(g)
                        rel = next((r for r in g.children if r.dep_ == "relcl"), None)
                        if not content and rel is not None and rel.left_edge.lower_ == "that":
                            # "said to the crowd that help was coming", parsed as a relative clause
                            content, root = self.tree.subtree(rel.i), rel
            if (
                lemma in _TELL_LIKE
                and dobj is not None
                and dobj not in addressees
                and root is not dobj
            ):
                addressees.append(dobj)
            speaker, explicit, inherit = self._speaker_of(v)
            if speaker is not None and self._para_of(speaker[0]) != self._para_of(v.idx):
                # the parse ran a dateline or a timestamp line into this sentence ("12:15 p.m.")
                speaker = self._chunk_before(v)
            if (
                speaker is not None
                and self._in_quote(speaker)
                and not self._in_quote((v.idx, v.idx + 1))
            ):
                # the "subject" is a word of the quote ('“We will …,” said X'): look after the cue
                speaker, explicit = self._speaker_after(v), True
            cand = _Cand(
                cue=self._cue(cue_toks, cue_lemma),
                lemma=cue_lemma,
                kind="verb",
                speaker=speaker,
                content=[],
                addressees=[_mention(a) for a in addressees],
                explicit=explicit,
                cue_tok=v.i,
                root_tok=root.i if root is not None else None,
                inherit_from=inherit,
                sent=self.sent_of[v.i],
            )
            content -= {t.i for t in cue_toks}
            if not content and is_speech and explicit:
                content = self._parenthetical(v)
            content = self._same_para(content, v)
            if content:
                cand.content = self.tree.runs(content)
                self._add(cand)
                if root is not None:
                    self.by_root[root.i] = cand
            elif is_speech and lemma not in lex.belief:
                # a bare reporting verb: '“…,” he said' misparsed, or 'He said: “…”'
                self.bare.append(cand)

    @staticmethod
    def _that_clause_verb(v: Token) -> bool:
        """Any verb with a subject and a "that" clause ("X argued/signalled/hinted that …")."""
        if v.pos_ != "VERB" or v.dep_ in _NO_CUE_DEPS or v.lemma_.lower() in _HEDGES | {"be"}:
            return False
        kids = list(v.children)
        return any(c.dep_ == "nsubj" for c in kids) and any(
            c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            for c in kids
        )

    def _parenthetical(self, v: Token) -> set[int]:
        """'The risk, he said, is a clash' or '…, he said.': the rest of the sentence is content.

        A reporting clause set off by commas inside (or at the end of) a sentence whose main verb
        the parser made its head: the content is the sentence minus that clause.
        """
        if v.dep_ not in {"parataxis", "ccomp", "advcl", "dep", "conj"} or v.head is v:
            return set()
        clause = sorted(self.tree.subtree(v.i))
        words = [i for i in clause if not self.doc[i].is_punct]
        if len(clause) > 10 or not words:
            return set()
        sent = self.sents[self.sent_of[v.i]]
        before = self.doc[words[0] - 1] if words[0] > sent.start else None
        after = self.doc[words[-1] + 1] if words[-1] + 1 < sent.end else None
        if before is None or before.text not in {",", "—", "–"}:
            return set()
        if after is not None and after.text not in {",", "—", "–", ".", "!", "?"}:
            return set()
        return set(range(sent.start, sent.end)) - set(clause)

    def _chunk_before(self, v: Token) -> tuple[int, int] | None:
        """The first noun phrase of ``v``'s paragraph before ``v`` (a subject the parse lost)."""
        lo = self.paras[self._para_of(v.idx)][0]
        for t in self.doc[: v.i]:
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
                return _rng(list(self.doc[t.i : head.i + 1]))
            if t.pos_ in {"VERB", "AUX", "ADP", "SCONJ"}:
                return None
        return None

    def _same_para(self, idxs: set[int], anchor: Token) -> set[int]:
        """Parses may run a sentence over a paragraph break; a content stays in its paragraph."""
        para = self._para_of(anchor.idx)
        if para < 0:  # not in a paragraph: the tokens outside paragraphs are not contiguous
            return {i for i in idxs if self._para_of(self.tree.start[i]) == para}
        lo, hi = self.para_toks[para]
        if idxs and lo <= min(idxs) and max(idxs) < hi:
            return set(idxs)
        return {i for i in idxs if lo <= i < hi}

    def _in_quote(self, rng: tuple[int, int]) -> bool:
        k = bisect_left(self.q_starts, rng[0])  # the quotes opening before rng
        return k > 0 and self.q_reach[k - 1] >= rng[1]

    def _speaker_after(self, v: Token) -> tuple[int, int] | None:
        sent = v.sent
        for t in self.doc[v.i + 1 : min(v.i + 8, sent.end)]:
            if self._in_quote((t.idx, t.idx + 1)) or t.ent_type_ in {"DATE", "TIME"}:
                continue
            if t.pos_ in {"PROPN", "NOUN", "PRON"}:
                head = t
                while head.dep_ in {"compound", "amod", "det", "poss"} and head.head.i > head.i:
                    head = head.head
                return _mention(head)
        return None

    @staticmethod
    def _is_infinitive(t: Token) -> bool:
        return t.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in t.children
        )

    # ---------------------------------------------------------------- nominal cues
    def nominal_cues(self) -> None:
        for n in self.toks:
            if n.pos_ != "NOUN" or n.lemma_.lower() not in self.lex.nominal:
                continue
            content: set[int] = set()
            root = None
            for c in n.children:
                if c.dep_ in {"acl", "ccomp"} and (
                    c.tag_ == "VBG"
                    or any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                ):
                    content, root = self.tree.subtree(c.i, self._cue_exclusions(c)), c
                    break
            if not content:
                # "Cruz's criticism of the deal", "the ministry's call for talks"
                for c in n.children:
                    if c.dep_ == "prep" and c.lower_ in _NOMINAL_PREPS and c.i == n.i + 1:
                        obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
                        if obj is not None:
                            content, root = self.tree.subtree(obj.i), obj
                        break
            spans: list[tuple[int, int]] = []
            if not content:
                q = self._quote_after(n, 3)
                if q is None:
                    continue
                spans = [(q.start, q.end)]
            speaker = self._nominal_speaker(n)
            if speaker is None:
                continue
            cand = _Cand(
                cue=self._cue([n], n.lemma_.lower()),
                lemma=n.lemma_.lower(),
                kind="nominal",
                speaker=speaker,
                content=spans or self.tree.runs(content),
                cue_tok=n.i,
                sent=self.sent_of[n.i],
                named=False,
            )
            if root is None and spans:
                first = self.doc.char_span(spans[0][0], spans[0][1], alignment_mode="expand")
                root = next((t for t in first if not t.is_punct), None) if first else None
            self._add(cand)
            if root is not None:
                self.by_root[root.i] = cand

    def _quote_after(self, tok: Token, window: int) -> _Quoted | None:
        end = tok.idx + len(tok)
        limit = tok.doc[min(tok.i + window, len(tok.doc) - 1)].idx + 1
        for q in self.quoted:
            if end <= q.start <= limit:
                return q
        return None

    def _nominal_speaker(self, n: Token) -> tuple[int, int] | None:
        for c in n.children:
            if (
                c.dep_ == "poss" and c.lower_ not in {"its", "their", "his", "her"}
            ) or c.dep_ == "poss":
                return _mention(c)
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in {"from", "by"}:
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return _mention(obj)
        if n.dep_ == "dobj" and n.head.pos_ == "VERB":
            subj = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return _mention(subj)
        return None

    # ---------------------------------------------------------------- according to
    def according(self) -> None:
        doc = self.doc
        for t in self.toks:
            if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
                continue
            to = doc[t.i + 1]
            obj = next((g for g in to.children if g.dep_ == "pobj"), None)
            if obj is None:
                continue
            speaker = _mention(obj)
            head = t.head if t.head is not t else t
            if head.i in self.by_cue:
                cand = self.by_cue[head.i]
                if cand.via is None and cand.speaker is not None:
                    cand.via = speaker
                    continue
            sent = self.sents[self.sent_of[t.i]]
            idxs = set(range(sent.start, sent.end)) - self.tree.subtree(t.i) - {to.i}
            cand = _Cand(
                cue=self._cue([t, to], "according to"),
                lemma="according to",
                kind="according",
                speaker=speaker,
                content=self.tree.runs(idxs),
                cue_tok=t.i,
                sent=self.sent_of[t.i],
            )
            self._add(cand)

    # ---------------------------------------------------------------- headline colons
    def colons(self) -> None:
        doc, text = self.doc, self.text
        for lo, hi in self.paras:
            colon = text.find(":", lo, min(hi, lo + 60))
            if colon < 0 or hi - colon < 12:
                continue
            left = doc.char_span(lo, colon, alignment_mode="expand")
            if left is None or not 1 <= len(left) <= 6 or not left.text[:1].isupper():
                continue
            if any(t.pos_ in {"VERB", "AUX"} for t in left) or len(left.text.strip()) < 2:
                continue
            words = [t for t in left if not t.is_punct]
            named = (
                any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in left)
                or (left.text.isupper() and len(left.text) >= 3)
                or (len(words) <= 4 and all(t.text[:1].isupper() for t in words))
            )
            if not named:
                continue
            start = colon + 1
            while start < hi and text[start].isspace():
                start += 1
            tok = doc.char_span(colon, colon + 1, alignment_mode="expand")
            if tok is None:
                continue
            self._add(
                _Cand(
                    cue=Cue(colon, colon + 1, ":", ":"),
                    lemma=":",
                    kind="colon",
                    speaker=(left.start_char, left.end_char),
                    content=[(start, hi)],
                    cue_tok=tok[0].i,
                    sent=self.sent_of[tok[0].i],
                    named=True,
                )
            )

    # ---------------------------------------------------------------- quoted spans
    def attach_quotes(self) -> None:
        """Extend contents to whole quoted spans; attach quotes left without a cue."""
        for cand in self.cands:
            cand.content = self._extend(cand)
        covered = self._covered
        prev_by_para: dict[int, _Cand] = {}
        last: _Cand | None = None
        last_para = -1
        chains: dict[int, list[_Quoted]] = {}
        for q in self.quoted:
            chains.setdefault(q.chain, []).append(q)
        for q in self.quoted:
            para = self._para_of(q.start)
            owner = self._owner(q)
            if owner is not None:
                last, last_para = owner, para
                prev_by_para[para] = owner
                # the other pieces of a multi-paragraph quote belong to the same quote
                for piece in chains[q.chain]:
                    if piece is not q and not covered(piece):
                        owner.content.append((piece.start, piece.end))
                continue
            if covered(q):
                continue
            bare = self._bare_for(q) if not self._is_title(q) else None
            if bare is not None:
                bare.content = [(q.start, q.end)]
                bare.kind = "direct"
                self._add(bare)
                self.bare.remove(bare)
                last, last_para = bare, para
                prev_by_para[para] = bare
                continue
            lo, hi = self.paras[para]
            if para in prev_by_para and self._only_space_or_cue(prev_by_para[para], q):
                prev_by_para[para].content.append((q.start, q.end))
                continue
            fills = q.start == lo and (q.end - q.start) >= 0.8 * (hi - lo)
            if fills and last is not None and para - last_para <= 1 and last.speaker is not None:
                cont = _Cand(
                    cue=None,
                    lemma="",
                    kind="continuation",
                    speaker=last.speaker,
                    content=[(q.start, q.end)],
                    explicit=False,
                    sent=-1,
                    via=last.via,
                )
                self._add(cont)
                last, last_para = cont, para
                prev_by_para[para] = cont

    def _is_title(self, q: _Quoted) -> bool:
        """“Orange Is the New Black”, “New Day”: a short title-cased name, not words spoken."""
        inner = self.text[q.start + 1 : q.end - 1].strip(" ,.\u00a0\"'“”‘’")
        words = [w for w in inner.split() if w[:1].isalpha()]
        if not words or len(words) > 7 or any(ch in inner for ch in "!?;"):
            return False
        return all(w[0].isupper() for w in words if len(w) > 3) and words[0][0].isupper()

    def _covered(self, q: _Quoted) -> bool:
        return any(s <= q.start and q.end <= e for c in self.cands for s, e in c.content)

    def _quote_internal(self, c: _Cand) -> bool:
        """The cue sits inside a quoted span that does not open at it: the quoted person's words."""
        if c.cue is None or c.kind in {"colon", "continuation"}:
            return False
        cs = c.cue.start
        for q in self.quoted:
            if q.start < cs < q.end:
                return self.text[q.start : cs].strip(" “\"'‘«") != ""
        return False

    def _owner(self, q: _Quoted) -> _Cand | None:
        best, size = None, 0
        for c in self.cands:
            for s, e in c.content:
                ov = min(e, q.end) - max(s, q.start)
                if ov > size and ((s <= q.start and q.end <= e) or ov >= 0.5 * (q.end - q.start)):
                    best, size = c, ov
        return best

    def _para_token_ranges(self) -> dict[int, tuple[int, int]]:
        """Paragraph (``_para_of``; -1 between paragraphs) -> [first, last + 1) of its tokens."""
        starts = np.asarray(self.tree.start, dtype=np.int64)
        if not len(starts):
            return {}
        para = np.full(len(starts), -1, dtype=np.int64)
        if self.paras:
            i = np.searchsorted(np.asarray(self.para_starts), starts, side="right") - 1
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

    def _para_of(self, pos: int) -> int:
        i = bisect_right(self.para_starts, pos) - 1
        if i >= 0 and pos <= self.paras[i][1]:
            return i
        return -1

    def _bare_for(self, q: _Quoted) -> _Cand | None:
        """A bare reporting verb in the sentence that ends the quote or the one just before it."""
        para = self._para_of(q.start)
        best, dist = None, 10**9
        for b in self.bare:
            cs = b.cue.start
            if b.speaker is None or q.start <= cs < q.end:
                continue
            if self._para_of(cs) != para:
                # 'as X observed, the winner was the stage itself:' + a quote paragraph
                lead = self.text[b.cue.end : q.start]
                if not (
                    self._para_of(cs) == para - 1
                    and lead.rstrip().endswith(":")
                    and len(lead) <= 200
                    and not any(ch in lead for ch in ".!?")
                ):
                    continue
                if dist > len(lead):
                    best, dist = b, len(lead)
                continue
            # the reporting clause touches the quote: '“…,” he said' or 'he said: “…”'
            gap = self.text[q.end : cs] if cs >= q.end else self.text[b.cue.end : q.start]
            if len(gap) > 80 or (any(ch in gap for ch in ".!?") and cs >= q.end):
                continue
            d = abs(cs - q.end) if cs >= q.end else abs(q.start - b.cue.end)
            if d < dist:
                best, dist = b, d
        return best

    def _only_space_or_cue(self, prev: _Cand, q: _Quoted) -> bool:
        """'“A,” he said, “B.”' or '“A,” he said. “B.”': B continues the quote of that cue."""
        if prev.kind == "colon":
            return False
        if prev.cue is not None and prev.cue_tok is not None and prev.cue.start < q.start:
            sent = self.sents[self.sent_of[prev.cue_tok]]
            if q.start < sent.end_char:
                return True
            if self.text[sent.end_char : q.start].strip() == "":
                return True
        end = max(e for _, e in prev.content)
        if prev.cue is not None:
            end = max(end, prev.cue.end)
        gap = self.text[end : q.start]
        if prev.speaker is not None and prev.speaker[0] >= end:
            gap = self.text[prev.speaker[1] : q.start]
        return len(gap.strip(" ,.;:\u00a0")) == 0 and prev.kind != "colon"

    def _extend(self, cand: _Cand) -> list[tuple[int, int]]:
        out = []
        cue_s = cand.cue.start if cand.cue else -1
        for s, e in cand.content:
            for q in self.quoted:
                if not (q.start < e and s < q.end):
                    continue
                cand.has_quote = True
                if q.start <= cue_s < q.end:
                    # '“urged X to …”': the quote opens at the cue itself; extend to its end only
                    if self.text[q.start : cue_s].strip(" “\"'‘«") == "":
                        e = max(e, q.end)
                else:
                    s, e = min(s, q.start), max(e, q.end)
            out.append((s, e))
        return sorted(out)

    # ---------------------------------------------------------------- relays and frames
    def relays(self) -> None:
        """'X urged Y…, the State Department said': keep X's quote with via, drop the relay."""
        for a in self.cands:
            if a.kind != "verb" or a.lemma not in _RELAY or a.root_tok is None:
                continue
            inner = self.by_cue.get(a.root_tok)
            if inner is None or not inner.explicit or inner.dropped or inner is a:
                continue
            if not (
                inner.lemma in self.lex.speech
                or inner.lemma in self.lex.directive
                or inner.lemma in self.lex.phrasal
            ):
                continue  # "…it is challenging …,” he said": not a reported act of speech
            if inner.speaker is None or self.text[inner.speaker[0] : inner.speaker[1]].lower() in (
                _PRONOUNS | _RELATIVE
            ):
                continue
            if inner not in self.cands:
                continue
            if a.cue is None or a.cue.start < max(e for _, e in inner.content):
                continue  # only a reporting clause after the content is a mere channel
            a.dropped = True
            for c in self.cands:
                related = c is inner or (c.inherit_from is not None and self._inherits(c, inner))
                if related and c.via is None:
                    c.via = a.speaker

    def _inherits(self, c: _Cand, inner: _Cand) -> bool:
        seen = 0
        while c.inherit_from is not None and seen < 5:
            if c.inherit_from == inner.cue_tok:
                return True
            nxt = self.by_cue.get(c.inherit_from)
            if nxt is None:
                return False
            c, seen = nxt, seen + 1
        return False

    def frames(self) -> None:
        """'In a phone call with X, …': X is an addressee of the quotes of that sentence."""
        for t in self.toks:
            if t.lower_ != "with" or t.dep_ != "prep":
                continue
            h = t.head
            if h.lemma_.lower() not in self.lex.addressee_frames and (
                h.head.lemma_.lower() not in self.lex.addressee_frames or h.pos_ != "PROPN"
            ):
                continue
            obj = next((g for g in t.children if g.dep_ == "pobj"), None)
            if obj is None:
                continue
            ment = _mention(obj)
            si = self.sent_of[t.i]
            for c in self.cands:
                if c.sent == si and c.speaker != ment and ment not in c.addressees:
                    c.addressees.append(ment)

    # ---------------------------------------------------------------- output
    def run(self) -> list[RawQuote]:
        self.bare: list[_Cand] = []
        self.nominal_cues()
        self.verb_cues()
        self.colons()
        self.according()
        self.cands = [c for c in self.cands if not self._quote_internal(c)]
        self.relays()
        self.cands = [c for c in self.cands if not c.dropped]
        self.bare = [c for c in self.bare if not self._quote_internal(c)]
        self.attach_quotes()
        self.frames()
        return self._finish()

    def _finish(self) -> list[RawQuote]:
        text = self.text
        ranked = sorted(self.cands, key=lambda c: -_confidence(c))
        kept: list[tuple[_Cand, int, int]] = []
        for c in ranked:
            lo, hi = min(s for s, _ in c.content), max(e for _, e in c.content)
            if any(
                k_lo < hi and lo < k_hi and _jaccard(c.content, k.content) >= 0.6
                for k, k_lo, k_hi in kept
            ):
                continue
            kept.append((c, lo, hi))
        out = []
        for c in sorted((k[0] for k in kept), key=lambda c: min(c.content)):
            frags = tuple(Span.of(text, s, e) for s, e in _merge(c.content))
            out.append(
                RawQuote(
                    fragments=frags,
                    type=_type(frags, self.quoted),
                    cue=c.cue,
                    speaker=Span.of(text, *c.speaker) if c.speaker else None,
                    addressees=tuple(dict.fromkeys(Span.of(text, *a) for a in c.addressees)),
                    via=Span.of(text, *c.via) if c.via else None,
                    confidence=_calibrated(_evidence_key(c, text), _confidence(c)),
                    kind=c.kind,
                    evidence=_evidence_key(c, text),
                )
            )
        return out


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters shared by two lists of disjoint, sorted ranges."""
    i = j = n = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        n += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return n


def _jaccard(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    a, b = _merge(a), _merge(b)
    inter = _overlap(a, b)
    union = sum(e - s for s, e in a) + sum(e - s for s, e in b) - inter
    return inter / union if union else 0.0


def _type(frags: tuple[Span, ...], quoted: list[_Quoted]) -> str:
    """direct when ≥90% of the content's characters are inside quote marks, mixed if some are."""
    content = [(f.start, f.end) for f in frags]
    marks = _merge(
        [(q.start, q.end) for q in quoted if q.start < frags[-1].end and frags[0].start < q.end]
    )
    total = sum(e - s for s, e in content)
    inside = _overlap(content, marks)
    if total == 0 or inside == 0:
        return "indirect"
    return "direct" if inside >= 0.9 * total else "mixed"


_BASE = {
    "verb": 0.7,
    "direct": 0.75,
    "nominal": 0.68,
    "according": 0.65,
    "colon": 0.45,
    "continuation": 0.55,
}


def _confidence(c: _Cand) -> float:
    """Evidence score in [0, 1]; its bins were checked for precision on PolNeAR dev/train."""
    conf = _BASE.get(c.kind, 0.5)
    lex = load_cues()
    if c.speaker is None:
        conf -= 0.25
    elif not c.explicit:
        conf -= 0.08
    if c.lemma in {"say", "tell", "according to"}:
        conf += 0.1
    elif c.lemma in lex.belief or (c.lemma in lex.object_content and c.lemma not in lex.speech):
        conf -= 0.15
    elif c.kind == "verb" and c.lemma not in lex.verbs and " " not in c.lemma:
        conf -= 0.15  # a verb outside the lexicon, kept for its "that" clause
    if c.has_quote:
        conf += 0.1
    return round(max(0.05, min(0.99, conf)), 2)


_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "some"}


def _evidence_key(c: _Cand, text: str) -> str:
    """kind|cue class|speaker class|quote marks: the cell of the calibration table."""
    lex = load_cues()
    lemma = c.lemma
    if lemma in {"say", "tell", "according to", ":"}:
        cls = "core"
    elif " " in lemma:
        cls = "phrasal"
    elif lemma in lex.speech:
        cls = "speech"
    elif lemma in lex.directive:
        cls = "directive"
    elif lemma in lex.belief:
        cls = "belief"
    elif lemma in lex.verbs or lemma in lex.nominal:
        cls = "other"
    else:
        cls = "generic" if lemma else "none"
    if c.speaker is None:
        spk = "none"
    elif not c.explicit:
        spk = "inherited"
    else:
        words = text[c.speaker[0] : c.speaker[1]].split()
        if len(words) == 1 and words[0].lower() in _PRONOUNS:
            spk = "pron"
        elif any(w[:1].isupper() for w in words[1:]) or (
            words and words[0][:1].isupper() and words[0].lower() not in _DETERMINERS
        ):
            spk = "named"
        else:
            spk = "nominal"
    return f"{c.kind}|{cls}|{spk}|{'q' if c.has_quote else '-'}"


CALIBRATION_PATH = Path(__file__).resolve().parent.parent / "lexicons" / "quote_confidence.json"


@lru_cache(maxsize=1)
def _calibration() -> dict[str, tuple[int, int]]:
    """The calibration table; it ships with the package, so a missing or empty one is an error."""
    try:
        data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"{CALIBRATION_PATH} is missing (package data; tools/train/calibrate.py)"
        ) from exc
    cells = data.get("cells") if isinstance(data, dict) else None
    if not cells:
        raise ValueError(f"{CALIBRATION_PATH.name}: no 'cells' table")
    return {k: (int(v[0]), int(v[1])) for k, v in cells.items()}


def _calibrated(key: str, fallback: float, strength: float = 8.0) -> float:
    """Precision of the key's cell on PolNeAR train, shrunk towards its coarser cells.

    The table (``service/lexicons/quote_confidence.json``, built by
    ``tools/train/calibrate.py``) counts, per evidence cell, how many predictions matched a
    gold attribution. Sparse cells borrow strength from their prefix (``kind|class|speaker``,
    ``kind|class``, ``kind``), down to the heuristic score ``fallback``.
    """
    table = _calibration()
    parts = key.split("|")
    est = fallback
    for depth in range(1, len(parts) + 1):
        hits, n = table.get("|".join(parts[:depth]), (0, 0))
        est = (hits + strength * est) / (n + strength)
    return round(max(0.05, min(0.99, est)), 2)


def extract_quotes(doc: Doc) -> list[RawQuote]:
    """RETURNS the quotes of ``doc`` in text order."""
    # not doc.text.strip(): Doc.text joins every token; this stops at the first non-space one
    if all(t.is_space for t in doc):
        return []
    return _Extractor(doc, load_cues()).run()
