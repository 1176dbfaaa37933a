"""Cues that are no verbs: nominal cues ("the ministry's statement that …", "Cruz's criticism of
the deal"), "according to X", the colons of headline-style lines ("Putin: …") and the dash of a
byline under a quotation ("“…” ― Ana Ruiz")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from service.lexicons.gazetteer import NAME_PARTICLES
from service.nlp.quotemarks import QUOTE_CHARS, Quoted
from service.nlp.quotes.attach import is_title
from service.nlp.quotes.candidates import Candidate, Candidates, Range, SpeakerRules
from service.nlp.quotes.facts import QuoteFacts, mention
from service.nlp.types import Cue

# a word that starts with a letter (its case is checked apart: Python's re has no class for it)
_NAME_WORD = r"[^\W\d_][\w.’'-]*"
_NAME_NEXT = "|".join([_NAME_WORD, *sorted(NAME_PARTICLES)])
# "“…” ― Ana Ruiz", "“…”\n\n- Sen. Bernie Sanders, in the debate.": a dash, then a capitalised name
# that ends its line or goes on with a comma, a bracket or a full stop
_BYLINE = re.compile(
    r"[ \t\u00a0]*\n?[ \t\u00a0\n]*(?P<dash>―|—|–|--?)[ \t\u00a0]*"
    rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]+(?:{_NAME_NEXT})){{0,5}})"
    r"(?=[ \t\u00a0]*(?:$|\n|,|\(|\.[ \t\u00a0]*(?:$|\n)))"
)

_NOMINAL_PREPS = frozenset({"of", "about", "for", "to", "on", "against"})
# after the participle that names the source: "on" and "to" there say when and to whom
_SOURCED_PREPS = frozenset({"over", "about", "of", "against"})


def nominal_cues(facts: QuoteFacts, cands: Candidates, who: SpeakerRules) -> None:
    """A cue noun with a clause, an object or a quotation after it, and a speaker (``who``)."""
    for n in facts.toks:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in facts.lex.nominal:
            continue
        addressee = _addressed(facts, n)
        content, root = _noun_content(facts, n, addressee is not None)
        spans: list[Range] = []
        if not content:
            # ("the ministry's statement to reporters: “…”": after whom it was addressed to)
            q = facts.quote_after(n if addressee is None else addressee.right_edge, 3)
            if q is None:
                continue
            lead = facts.text[n.idx + len(n) : q.start]
            if facts.para_of(q.start) != facts.para_of(n.idx) and lead.strip(" \n\u00a0") != ":":
                continue  # a noun ending its paragraph introduces the quote after it only by ":"
            spans = [(q.start, q.end)]
        speaker = who.of_noun(facts, n)
        if speaker is None:
            continue
        cand = Candidate(
            cue=facts.cue([n], n.lemma_.lower()),
            lemma=n.lemma_.lower(),
            kind="nominal",
            speaker=speaker,
            content=spans or facts.tree.runs(content),
            cue_tok=n.i,
            sent=facts.sent_of[n.i],
            named=False,
            addressees=[] if addressee is None else [mention(addressee)],
        )
        if root is None and spans:
            first = facts.doc.char_span(spans[0][0], spans[0][1], alignment_mode="expand")
            root = next((t for t in first if not t.is_punct), None) if first else None
        cands.add(cand)
        if root is not None:
            cands.by_root[root.i] = cand


def _noun_content(facts: QuoteFacts, n: Token, addressed: bool) -> tuple[set[int], Token | None]:
    for c in n.children:
        if c.dep_ in {"acl", "ccomp"} and (
            c.tag_ == "VBG" or any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ):
            return facts.tree.subtree(c.i, facts.cue_exclusions(c)), c
    # "Cruz's criticism of the deal", "the ministry's call for talks"; not "her statements to
    # the FBI" (``addressed``): the FBI was told, it is not what was said
    for c in [] if addressed else n.children:
        if c.dep_ == "prep" and c.lower_ in _NOMINAL_PREPS and c.i == n.i + 1:
            if c.lower_ == "of" and _of_holder(facts, n):
                break  # "the support of the Republican Party": who supports, not what
            obj = next((g for g in c.children if g.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None and obj.ent_type_ not in {"DATE", "TIME"}:
                return facts.tree.subtree(obj.i), obj  # (not "his remarks on Saturday")
            break
    # "the allegations levelled by the premier over the role of …": what the noun says hangs
    # on the participle that names its source
    sourced = sourced_by(n)
    if sourced is not None:
        for g in sourced[0].children:
            if g.dep_ == "prep" and g.lower_ in _SOURCED_PREPS:
                obj = next((o for o in g.children if o.dep_ in {"pobj", "pcomp"}), None)
                if obj is not None and obj.ent_type_ not in {"DATE", "TIME"}:
                    return facts.tree.subtree(obj.i), obj
    return set(), None


def _of_holder(facts: QuoteFacts, n: Token) -> bool:
    """ "the support of X" names who supports (``of_holder``); "in support of X" what."""
    if n.lemma_.lower() not in facts.lex.of_holder:
        return False
    return not (n.i > 0 and n.doc[n.i - 1].lower_ == "in")


def _addressed(facts: QuoteFacts, n: Token) -> Token | None:
    """The one a nominal cue is addressed to: "statements to the FBI", "a question for the
    president" (``nominal_addressed`` of the cue lexicon)."""
    if n.i + 1 >= len(n.doc):
        return None
    prep = n.doc[n.i + 1]
    if prep.head.i != n.i or prep.dep_ != "prep":
        return None
    nouns = facts.lex.nominal_addressed.get(prep.lower_)
    if not nouns or n.lemma_.lower() not in nouns:
        return None
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def sourced_by(n: Token) -> tuple[Token, Token] | None:
    """(participle, source) of "the allegations levelled by X", "a statement issued by X"."""
    for c in n.children:
        if c.dep_ == "acl":
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if obj is not None:
                return c, obj
    return None


