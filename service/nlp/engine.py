"""The engine: a spaCy ``Doc`` in, an ``Analysis`` out; the one entry point for web, CLI, eval."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from service.nlp import actors as actors_mod
from service.nlp import doccache
from service.nlp import quotes as quotes_mod
from service.nlp import stance as stance_mod
from service.nlp import targets as targets_mod
from service.nlp.types import Analysis, Quote


def analyze_doc(doc: Doc) -> Analysis:
    """Actors, quotes, targets, stances and relations of one parsed article."""
    try:
        return _analyze(doc)
    finally:
        doccache.release()


def _analyze(doc: Doc) -> Analysis:
    index = actors_mod.extract_actors(doc)
    raw_quotes = quotes_mod.extract_quotes(doc)
    quotes: list[Quote] = []
    addressee_links: list[dict[tuple[int, int], str]] = []  # per quote: addressee span → actor
    text = doccache.text(doc)  # spaCy rebuilds Doc.text from every token on each access
    for n, raw in enumerate(raw_quotes, start=1):
        speaker = index.link(doc, raw.speaker) if raw.speaker else None
        via = index.link(doc, raw.via) if raw.via else None
        links = {(s.start, s.end): index.link(doc, s) for s in raw.addressees}
        addressee_links.append({k: a for k, a in links.items() if a})
        addressees = tuple(dict.fromkeys(a for a in links.values() if a))
        quotes.append(
            Quote(
                id=f"q{n}",
                text=text[raw.start : raw.end],
                start=raw.start,
                end=raw.end,
                fragments=raw.fragments,
                type=raw.type,
                speaker=speaker,
                speaker_mention=raw.speaker,
                cue=raw.cue,
                addressees=addressees,
                via=via,
                confidence=raw.confidence,
            )
        )
    actors = index.finalize()
    targets = targets_mod.find_targets(doc, actors, quotes, raw_quotes, addressee_links)
    stances, relations = stance_mod.infer_stances(doc, actors, quotes, targets)
    return Analysis(
        actors=tuple(actors),
        quotes=tuple(quotes),
        targets=tuple(targets),
        stances=tuple(stances),
        relations=tuple(relations),
        author=index.author,
    )


def analyze_text(nlp: Language, text: str) -> Analysis:
    return analyze_doc(nlp(text))


def analyze_texts(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 8, n_process: int = 1
) -> Iterator[Analysis]:
    """Analyse many texts with ``nlp.pipe``; results come in input order."""
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        yield analyze_doc(doc)
