"""The engine: a parsed article in, its ``Analysis`` out; the one entry point for web, CLI, eval.

The method, one stage after another, each a function of the article's ``DocContext`` and of the
earlier stages' results:

1. **Actors**: the people, organisations and countries the article names, with their mentions,
   titles and affiliations (``actors``).
2. **Quotes**: attributed statements, their cues, contents and addressees (``quotes``). The quote
   rules ask the speaker rules who spoke each cue as they read it: some readings are quotes only
   if someone speaks them.
3. **Speakers**: who spoke each quote, as words and as an actor; its channel and addressees as
   actors (``speakers``). Linking may add actors, so the actor index is final only after it.
4. **Principals**: the country or organisation each actor speaks for, and the parties of the
   conflict the article reports (``principals``).
5. **Targets**: whom each statement is addressed to or about, and in what role (``targets``).
6. **Stances**: each speaker's stance toward each target, and the relations between principals
   that they add up to (``stance``).
7. **Statement time**: when each quote was said, against the article's date (``timing``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from service.nlp import speakers
from service.nlp.actors import find_actors
from service.nlp.context import DocContext
from service.nlp.principals import read_principals
from service.nlp.quotes import extract_quotes
from service.nlp.stance import infer_stances
from service.nlp.targets import find_targets
from service.nlp.timing import time_statements
from service.nlp.types import Analysis
from service.tracing import stage


def analyze_doc(doc: Doc, *, published: date | None = None, today: date | None = None) -> Analysis:
    """Actors, quotes, targets, stances and relations of one parsed article.

    ``published`` is the article's date, if known; ``today`` the day of the analysis, which
    dates a dateline that gives no year (``timing``).
    """
    ctx = DocContext(doc)
    # Each stage in a tracing span (service.tracing: nothing when tracing is off).
    with stage("actors"):
        index = find_actors(ctx)
    with stage("quotes"):
        found = extract_quotes(ctx, speakers.RULES)
    with stage("speakers"):
        spoken = speakers.resolve_speakers(ctx, index, found)
    with stage("finalize"):
        actors = index.finalize()
    with stage("principals"):
        principals = read_principals(ctx, actors)
    quotes = tuple(lq.quote for lq in spoken)
    with stage("targets"):
        targets = find_targets(ctx, principals, spoken)
    with stage("stances"):
        stance = infer_stances(ctx, principals, quotes, targets)
    with stage("timing"):
        timing = time_statements(ctx, quotes, published=published, today=today)
    return Analysis(
        actors=tuple(actors),
        quotes=timing.dated(quotes),
        targets=tuple(targets),
        stances=stance.stances,
        relations=stance.relations,
        author=index.author,
        published=published,
    )


def analyze_text(nlp: Language, text: str) -> Analysis:
    return analyze_doc(nlp(text))


def analyze_texts(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 8, n_process: int = 1
) -> Iterator[Analysis]:
    """Analyse many texts with ``nlp.pipe``; results come in input order."""
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield analyze_doc(doc)
