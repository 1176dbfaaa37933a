"""The dependency labels the rules test (spaCy's English scheme), each set named once.

Two notions of "subject" serve different rules: who does or undergoes what a verb says (a noun,
active or passive: ``NOUN_SUBJ``), and what a verb's own voice has as its subject (a noun or a
clause, active only: ``ACTIVE_SUBJ``; a passive's subject is not its speaker).
"""

from __future__ import annotations

#: the noun subject of an active or a passive verb: "Macron praised …", "Macron was praised …"
NOUN_SUBJ = frozenset({"nsubj", "nsubjpass"})
#: the subject of an active verb, a noun or a clause: "Macron said …", "What he said shows …"
ACTIVE_SUBJ = frozenset({"nsubj", "csubj"})
#: any subject
ANY_SUBJ = NOUN_SUBJ | ACTIVE_SUBJ
