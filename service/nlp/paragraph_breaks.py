"""A line break ends a sentence: news text has one paragraph to a line, and the parser, left to
itself, runs a sentence across the break ("Talks end without a deal⏎The minister left …" parsed
as one sentence, the headline's verb with two subjects). So does the dateline
that opens a paragraph ("(Daily.Ex) — The embassy said …" parsed "Ex" as the subject of
"said")."""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "nas_paragraph_breaks"

_CITY_CAPS = r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}"
_CITY = r"[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3}"
_WHEN = r"(?:,[^()\[\]\n:–—]{1,40}?)?"
_AGENCY = r"\((?![DRI]-)[^()\n]{2,30}\)"  # not a party tag: "Sen. Jane Doe (D-Calif.) —"
_COUNTRY = r"\[[^\[\]\n]{2,40}\]"
# "WASHINGTON, Dec. 8 (UPI) — ", "Lima (Reuters) – ", "(Daily.Ex) — ", "Lagos [Nigeria],
# May 3 (XNA): ". A place in title case needs its agency or country: "Jason Sims — a
# teacher — says" is an apposition; a colon needs the country: "TAPPER: Do you…" is a speaker.
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:(?:{_CITY_CAPS}{_WHEN}(?: ?{_AGENCY})?|{_CITY}{_WHEN} ?{_AGENCY}|{_AGENCY})"
    rf" ?(?:[–—―]|--?)|{_CITY} ?{_COUNTRY}{_WHEN}(?: ?{_AGENCY})? ?[:–—―])"
    r" (?=[A-Z0-9\"“‘'])"  # the story's first sentence; "NATO — the alliance — said" is none
)


@Language.component(FACTORY, assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """doc (Doc): a tokenized text. RETURNS (Doc): the token after every line break, and after
    a paragraph's opening dateline, starts a sentence; other boundaries are left to the parser."""
    if not len(doc):
        return doc
    # only whitespace tokens can hold a line break: find them with one array read
    for i in np.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    ends = [m.end() for m in _DATELINE.finditer(doc.text)]
    if ends:
        starts = doc.to_array(IDX)
        for end in ends:
            i = int(np.searchsorted(starts, end))
            if 0 < i < len(doc) and starts[i] == end:
                doc[i].is_sent_start = True
    return doc


def install(nlp: Language, before: str = "parser") -> bool:
    """Add the component before ``before``; False if the pipeline has no such component."""
    if before not in nlp.pipe_names or FACTORY in nlp.pipe_names:
        return False
    nlp.add_pipe(FACTORY, before=before)
    return True
