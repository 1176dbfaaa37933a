"""Property tests of the engine: whatever text arrives, ``analyze_doc`` answers a consistent result.

Properties, for every input: no exception; every span lies inside the text with
``text[start:end] == span.text``; every id reference resolves; ids are unique; the same input gives
the same output (twice on one ``Doc`` and once on a fresh parse).

The example count comes from a hypothesis profile chosen by ``NAS_HYPOTHESIS_PROFILE``:
``ci`` (default, part of ``make test``, derandomised so CI is reproducible) or ``fuzz``
(``make fuzz``: at least 10,000 random examples). The engine's input domain is a Python ``str`` of
Unicode scalar values: lone surrogates cannot be encoded and are refused by the web layer (see
``tests/test_fuzz_api.py``), so they are excluded here.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from service.nlp import engine
from service.nlp.types import Analysis, Relation, Span

settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("NAS_HYPOTHESIS_PROFILE", "ci"))
# The raw-Unicode and blank-only tests are cheap and less informative: a fraction of the budget.
MINOR = settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 5))

ACTOR_TYPES = {"person", "organization", "country", "group", "other"}
QUOTE_TYPES = {"direct", "indirect", "mixed"}
ROLES = {"addressee", "subject", "beneficiary"}
LABELS = {"supportive", "critical", "neutral"}

# --- the alphabet of trouble -------------------------------------------------------------------

# Space-separated strings keep these lists readable; ruff would otherwise stack them vertically.
_MARKS = "\" ' “ ” ‘ ’ « » „ ‚ ‹ › 「 」 『 』 `` '' `"
QUOTE_MARKS = _MARKS.split()
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]  # fmt: skip
CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
# Skin tones, ZWJ families, flags, variation selectors, keycaps.
_EMOJI = "😀 👍🏽 👨\u200d👩\u200d👧\u200d👦 🇺🇸 🇦🇲 🏳️\u200d🌈 ❤️ 🤦\u200d♀️ 1️⃣ 🧑🏿\u200d🚀"
EMOJI = _EMOJI.split()
SPACES = [" ", "\n", "\r\n", "\r", "\t", "\n\n", "\r\n\r\n", "\u00a0", "\u2028", "\u2029",
          "\u3000", "\x0b", "\x0c", "\x85", "\u2009"]  # fmt: skip
COMBINING = ["\u0301", "\u0308", "\ufffd", "\U000e0001"]
ODD = QUOTE_MARKS + ZERO_WIDTH + BIDI + CONTROL + EMOJI + SPACES + COMBINING

# Hand-written vocabulary that makes the NER, parser and cue lexicons fire.
SPEAKERS = ["President Joe Biden", "Biden", "Ilham Aliyev", "the State Department", "NATO",
            "Armenia", "Azerbaijan", "the European Union", "French President Emmanuel Macron",
            "he", "she", "they", "the ministry", "a spokesperson", "Russia's Foreign Ministry",
            "U.S. Secretary of State Antony Blinken", "officials in Paris",
            "Mr. O'Brien"]  # fmt: skip
CUES = ["said", "told reporters", "urged", "warned", "added", "stressed", "denied",
        "according to", "praised", "condemned", "called on", "insisted", "says", "tweeted",
        "accused", "told", "claimed"]  # fmt: skip
CONTENT = ["we will not accept this", "Russia must stop the attacks on civilians",
           "the talks were productive", "this is a violation of international law",
           "Azerbaijan is ready for peace", "NATO supports Armenia",
           "I don't think so", "the sanctions will stay", "it's over",
           "they said it was \"unacceptable\"", "Paris welcomes the agreement"]  # fmt: skip
WORDS = ["the", "that", "on", "Monday", "ceasefire", "not", "must", "border", "talks", "in",
         "and", "would", "peace", "attack", "support", "a", "of", "to", "officials"]  # fmt: skip
PUNCT = [".", ",", ":", ";", "?", "!", "—", "–", "-", "…", "(", ")", "[", "]", "/", "..."]

odd = st.sampled_from(ODD)
word = st.sampled_from(WORDS + SPEAKERS + CUES + CONTENT)
piece = st.one_of(word, word, word, st.sampled_from(QUOTE_MARKS), st.sampled_from(PUNCT), odd,
                  st.text(max_size=4))  # fmt: skip
sep = st.sampled_from([" "] * 8 + ["", "\n", "\r\n", "\t", "\n\n", "\u00a0"])


@st.composite
def token_soup(draw: st.DrawFn) -> str:
    """News words, quote marks, punctuation and odd characters in any order."""
    parts = draw(st.lists(st.tuples(piece, sep), max_size=60))
    return "".join(p + s for p, s in parts)


@st.composite
def quote_sentence(draw: st.DrawFn) -> str:
    """One attributed sentence with independently drawn (so often unbalanced) quote marks."""
    mark = st.sampled_from([*QUOTE_MARKS, ""])
    o1, c1, o2, c2 = draw(mark), draw(mark), draw(mark), draw(mark)
    content = draw(st.sampled_from(CONTENT))
    if draw(st.booleans()):  # nested quotation
        inner = draw(st.sampled_from(CONTENT))
        content = f"{content}, {o2}{inner}{c2} {draw(st.sampled_from(WORDS))}"
    who, cue = draw(st.sampled_from(SPEAKERS)), draw(st.sampled_from(CUES))
    end = draw(st.sampled_from([".", "", "!", "?", "…", ".\u201d", " "]))
    form = draw(st.integers(0, 4))
    if form == 0:
        return f"{o1}{content},{c1} {who} {cue}{end}"
    if form == 1:
        return f"{who} {cue}{draw(st.sampled_from([':', ',', '', ' that']))} {o1}{content}{c1}{end}"
    if form == 2:  # mixed: a quoted phrase inside reported speech
        return f"{who} {cue} that {content.split()[0]} {o1}{' '.join(content.split()[1:])}{c1}{end}"
    if form == 3:  # discontinuous: "X," he said, "Y."
        return f"{o1}{content},{c1} {who} {cue}, {o2}{draw(st.sampled_from(CONTENT))}{c2}{end}"
    return f"{content} {cue} {who} {o1}{c1}{end}"


@st.composite
def inject(draw: st.DrawFn, base: str) -> str:
    """``base`` with odd characters inserted at arbitrary positions."""
    chars = list(base)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(chars)))
        chars.insert(pos, draw(odd))
    return "".join(chars)


@st.composite
def article(draw: st.DrawFn) -> str:
    """A short article: attributed sentences joined by any line breaks, then perturbed."""
    sentences = draw(st.lists(quote_sentence(), min_size=1, max_size=6))
    joins = [draw(st.sampled_from([" ", "\n", "\r\n", "\n\n", "\r\n\r\n", "\u2029", ""]))
             for _ in sentences]  # fmt: skip
    body = "".join(s + j for s, j in zip(sentences, joins, strict=True))
    if draw(st.booleans()):
        body = f"By {draw(st.sampled_from(SPEAKERS))}\n\n{body}"
    return draw(inject(body))


# Text without sentence punctuation: the sentence splitter has nothing to hold on to.
no_punctuation = article().map(lambda t: t.translate({ord(c): " " for c in ".!?…;:"}))
# Only blank lines: any mix of line breaks and spaces, invisible characters included.
blank_lines = st.lists(
    st.sampled_from(["\n", "\r\n", "\r", " ", "\t", "\u00a0", "\u200b", "\ufeff", "\u2028"]),
    max_size=40,
).map("".join)
# Arbitrary Unicode: every code point except lone surrogates (see the module docstring).
any_unicode = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
news_like = st.one_of(article(), token_soup(), no_punctuation)


# --- the properties ----------------------------------------------------------------------------


def _spans(a: Analysis) -> Iterator[tuple[str, Span | object]]:
    for actor in a.actors:
        for m in actor.mentions:
            yield f"actor {actor.id} mention", m
    for q in a.quotes:
        yield f"quote {q.id}", q  # start/end/text like a span
        for f in q.fragments:
            yield f"quote {q.id} fragment", f
        if q.speaker_mention is not None:
            yield f"quote {q.id} speaker_mention", q.speaker_mention
        if q.cue is not None:
            yield f"quote {q.id} cue", q.cue
    for t in a.targets:
        yield f"target {t.quote}->{t.actor} mention", t.mention
    if a.author is not None:
        yield "author", a.author


def violations(text: str, a: Analysis) -> list[str]:
    """Every broken invariant of ``a`` as a readable line (empty when all hold)."""
    bad: list[str] = []
    for where, s in _spans(a):
        start, end, stext = s.start, s.end, s.text  # type: ignore[attr-defined]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            bad.append(f"{where}: offsets {start}:{end} not inside 0:{len(text)} (or empty)")
        elif text[start:end] != stext:
            bad.append(f"{where}: text[{start}:{end}]={text[start:end]!r} != {stext!r}")
    for q in a.quotes:
        if not q.fragments:
            bad.append(f"quote {q.id}: no fragments")
        elif any(f.start < q.start or f.end > q.end for f in q.fragments):
            bad.append(f"quote {q.id}: a fragment lies outside {q.start}:{q.end}")

    def unique(kind: str, ids: list[str]) -> set[str]:
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            bad.append(f"duplicate {kind} ids {sorted(dupes)}")
        return set(ids)

    actors = unique("actor", [x.id for x in a.actors])
    quotes = unique("quote", [x.id for x in a.quotes])
    stances = unique("stance", [x.id for x in a.stances])

    def ref(where: str, value: str | None, pool: set[str]) -> None:
        if value is not None and value not in pool:
            bad.append(f"{where}: {value!r} does not resolve")

    for x in a.actors:
        ref(f"actor {x.id}.affiliation", x.affiliation, actors)
        if x.type not in ACTOR_TYPES:
            bad.append(f"actor {x.id}: type {x.type!r}")
    for q in a.quotes:
        ref(f"quote {q.id}.speaker", q.speaker, actors)
        ref(f"quote {q.id}.via", q.via, actors)
        for ad in q.addressees:
            ref(f"quote {q.id}.addressees", ad, actors)
        if q.type not in QUOTE_TYPES:
            bad.append(f"quote {q.id}: type {q.type!r}")
        if not 0.0 <= q.confidence <= 1.0:
            bad.append(f"quote {q.id}: confidence {q.confidence}")
    for t in a.targets:
        ref("target.quote", t.quote, quotes)
        ref("target.actor", t.actor, actors)
        if t.role not in ROLES:
            bad.append(f"target {t.quote}->{t.actor}: role {t.role!r}")
    for s in a.stances:
        ref(f"stance {s.id}.source", s.source, actors)
        ref(f"stance {s.id}.target", s.target, actors)
        for qid in s.quotes:
            ref(f"stance {s.id}.quotes", qid, quotes)
        if s.label not in LABELS:
            bad.append(f"stance {s.id}: label {s.label!r}")
        if not 0.0 <= s.confidence <= 1.0:
            bad.append(f"stance {s.id}: confidence {s.confidence}")
    for r in a.relations:
        for qid in r.quotes:
            ref(f"relation {r.source}->{r.target}.quotes", qid, quotes)
        for sid in r.stances:
            ref(f"relation {r.source}->{r.target}.stances", sid, stances)
    return bad


def check(nlp, text: str, *, fresh_parse: bool = True, repeat: bool = True) -> Analysis:
    """Analyse ``text`` and assert every property; returns the analysis."""
    doc = nlp(text)
    first = engine.analyze_doc(doc)
    bad = violations(text, first)
    assert not bad, f"{len(bad)} violation(s) for {text!r:.2000}:\n" + "\n".join(bad[:20])
    if not repeat:
        return first
    # A second run on the same Doc must not see state left by the first (Doc extensions, caches).
    assert engine.analyze_doc(doc) == first, f"second analysis of one Doc differs for {text!r}"
    if fresh_parse:
        assert engine.analyze_doc(nlp(text)) == first, f"a fresh parse differs for {text!r}"
    return first


# --- the tests ---------------------------------------------------------------------------------

TRICKY = [
    "",
    "\n\n\n",
    "\r\n\r\n \r\n",
    "“",
    "”",
    "«»",
    '"""',
    "„Nein“, sagte er.",
    "‹ « “ ‘ \" ' 「 『",
    "「we will not accept this」 said Aliyev.",
    "“He said ‘we will not “accept” this’ yesterday,” Blinken told reporters.",
    "“Unclosed quote, said Biden.\r\n\r\nNext paragraph” without an opening.",
    "Biden said\u200b “\u202epeace\u202c” \u2066Aliyev\u2069 said.",
    "\ufeffBy Mark Dovich\r\n\r\nNATO urged Russia to stop",
    "said said said said said",
    "👨\u200d👩\u200d👧\u200d👦 said “🇺🇸🇦🇲”",
    "\x00\x01\x02 Biden\x7f said\x85 “no”\x9f",
    "he said she said they said",
    "'' `` ' ` ''",
]


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_tricky_inputs(nlp, text):
    check(nlp, text)


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\n\n\n\n", "   \n  \n\t\n", "\r\n\r\n", "\u200b\n\ufeff\n", "\u2028\u2029"],
)
def test_blank_lines_give_nothing(nlp, text):
    """Negative cases: text with nothing in it must produce no actor, quote, target or stance."""
    a = check(nlp, text)
    assert (a.actors, a.quotes, a.targets, a.stances, a.relations) == ((), (), (), (), ())