def according(facts: QuoteFacts, cands: Candidates, who: SpeakerRules) -> None:
    """ "according to X": X is the source of the rest of the sentence, or the channel (``via``) of
    a quote whose cue the phrase hangs on."""
    doc = facts.doc
    for t in facts.toks:
        if t.lower_ != "according" or t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
            continue
        to = doc[t.i + 1]
        obj = next((g for g in to.children if g.dep_ in {"pobj", "pcomp"}), None)
        if obj is None:
            continue
        speaker = who.of_according(facts, to, obj)
        head = t.head if t.head is not t else t
        if head.i in cands.by_cue:
            cand = cands.by_cue[head.i]
            if cand.via is None and cand.speaker is not None:
                cand.via = speaker
                continue
        sent = facts.sents[facts.sent_of[t.i]]
        idxs = set(range(sent.start, sent.end)) - facts.tree.subtree(t.i) - {to.i}
        cands.add(
            Candidate(
                cue=facts.cue([t, to], "according to"),
                lemma="according to",
                kind="according",
                speaker=speaker,
                content=facts.tree.runs(idxs),
                cue_tok=t.i,
                sent=facts.sent_of[t.i],
            )
        )


def colons(facts: QuoteFacts, cands: Candidates, who: SpeakerRules) -> None:
    """A short named line before a colon speaks the rest of its paragraph ("Putin: …"), if its
    words name someone (``who``)."""
    doc, text = facts.doc, facts.text
    for lo, hi in facts.paras:
        turn = text[lo] in QUOTE_CHARS
        if turn:
            # a transcript's turns, each quoted and left open: '"WALLACE: Let's start …'; a
            # quotation closed in its paragraph ('“Bottom Line: we will not …,” he said') is
            # someone's words, with a speaker of its own
            if any(
                q.start == lo and q.end < hi and not text[q.end].isalnum() for q in facts.quoted
            ):
                continue  # (a "closing" mark glued to a word opens a title inside the turn)
            while lo < hi and text[lo] in QUOTE_CHARS:
                lo += 1
        colon = text.find(":", lo, min(hi, lo + 60))
        if colon < 0 or hi - colon < 12:
            continue
        left = doc.char_span(lo, colon, alignment_mode="expand")
        speaker = who.of_line(facts, left, turn) if left is not None else None
        if speaker is None:
            continue
        start = colon + 1
        while start < hi and text[start].isspace():
            start += 1
        tok = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if tok is None:
            continue
        cands.add(
            Candidate(
                cue=Cue(colon, colon + 1, ":", ":"),
                lemma=":",
                kind="colon",
                speaker=speaker,
                content=[(start, hi)],
                cue_tok=tok[0].i,
                sent=facts.sent_of[tok[0].i],
                named=True,
            )
        )


def bylines(facts: QuoteFacts, cands: Candidates, who: SpeakerRules) -> None:
    """A quotation that opens its line and is signed by a dash and a name on the same line or the
    next: reader comments, fact-checked claims, epigraphs; ``who`` reads the name."""
    doc, text = facts.doc, facts.text
    for q in facts.quoted:
        lo, _ = facts.paras[facts.para_of(q.start)]
        if q.start != lo or is_title(facts, q) or any(_claims(c, q) for c in cands):
            continue
        m = _BYLINE.match(text, q.end)
        if m is None or text[m.start() : m.start("dash")].count("\n") > 2:
            continue
        name = who.of_signature(facts, m.start("name"), m.group("name"))
        dash = doc.char_span(m.start("dash"), m.end("dash"), alignment_mode="expand")
        if name is None or dash is None:
            continue
        cands.add(
            Candidate(
                cue=Cue(m.start("dash"), m.end("dash"), m.group("dash"), "―"),
                lemma="―",
                kind="direct",
                speaker=name,
                content=[(q.start, q.end)],
                cue_tok=dash[0].i,
                sent=facts.sent_of[dash[0].i],
                named=True,
                has_quote=True,
            )
        )


def _claims(c: Candidate, q: Quoted) -> bool:
    """A candidate cued outside the quotation already reports it (one cued inside is the quoted
    person's own words)."""
    outside = c.cue is None or not q.start <= c.cue.start < q.end
    return outside and any(s < q.end and q.start < e for s, e in c.content)
