"""Quote candidates: what a rule proposes, refined by later steps until the selection."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.nlp.types import Cue, QuoteKind

Range = tuple[int, int]  # characters, end-exclusive


@dataclass
class Candidate:
    cue: Cue | None
    lemma: str
    kind: QuoteKind
    speaker: Range | None
    content: list[Range]
    addressees: list[Range] = field(default_factory=list)
    explicit: bool = True  # the speaker is the cue's own subject/agent, not inherited
    cue_tok: int | None = None
    root_tok: int | None = None  # first token of the content (relay detection)
    inherit_from: int | None = None  # cue token of the candidate whose speaker this reuses
    via: Range | None = None
    named: bool = False  # the speaker mention contains a proper noun
    sent: int = -1
    has_quote: bool = False
    dropped: bool = False
    reach: int | None = None  # the rules cut the content here: nothing grows past it
    # tagged beside the rules' reading: for a cue they read with another content, or around
    # contents of theirs (a report of reports)
    beside_rule: bool = False


class Candidates:
    """The candidates of one article, with the indexes the rules look them up by.

    ``bare`` holds reporting verbs found without a content ('“…,” he said' misparsed): the step
    that attaches quoted spans may give them one.
    """

    def __init__(self) -> None:
        self.items: list[Candidate] = []
        self.by_cue: dict[int, Candidate] = {}  # cue token → candidate
        self.by_root: dict[int, Candidate] = {}  # first content token → candidate
        self.bare: list[Candidate] = []

    def add(self, cand: Candidate) -> None:
        """Keep ``cand`` if it has a content."""
        if not cand.content:
            return
        cand.content.sort()
        self.items.append(cand)
        if cand.cue_tok is not None:
            self.by_cue[cand.cue_tok] = cand

    def adopt(self, cand: Candidate) -> None:
        """A bare reporting verb that was given a content joins the candidates."""
        self.bare.remove(cand)
        self.add(cand)

    def __iter__(self):
        return iter(self.items)