@PROFILE
@given(text=news_like)
@example(text="“We will not accept this,” said President Joe Biden.")
@example(text="President Joe Biden said: “we will not accept this")
def test_engine_properties_news_like(nlp, text):
    check(nlp, text)


@MINOR
@given(text=any_unicode)
def test_engine_properties_any_unicode(nlp, text):
    check(nlp, text)


@MINOR
@given(text=blank_lines)
def test_engine_blank_lines(nlp, text):
    a = check(nlp, text, fresh_parse=False)
    assert not a.quotes and not a.stances


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 100))
@given(texts=st.lists(article(), min_size=1, max_size=4))
def test_no_state_leaks_between_documents(nlp, seed_text, texts):
    """Analysing other articles in between does not change the answer for the seed article."""
    before = engine.analyze_doc(nlp(seed_text))
    for t in texts:
        engine.analyze_doc(nlp(t))
    assert engine.analyze_doc(nlp(seed_text)) == before


_LONG = (
    "the minister of Armenia told reporters that Azerbaijan would “not accept” any ‘deal’ and"
    " President Aliyev said « no » while officials in Paris urged calm „and more"
)


def long_sentence(n: int = 100_000) -> str:
    """One ``n``-character sentence: news words, names, cues and quote marks, no full stop."""
    parts = itertools.cycle(_LONG.split())
    out, size = [], 0
    while size <= n:  # each word adds itself and one joining space
        w = next(parts)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n]


