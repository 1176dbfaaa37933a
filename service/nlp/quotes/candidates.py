"""Quote candidates: what a rule proposes, refined by later steps until the selection; and the
speaker rules the quote rules ask as they read each cue (``SpeakerRules``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.nlp.types import Cue, QuoteKind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from service.nlp.quotes.facts import QuoteFacts
    from service.nlp.quotes.learned import Tagged

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


@dataclass(frozen=True, slots=True)
class Said:
    """Who spoke a cue, as the speaker rules read it."""

    speaker: Range | None  # the words that name the speaker (a pronoun included)
    explicit: bool = True  # the cue's own subject or agent, not inherited
    inherit_from: int | None = None  # cue token of the candidate whose speaker this one takes
    # tokens of the speaker's name that the parse put into the content ("…, official X told")
    words: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class SpeakerRules:
    """Who spoke: the rules of the speakers stage (``service.nlp.speakers``), which the quote
    rules ask as they read each cue. Whether a reading is a quote at all can turn on who spoke
    ("it goes without saying" is the journalist's; a reporting clause that only relays another
    quote is its channel), so the quote stage is handed them; it decides cues and contents.
    """

    #: a verb cue's speaker; ``None``: the journalist's own framing, no quote
    of_verb: Callable[[QuoteFacts, Candidates, Token], Said | None]
    #: a nominal cue's speaker ("the ministry's statement"); ``None``: no one voices it
    of_noun: Callable[[QuoteFacts, Token], Range | None]
    #: the source of "according to X", from "to" and its object
    of_according: Callable[[QuoteFacts, Token, Token], Range]
    #: the speaker named before a line's colon ("Putin: …"; ``True``: a transcript turn)
    of_line: Callable[[QuoteFacts, SpacySpan, bool], Range | None]
    #: the name signing a quotation ("― Ana Ruiz"), from its start and its words
    of_signature: Callable[[QuoteFacts, int, str], Range | None]
    #: a tagged content's speaker: from its cue's head, the rules' candidate of that cue, and
    #: the tagger's sources in its paragraph; ``None``: the journalist's framing
    of_tagged: Callable[
        [QuoteFacts, Candidates, Tagged, Token, Tagged, Candidate | None, list[Tagged]],
        Said | None,
    ]
    #: reporting clauses that only relay another quote become its channel (``via``)
    relays: Callable[[QuoteFacts, Candidates], None]
