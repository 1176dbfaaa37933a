"""A line break ends a sentence: news text has one paragraph to a line, and the parser, left to
itself, runs a sentence across the break ("…we weren't guided by the profession or name.”⏎
Serbia's decision, he said, …" parsed "decision" as the object of "guided")."""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "nas_paragraph_breaks"


@Language.component(FACTORY, assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """doc (Doc): a tokenized text. RETURNS (Doc): the token after every line break starts a
    sentence; other boundaries are left to the parser."""
    if not len(doc):
        return doc
    # only whitespace tokens can hold a line break: find them with one array read
    for i in np.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def install(nlp: Language, before: str = "parser") -> bool:
    """Add the component before ``before``; False if the pipeline has no such component."""
    if before not in nlp.pipe_names or FACTORY in nlp.pipe_names:
        return False
    nlp.add_pipe(FACTORY, before=before)
    return True
