"""2. The inverted "said X": a speaker named after its cue ('“We will …,” said X') or between a
quotation and its verb however the parser hung the name ('“…,” Flynn, a top surrogate, said')."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.quotemarks import QUOTE_CHARS
from service.nlp.quotes.candidates import Range
from service.nlp.quotes.facts import QuoteFacts, mention
from service.nlp.speakers.names import names_someone

_NAME_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "ADP", "NUM", "PART"})


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


def named_after_quote(facts: QuoteFacts, v: Token) -> tuple[Range, set[int]] | None:
    """'“…,” Flynn, a top surrogate, said' or '“…,” Tulsa police Chief Chuck Jordan said':
    the words between a closing quotation mark and the verb name the speaker, whatever the parser
    hung them on (an apposition inside the quote's clause, a verb). Returns the name's range and
    the tokens between the mark and the verb."""
    if v.i < 3 or facts.in_quote((v.idx, v.idx + 1)):
        return None
    doc = v.doc
    j = v.i - 1
    while j > 0 and v.i - j <= 14 and doc[j].text not in QUOTE_CHARS:
        j -= 1
    mark = doc[j]
    if mark.text not in QUOTE_CHARS or j + 1 >= v.i:
        return None
    if not any(q.end == mark.idx + 1 for q in facts.quoted):
        return None  # not the closing mark of a quotation
    if mark.idx == 0 or facts.text[mark.idx - 1] not in ",?!":
        return None  # '“…,” X said': the quotation hands over to its reporting clause
    gap = list(doc[j + 1 : v.i])
    name = []
    for t in gap:
        if t.text == ",":
            break
        name.append(t)
    words = [t for t in name if not t.is_punct]
    if not words or not words[0].text[:1].isupper() or len(words) > 8:
        return None
    if any(t.pos_ not in _NAME_WORDS and not t.text[:1].isupper() for t in words):
        return None
    if not names_someone(words):
        return None
    return (words[0].idx, words[-1].idx + len(words[-1])), {t.i for t in gap}
