"""Which time expression belongs to which statement: the one attached to its cue.

A time expression says when a statement was made only when it modifies the act of saying: "said
on Sunday", "told reporters last week", "in a statement on March 3", "his remarks on Saturday",
"Speaking on Monday, she said". A date inside what was said is what the statement is about: "said
the 2008 ceasefire had failed", "said parliament will vote on Tuesday". So the search starts at
the cue and follows only the links that keep to the reporting clause (a time adjunct, a
preposition and its object, a noun of the occasion), never entering the quote's content or
another clause.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from service.lexicons import timing as lexicon

# the words of a time phrase below its head: "last week", "Sunday, March 3", "three days ago"
_PHRASE_DEPS = frozenset(
    {"det", "amod", "compound", "nummod", "npadvmod", "advmod", "quantmod", "nmod", "appos"}
    | {"punct", "cc", "conj", "case", "poss", "pobj", "prep"}
)
_ADJUNCT_DEPS = frozenset({"npadvmod", "tmod", "advmod", "obl"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_LEADERS = frozenset({"earlier", "later", "late", "early"})
MAX_DEPTH = 3  # cue → "in" → "statement" → "on": deeper links leave the reporting clause

Inside = Callable[[int], bool]


def time_phrase(cue: Token, inside: Inside) -> tuple[int, int] | None:
    """The token range ``[start, end)`` of the time expression attached to ``cue``, the one
    nearest to it if there are several; ``inside(i)`` tells the tokens of quoted content."""
    heads: list[Token] = []
    _visit(cue, 0, inside, heads)
    if not heads:
        return None
    head = min(heads, key=lambda t: abs(t.i - cue.i))
    return _extent(head, inside)


def _visit(tok: Token, depth: int, inside: Inside, heads: list[Token]) -> None:
    lex = lexicon.load()
    for child in tok.children:
        if inside(child.i):
            continue
        dep = child.dep_
        if dep in _ADJUNCT_DEPS and _is_time(child):
            heads.append(child)  # "said Sunday", "said last week", "two days ago"
        elif dep == "prep" and depth < MAX_DEPTH:
            for obj in child.children:
                if obj.dep_ != "pobj" or inside(obj.i):
                    continue
                if child.lower_ in lex.prepositions and _is_time(obj):
                    heads.append(obj)  # "on Sunday", "in March"
                elif obj.pos_ in _NOUNS and (depth == 0 or obj.lemma_.lower() in lex.frames):
                    _visit(obj, depth + 1, inside, heads)  # "in a statement on March 3"
        elif depth == 0 and dep in {"dobj", "dative"} and child.pos_ in _NOUNS:
            _visit(child, depth + 1, inside, heads)  # "told reporters on Sunday" (as parsed)
        elif depth == 0 and dep == "advcl" and child.lemma_.lower() in lex.speaking:
            _visit(child, depth + 1, inside, heads)  # "Speaking on Monday, she said"


def _is_time(tok: Token) -> bool:
    word = tok.lower_.rstrip(".")
    if word in lexicon.load().calendar:
        return True
    # "in 2008": a year alone; resolved, it is too coarse for a statement's day
    return tok.like_num and len(word) == 4 and word.isdigit() and 1800 < int(word) < 2200


def _extent(head: Token, inside: Inside) -> tuple[int, int]:
    """The head and the words that modify it, up to the first token of content or of a clause;
    with an "earlier" or "late" just before it ("earlier this month", "late Sunday")."""
    members = {head.i}
    todo = [head]
    while todo:
        tok = todo.pop()
        for child in tok.children:
            if child.dep_ in _PHRASE_DEPS and not inside(child.i):
                members.add(child.i)
                todo.append(child)
    # the contiguous run around the head: a modifier set apart is not part of the phrase
    start, end = head.i, head.i + 1
    while start - 1 in members:
        start -= 1
    while end in members:
        end += 1
    doc = head.doc
    while end - 1 > head.i and doc[end - 1].is_punct:
        end -= 1
    while start < head.i and doc[start].is_punct:
        start += 1
    if start > 0 and doc[start - 1].lower_ in _LEADERS and not inside(start - 1):
        start -= 1
    return start, end
