"""Language detection: English and too-short texts are analysed, others are named."""

from __future__ import annotations

import pytest

from service.nlp import language

ENGLISH = (
    "The minister said on Monday that France would support the plan, while officials in Berlin "
    "warned that the talks could still fail."
)

# (name, text, expected language); the texts were written for these tests.
CASES = [
    ("English", ENGLISH, "en"),
    ("French", "Le gouvernement a annoncé mardi une série de mesures pour soutenir les "
     "agriculteurs touchés par la sécheresse, a déclaré le ministre.", "fr"),
    ("French headline first", "Affaires étrangères : le Quai d'Orsay appelle les ressortissants "
     "français à quitter le pays sans délai.", "fr"),
    ("German", "Die Bundesregierung hat am Mittwoch neue Hilfen für die Industrie beschlossen, "
     "sagte der Wirtschaftsminister in Berlin.", "de"),
    ("Spanish", "El Gobierno aprobó este martes una reforma de las pensiones que, según la "
     "ministra, garantizará la sostenibilidad del sistema.", "es"),
    ("Russian", "Президент заявил во вторник, что Москва готова к переговорам, однако только на "
     "своих условиях, сообщает пресс-служба.", "ru"),
    ("Chinese", "外交部发言人在例行记者会上说，中方坚决反对任何形式的单边制裁，"
     "并呼吁各方保持克制。", "zh"),
    ("Arabic", "قال وزير الخارجية يوم الثلاثاء إن الحكومة مستعدة لاستئناف المفاوضات إذا توقفت "
     "العمليات العسكرية على الحدود.", "ar"),
    ("English with a French quote", ENGLISH + ' He added: "Nous ne céderons rien." Talks resume in '
     "Brussels next week, where ministers will discuss sanctions and energy prices.", "en"),
    ("French with an English sentence", "Le gouvernement a annoncé mardi une série de mesures "
     "pour soutenir les agriculteurs, a déclaré le ministre devant l'Assemblée nationale, où "
     "les députés ont longuement débattu. The talks failed.", "fr"),
    # Too short to tell: analysed as English, whatever the language.
    ("short English", "Holtz-Eakin said.", "und"),
    ("short headline", "Old Hands Help Russia Navigate U.S.", "und"),
    ("short French", "Bonjour à tous.", "und"),
    ("digits only", "2024 12 31 100 200", "und"),
    ("control characters", "\x00\x85\x9f" + ENGLISH, "en"),
    ("one character", "a", "und"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_detect(text, expected):
    detected = language.detect(text)
    assert detected.language == expected
    assert detected.supported is (expected in ("en", "und"))
    if expected == "und":
        assert detected.percent == 0 and detected.name == "undetermined"
    else:
        assert detected.percent > 50 and detected.name


def test_the_name_is_readable():
    assert language.detect(CASES[1][1]).name == "French"
