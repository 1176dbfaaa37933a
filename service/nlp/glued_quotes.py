"""Quotation marks glued to a word are split off: ``said,“We`` is three tokens before "We", not
one. English tokenizers split a quotation mark only at a word's edge, so a mark typed without the
space after a comma or colon ("he said,“…”", "“…,”said X") stayed inside one token, and the
parser then read "said,“We" as a noun. Only a double quotation mark or guillemet between a word
or punctuation and a word is split, so apostrophes ("can’t", "’90s") stay as they are."""

from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex

_OPEN = '“"«„'
_CLOSE = '”"»'
GLUED = (
    rf"(?<=\w)[,:;](?=[{_OPEN}{_CLOSE}])",  # said,“  up,”
    rf"(?<=[,:;.!?])[{_OPEN}{_CLOSE}](?=\w)",  # ,“We  ,”said
)


def install(nlp: Language) -> None:
    """Give ``nlp``'s tokenizer the language's infixes plus the glued-quotation ones (built from
    the defaults each time, so installing twice changes nothing)."""
    infixes = [*(nlp.Defaults.infixes or []), *GLUED]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