@pytest.mark.slow
def test_one_100k_character_sentence(nlp):
    """The largest allowed text as a single sentence: still consistent, and the time is reported."""
    text = long_sentence()
    assert len(text) == 100_000
    t0 = time.perf_counter()
    check(nlp, text, repeat=False)  # determinism is covered above; this one is about size
    print(f"100k-character sentence: parse + analysis in {time.perf_counter() - t0:.1f}s")


def _broken(**changes) -> Analysis:
    from dataclasses import replace

    from service.nlp.types import Actor, Quote, Stance, Target

    text_span = Span(0, 5, "Biden")
    actor = Actor(id="a1", name="Biden", type="person", mentions=(text_span,))
    quote = Quote(
        id="q1", text="peace", start=11, end=16, fragments=(Span(11, 16, "peace"),),
        type="direct", speaker="a1", speaker_mention=text_span, cue=None,
    )  # fmt: skip
    target = Target(quote="q1", actor="a1", role="subject", mention=text_span)
    stance = Stance(
        id="s1", source="a1", target="a1", label="neutral", act="x", plover_event=None,
        plover_mode=None, cameo=None, negated=False, quotes=("q1",), confidence=0.5,
    )  # fmt: skip
    good = Analysis(actors=(actor,), quotes=(quote,), targets=(target,), stances=(stance,))
    return replace(good, **changes) if changes else good


def test_violations_accepts_a_consistent_result():
    assert violations("Biden said peace.", _broken()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"author": Span(0, 5, "biden")}, "author: text[0:5]"),
        ({"author": Span(10, 99, "x")}, "author: offsets 10:99"),
        ({"author": Span(3, 3, "")}, "author: offsets 3:3"),
        ({"actors": ()}, "does not resolve"),
        ({"quotes": ()}, "target.quote: 'q1' does not resolve"),
        ({"relations": (Relation("a1", "a1", "neutral", ("q1",), ("s9",), 0.5),)}, "'s9'"),
    ],
)
def test_violations_detects_broken_results(changes, expected):
    """The checker itself can fail: each broken result is reported."""
    bad = violations("Biden said peace.", _broken(**changes))
    assert any(expected in line for line in bad), bad
