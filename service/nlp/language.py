"""The language of a text, so that only English is analysed (the pipeline is English only).

CLD2 (the ``pycld2`` package: Google's Compact Language Detector 2, its tables compiled into the
extension, nothing downloaded) was chosen by measurement (``python -m tools.bench.language``):
as accurate as the best candidates on short news, the fastest by far (about 45 µs per 1,000
characters, under 0.5% of the parse), and it says how much of a text is in each language, which
decides a mixed text by its majority.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycld2

ENGLISH = "en"
UNDETERMINED = "und"  # BCP 47 / ISO 639-2: too little text to tell
# Below this many bytes of letters CLD2 found, a text is too short to tell: it is analysed as
# English. Short English lines (headlines, bylines, "Holtz-Eakin said.") must never be refused as
# another language, while a foreign sentence of about 8 Latin words or 16 Chinese characters is
# still recognised (docs/performance.md has the check).
MIN_BYTES = 48
# CLD2 refuses C0/C1 control characters as invalid UTF-8; they carry no language.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Detection:
    language: str  # ISO 639-1 code ("zh-Hant" for traditional Chinese), or "und"
    name: str  # in English: "French"; "undetermined"
    percent: int  # share of the text's letters in that language (0 when undetermined)

    @property
    def supported(self) -> bool:
        """English, or too short to tell (then analysed as English)."""
        return self.language in (ENGLISH, UNDETERMINED)


_UNDETERMINED = Detection(UNDETERMINED, "undetermined", 0)


def detect(text: str) -> Detection:
    """The majority language of ``text``; "und" when there is too little text to be sure."""
    try:
        reliable, found, details = pycld2.detect(_CONTROLS.sub(" ", text), isPlainText=True)
    except pycld2.error:  # any other byte it cannot read: no verdict, analysed as English
        return _UNDETERMINED
    name, code, percent, _score = details[0]
    if code == "un" or found < MIN_BYTES or not reliable:
        return _UNDETERMINED
    return Detection(code, name.capitalize(), int(percent))
