"""The attribution-cue lexicon (``service/lexicons/cues.yaml``), loaded once into frozen sets."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from service.lexicons import DIR, load_yaml

CUES_PATH = DIR / "cues.yaml"


@dataclass(frozen=True, slots=True)
class CueLexicon:
    speech: frozenset[str]
    belief: frozenset[str]
    directive: frozenset[str]
    phrasal: dict[str, bool]  # "call on" -> the preposition's object is an addressee
    object_content: frozenset[str]
    predicative: frozenset[str]
    infinitive: frozenset[str]
    nominal: frozenset[str]
    according: tuple[str, ...]
    addressee_frames: frozenset[str]
    speaker_verbs: frozenset[str]  # their main-clause subject is the sentence's speaker
    documents: frozenset[str]  # "papers opposing X": speak for whoever issued them
    issue_verbs: frozenset[str]  # "filed", "ran", "issued" a document
    speech_events: frozenset[str]  # "a news conference announcing X": its speaker's voice
    object_control: frozenset[str]  # "forced X to admit": X speaks
    object_nouns: dict[str, frozenset[str]]  # "raise" -> the objects that make it a statement
    # "to" -> the nominal cues whose object of "to" is addressed ("statements to the FBI")
    nominal_addressed: dict[str, frozenset[str]] = field(default_factory=dict)
    colon_labels: frozenset[str] = frozenset()  # "Correction:", "The Latest:": no speaker
    received: frozenset[str] = frozenset()  # "faced questions": the subject is not the speaker
    of_holder: frozenset[str] = frozenset()  # "the support of X": X supports
    # "perceived" -> verbs whose object is heard speaking, and the other speaker frames
    speaker_frames: dict[str, frozenset[str]] = field(default_factory=dict)
    tell_like: frozenset[str] = frozenset()  # "told X": the object is addressed
    to_addressee: frozenset[str] = frozenset()  # "said to X": the object of "to" is addressed
    of_content: frozenset[str] = frozenset()  # "warned of X", "spoke about X": X was said
    warning: frozenset[str] = frozenset()  # "cautioned against X": X was said
    relay: frozenset[str] = frozenset()  # "…, the ministry said": may relay another quote
    hedges: frozenset[str] = frozenset()  # "appears to call out": no act of speech
    # derived once (read per token by the extractor), not a constructor argument
    _verbs: frozenset[str] = field(init=False, repr=False, compare=False)
    _voiced: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        verbs = (
            self.speech | self.belief | self.directive | self.object_content | self.infinitive
        ) | {p.split()[0] for p in self.phrasal}
        object.__setattr__(self, "_verbs", verbs)
        object.__setattr__(self, "_voiced", self.documents | self.speech_events)

    @property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma that can head an attribution."""
        return self._verbs

    @property
    def voiced(self) -> frozenset[str]:
        """Documents and speech events: nouns that speak for whoever issued or gave them."""
        return self._voiced


def _words(data: dict, key: str) -> frozenset[str]:
    words = data.get(key) or ()
    if isinstance(words, str):
        raise ValueError(f"cue lexicon: {key} must be a list of words, not {words!r}")
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise ValueError(f"cue lexicon: {key} has non-string entries {bad!r} (quote them)")
    return frozenset(w.lower() for w in words)


def _groups(data: dict, key: str) -> dict[str, frozenset[str]]:
    """A mapping of word lists ("raise" -> the objects that make it a statement)."""
    groups = data.get(key) or {}
    return {str(k).lower(): _words(groups, k) for k in groups}


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> CueLexicon:
    """Read the cue lexicon (default ``service/lexicons/cues.yaml``); cached per path."""
    data = load_yaml(Path(path or CUES_PATH))
    phrasal = {
        str(k).lower(): bool((v or {}).get("addressee", False))
        for k, v in (data.get("phrasal") or {}).items()
    }
    return CueLexicon(
        speech=_words(data, "speech"),
        belief=_words(data, "belief"),
        directive=_words(data, "directive"),
        phrasal=phrasal,
        object_content=_words(data, "object_content"),
        predicative=_words(data, "predicative"),
        infinitive=_words(data, "infinitive"),
        nominal=_words(data, "nominal"),
        according=tuple(sorted(_words(data, "according"))),
        addressee_frames=_words(data, "addressee_frames"),
        speaker_verbs=_words(data, "speaker_verbs"),
        documents=_words(data, "documents"),
        issue_verbs=_words(data, "issue_verbs"),
        speech_events=_words(data, "speech_events"),
        object_control=_words(data, "object_control"),
        object_nouns=_groups(data, "object_nouns"),
        colon_labels=_words(data, "colon_labels"),
        received=_words(data, "received"),
        of_holder=_words(data, "of_holder"),
        speaker_frames=_groups(data, "speaker_frames"),
        nominal_addressed=_groups(data, "nominal_addressed"),
        tell_like=_words(data, "tell_like"),
        to_addressee=_words(data, "to_addressee"),
        of_content=_words(data, "of_content"),
        warning=_words(data, "warning"),
        relay=_words(data, "relay"),
        hedges=_words(data, "hedges"),
    )
