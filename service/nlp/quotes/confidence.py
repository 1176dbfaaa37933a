"""How sure a candidate is: an evidence score from its rule, cue, speaker and quotation marks,
calibrated against PolNeAR train (the precision of its evidence cell)."""

from __future__ import annotations

import json
from functools import lru_cache

from service.lexicons import DIR
from service.lexicons.cues import load_cues
from service.nlp.quotes.candidates import Candidate
from service.nlp.quotes.facts import PRONOUNS

_BASE = {
    "verb": 0.7,
    "direct": 0.75,
    "nominal": 0.68,
    "according": 0.65,
    "colon": 0.45,
    "continuation": 0.55,
}


def confidence(c: Candidate) -> float:
    """Evidence score in [0, 1]; its bins were checked for precision on PolNeAR dev/train."""
    conf = _BASE.get(c.kind, 0.5)
    lex = load_cues()
    if c.speaker is None:
        conf -= 0.25
    elif not c.explicit:
        conf -= 0.08
    if c.lemma in {"say", "tell", "according to"}:
        conf += 0.1
    elif c.lemma in lex.belief or (c.lemma in lex.object_content and c.lemma not in lex.speech):
        conf -= 0.15
    elif c.kind == "verb" and c.lemma not in lex.verbs and " " not in c.lemma:
        conf -= 0.15  # a verb outside the lexicon, kept for its "that" clause
    if c.has_quote:
        conf += 0.1
    return round(max(0.05, min(0.99, conf)), 2)


_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "some"}


def evidence_key(c: Candidate, text: str) -> str:
    """kind|cue class|speaker class|quote marks: the cell of the calibration table."""
    lex = load_cues()
    lemma = c.lemma
    if lemma in {"say", "tell", "according to", ":"}:
        cls = "core"
    elif " " in lemma:
        cls = "phrasal"
    elif lemma in lex.speech:
        cls = "speech"
    elif lemma in lex.directive:
        cls = "directive"
    elif lemma in lex.belief:
        cls = "belief"
    elif lemma in lex.verbs or lemma in lex.nominal:
        cls = "other"
    else:
        cls = "generic" if lemma else "none"
    if c.speaker is None:
        spk = "none"
    elif not c.explicit:
        spk = "inherited"
    else:
        words = text[c.speaker[0] : c.speaker[1]].split()
        if len(words) == 1 and words[0].lower() in PRONOUNS:
            spk = "pron"
        elif any(w[:1].isupper() for w in words[1:]) or (
            words and words[0][:1].isupper() and words[0].lower() not in _DETERMINERS
        ):
            spk = "named"
        else:
            spk = "nominal"
    return f"{c.kind}|{cls}|{spk}|{'q' if c.has_quote else '-'}"


CALIBRATION_PATH = DIR / "quote_confidence.json"


@lru_cache(maxsize=1)
def _calibration() -> dict[str, tuple[int, int]]:
    """The calibration table; it ships with the package, so a missing or empty one is an error."""
    try:
        data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"{CALIBRATION_PATH} is missing (package data; tools/train/calibrate.py)"
        ) from exc
    cells = data.get("cells") if isinstance(data, dict) else None
    if not cells:
        raise ValueError(f"{CALIBRATION_PATH.name}: no 'cells' table")
    return {k: (int(v[0]), int(v[1])) for k, v in cells.items()}


def calibrated(key: str, fallback: float, strength: float = 8.0) -> float:
    """Precision of the key's cell on PolNeAR train, shrunk towards its coarser cells.

    The table (``service/lexicons/quote_confidence.json``, built by
    ``tools/train/calibrate.py``) counts, per evidence cell, how many predictions matched a
    gold attribution. Sparse cells borrow strength from their prefix (``kind|class|speaker``,
    ``kind|class``, ``kind``), down to the heuristic score ``fallback``.
    """
    table = _calibration()
    parts = key.split("|")
    est = fallback
    for depth in range(1, len(parts) + 1):
        hits, n = table.get("|".join(parts[:depth]), (0, 0))
        est = (hits + strength * est) / (n + strength)
    return round(max(0.05, min(0.99, est)), 2)
