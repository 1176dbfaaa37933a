"""Cues that are no verbs: nominal cues ("the ministry's statement that …", "Cruz's criticism of
the deal"), "according to X", the colons of headline-style lines ("Putin: …") and the dash of a
byline under a quotation ("“…” ― Ana Ruiz")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from service.lexicons.gazetteer import NAME_PARTICLES
from service.nlp.quotemarks import QUOTE_CHARS, Quoted
from service.nlp.quotes.attach import is_title
from service.nlp.quotes.candidates import Candidate, Candidates, Range
from service.nlp.quotes.facts import RELATIVE, QuoteFacts
from service.nlp.quotes.speakers import mention, names_someone
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
_ABBREVIATIONS = frozenset({"jr", "sr", "st", "dr", "mr", "mrs", "ms", "gen", "sen", "rep"})

_NOMINAL_PREPS = frozenset({"of", "about", "for", "to", "on", "against"})
# after the participle that names the source: "on" and "to" there say when and to whom
_SOURCED_PREPS = frozenset({"over", "about", "of", "against"})


def nominal_cues(facts: QuoteFacts, cands: Candidates) -> None:
    """A cue noun with a clause, an object or a quotation after it, and a speaker."""
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
        speaker = _nominal_speaker(n, facts.lex.received)
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
    sourced = _sourced_by(n)
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


def _sourced_by(n: Token) -> tuple[Token, Token] | None:
    """(participle, source) of "the allegations levelled by X", "a statement issued by X"."""
    for c in n.children:
        if c.dep_ == "acl":
            agent = next((g for g in c.children if g.dep_ == "agent"), None)
            obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if obj is not None:
                return c, obj
    return None


def _nominal_speaker(n: Token, received: frozenset[str]) -> Range | None:
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
    sourced = _sourced_by(n)
    if sourced is not None:
        return mention(sourced[1])
    if n.dep_ == "dobj" and n.head.pos_ == "VERB" and n.head.lemma_.lower() not in received:
        subj = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return mention(subj)
    return None


def according(facts: QuoteFacts, cands: Candidates) -> None:
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
        if obj.pos_ in {"NOUN", "PROPN", "PRON"}:
            speaker = mention(_author(facts, obj) or obj)
        else:  # "according to show insiders" parsed as a verb phrase: its words are the source
            speaker = (doc[to.i + 1].idx, obj.right_edge.idx + len(obj.right_edge))
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


def colons(facts: QuoteFacts, cands: Candidates) -> None:
    """A short named line before a colon speaks the rest of its paragraph ("Putin: …")."""
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
        if left is None or not 1 <= len(left) <= 6 or not left.text[:1].isupper():
            continue
        if any(t.pos_ in {"VERB", "AUX"} for t in left) or len(left.text.strip()) < 2:
            continue
        if left.text.strip(" \u00a0").lower() in facts.lex.colon_labels:
            continue  # "Correction: …" labels the text; no one speaks
        words = [t for t in left if not t.is_punct]
        capitals = left.text.isupper() and len(left.text) >= 3
        if turn:  # a turn is a name in capitals ("PENCE:") or a person's
            named = capitals or any(t.ent_type_ == "PERSON" for t in left)
        else:
            named = (
                capitals
                or any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in left)
                or (len(words) <= 4 and all(t.text[:1].isupper() for t in words))
            )
        if not named or all(t.ent_type_ in {"GPE", "LOC"} for t in words):
            continue  # "Georgia: US Embassy Condemns …" places a headline, no one speaks
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
                speaker=(left.start_char, left.end_char),
                content=[(start, hi)],
                cue_tok=tok[0].i,
                sent=facts.sent_of[tok[0].i],
                named=True,
            )
        )


def bylines(facts: QuoteFacts, cands: Candidates) -> None:
    """A quotation that opens its line and is signed by a dash and a name on the same line or the
    next: reader comments, fact-checked claims, epigraphs."""
    doc, text = facts.doc, facts.text
    for q in facts.quoted:
        lo, _ = facts.paras[facts.para_of(q.start)]
        if q.start != lo or is_title(facts, q) or any(_claims(c, q) for c in cands):
            continue
        m = _BYLINE.match(text, q.end)
        if m is None or text[m.start() : m.start("dash")].count("\n") > 2:
            continue
        name = _signature(facts, m.start("name"), m.group("name"))
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


def _signature(facts: QuoteFacts, start: int, name: str) -> Range | None:
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


def _claims(c: Candidate, q: Quoted) -> bool:
    """A candidate cued outside the quotation already reports it (one cued inside is the quoted
    person's own words)."""
    outside = c.cue is None or not q.start <= c.cue.start < q.end
    return outside and any(s < q.end and q.start < e for s, e in c.content)
