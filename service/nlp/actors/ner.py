"""The model's named entities, checked against the gazetteer and against each other: persons
and other names (organisations, places, groups) of the article.

Gazetteer matches win over the model's label ("Armenia" tagged PERSON stays a country); an entity
that extends a match with more proper words ("New Jersey", "the Washington Post") wins over the
match. A single word that is the surname or first name of a person of the article is that person
whatever its label ("Blinken" tagged GPE); a name's label is the majority of its mentions'.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from service.lexicons import gazetteer as gz
from service.nlp.actors.facts import ActorFacts
from service.nlp.actors.matching import Match, Matches
from service.nlp.actors.words import NAME_LABELS, POSSESSIVE

#: a name the model found: (start token, end token, label)
Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Names:
    persons: list[tuple[int, int]]  # token ranges
    others: list[Entity]  # organisations, places and groups, places of ``Matches`` included
    strong: list[Match]  # the gazetteer matches that stand
    # the country of a name that holds a country's name ("U.S. Supreme Court")
    ent_country: dict[tuple[int, int], str] = field(default_factory=dict)


def read_names(facts: ActorFacts, matches: Matches) -> Names:
    """The persons and other names of the article, and the gazetteer matches that stand."""
    ent_country: dict[tuple[int, int], str] = {}
    ents, strong, in_ent, covered = _entities(facts, matches, ent_country)
    persons, rest = _persons_and_rest(facts, ents)
    surnames, firsts = _name_parts(facts, persons)  # of the names the model tagged PERSON
    others = _relabel(facts, persons, rest, surnames, firsts)
    # untagged: a proper noun that is the surname of a person of the article ("May said")
    for i, w in enumerate(facts.words):
        if w not in surnames or i in in_ent or i in covered:
            continue
        # a modal before a past tense is a misread name ("May said")
        misread = i + 1 < len(facts.tag) and facts.tag[i] == "MD" and facts.tag[i + 1] == "VBD"
        if facts.tag[i] in {"NNP", "NNPS"} or misread:
            persons.append((i, i + 1))
    persons.sort()
    for ps, pe, code in matches.places:
        others.append((ps, pe, "GPE"))
        if code:
            ent_country[(ps, pe)] = code
    others.sort()
    return Names(persons, others, strong, ent_country)


def _entities(
    facts: ActorFacts, matches: Matches, ent_country: dict[tuple[int, int], str]
) -> tuple[list[Entity], list[Match], set[int], dict[int, int]]:
    """The model's names that the gazetteer does not already cover, the gazetteer matches that
    stand, the tokens inside any entity, and the tokens each match covers."""
    strong = matches.strong
    covered: dict[int, int] = {}
    for n, m in enumerate(strong):
        for i in range(m.start, m.end):
            covered[i] = n
    drop: set[int] = set()
    confirmed: set[int] = set()  # ambiguous country names read as the country
    found: list[Entity] = []
    ents = list(facts.doc.ents)
    in_ent: set[int] = set()
    person_words = _person_words(facts, ents)
    for ent in ents:
        in_ent.update(range(ent.start, ent.end))
        if ent.label_ not in NAME_LABELS or facts.in_byline(ent.start_char):
            continue
        s, e = _ent_tokens(facts, ent)
        if s >= e or any(ps <= s and e <= pe for ps, pe, _ in matches.places):
            continue
        inside = [covered[i] for i in range(s, e) if i in covered]
        rest = [i for i in range(s, e) if i not in covered and facts.cap[i] and facts.alpha[i]]
        if inside and not rest:
            ambiguous = {n for n in inside if strong[n].ambiguous}
            if ent.label_ == "PERSON" and not any(
                facts.words[i] in person_words for n in ambiguous for i in range(*_span(strong[n]))
            ):
                # a country name is no person: the model's PERSON on "Niger" or "Mali" is a
                # mistake unless the article names someone so ("Michael Jordan", "Mr. Chad")
                confirmed |= ambiguous
                continue
            for n in ambiguous:
                if ent.label_ not in {"GPE", "LOC", "NORP"}:
                    drop.add(n)  # "Jordan" the person, "Chad" the name
            if ambiguous and ent.label_ == "PERSON":
                found.append((s, e, "PERSON"))
            continue
        if not _keep(facts, ent, s, e):
            continue
        if inside:
            drop.update(inside)
            for n in inside:  # "U.S. Supreme Court": the country of the organisation
                if strong[n].entry.kind in {"country", "demonym"}:
                    ent_country.setdefault((s, e), strong[n].entry.country)
        found.append((s, e, ent.label_))
    drop |= _unconfirmed_ambiguous(strong, drop | confirmed, found, ents) - confirmed
    return found, [m for n, m in enumerate(strong) if n not in drop], in_ent, covered


def _span(m: Match) -> tuple[int, int]:
    return m.start, m.end


def _person_words(facts: ActorFacts, ents: list[SpacySpan]) -> set[str]:
    """Words the article uses in a person's name: the words of its multi-word PERSON entities
    and a name after an honorific ("Mr. Jordan")."""
    out: set[str] = set()
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            out.update(facts.words[i] for i in range(ent.start, ent.end))
    for end, (_, title) in facts.titles_by_end.items():
        if title.honorific and end < len(facts.words):
            out.add(facts.words[end])
    return out


def _keep(facts: ActorFacts, ent: SpacySpan, s: int, e: int) -> bool:
    """Not a word of a title ("State" in "Secretary of State"), a stance word ("pro-Kurdish
    party", "anti-Kremlin protesters") nor a headline-only name."""
    if facts.lower[s].startswith(("pro-", "anti-")) or facts.lower[s] in {"pro", "anti"}:
        return False
    title = facts.title_covering(s)
    if title and title[0] <= s and e <= title[1] and ent.label_ != "PERSON":
        return False
    # title-case headlines fool the model ("Obama Power Plant Rules Face Key Test"): keep a
    # headline name only if the story repeats it
    in_headline = facts.headline[0] <= ent.start_char < facts.headline[1]
    return not (in_headline and facts.text.find(ent.text, facts.headline[1]) < 0)


def _unconfirmed_ambiguous(
    strong: list[Match], drop: set[int], found: list[Entity], ents: list[SpacySpan]
) -> set[int]:
    """Ambiguous country names ("Jordan", "Chad") the model does not call a place."""
    out = set()
    for n, m in enumerate(strong):
        if (
            m.ambiguous
            and n not in drop
            and not any(
                s <= m.start and m.end <= e and lab in {"GPE", "LOC"} for s, e, lab in found
            )
        ):
            in_place = any(
                ent.start <= m.start < ent.end and ent.label_ in {"GPE", "LOC"} for ent in ents
            )
            if not in_place:
                out.add(n)
    return out


def _ent_tokens(facts: ActorFacts, ent: SpacySpan) -> tuple[int, int]:
    """Token range of ``ent`` without a leading article and a trailing possessive."""
    s, e = ent.start, ent.end
    while s < e and facts.lower[s] in {"the"}:
        s += 1
    while e > s and facts.lower[e - 1] in POSSESSIVE:
        e -= 1
    return s, e


def _persons_and_rest(
    facts: ActorFacts, ents: list[Entity]
) -> tuple[list[tuple[int, int]], list[Entity]]:
    """Persons without the titles the model left inside ("President Aliyev"), and the rest."""
    persons: list[tuple[int, int]] = []
    rest: list[Entity] = []
    for s, e, label in ents:
        if label == "PERSON":
            while s < e:
                hit = gz.TITLES.match(facts.lower, s)
                if hit and s + hit[0] < e:
                    s += hit[0]
                else:
                    break
        if s < e and label == "PERSON" and facts.words[e - 1] in gz.ORG_SUFFIXES:
            rest.append((s, e, "ORG"))  # "Crosscut Strategies" is no person
        elif s < e and label == "PERSON":
            persons.append((s, e))
        elif s < e:
            rest.append((s, e, label))
    return [(s, e) for s, e in persons if not _is_author(facts, s, e)], rest


def _relabel(
    facts: ActorFacts,
    persons: list[tuple[int, int]],
    rest: list[Entity],
    surnames: Counter,
    firsts: Counter,
) -> list[Entity]:
    """Each other name by the majority label of its mentions; names that are persons (a
    surname, a titled name) join ``persons``."""
    doc = facts.doc
    votes: dict[str, Counter] = {}
    for s, e, label in rest:
        votes.setdefault(doc[s:e].text, Counter())[label] += 1
    for s, e in persons:
        votes.setdefault(doc[s:e].text, Counter())["PERSON"] += 1
    others: list[Entity] = []
    for s, e, label in rest:
        words = facts.name_words(s, e)
        if len(words) == 1 and (words[0] in surnames or words[0] in firsts):
            persons.append((s, e))
            continue
        if label in {"ORG", "GPE", "NORP"} and _described_as_person(facts, s, e):
            persons.append((s, e))  # "French Foreign Minister Jean-Marc Ayrault" tagged ORG
            continue
        label = votes[doc[s:e].text].most_common(1)[0][0]
        if label == "PERSON":
            if not _is_author(facts, s, e):
                persons.append((s, e))
            continue
        others.append((s, e, label))
    return others


def _name_parts(facts: ActorFacts, persons: list[tuple[int, int]]) -> tuple[Counter, Counter]:
    """Last and first words of the article's full person names."""
    surnames: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    for s, e in persons:
        words = facts.name_words(s, e)
        if len(words) >= 2:
            surnames[words[-1]] += 1
            firsts[words[0]] += 1
    return surnames, firsts


def _described_as_person(facts: ActorFacts, s: int, e: int) -> bool:
    """A title before the name or a human apposition after it ('X, the foreign minister')."""
    title = facts.titles_by_end.get(s)
    if title and not title[1].honorific:
        return True
    root = facts.doc[s:e].root
    return any(
        c.dep_ == "appos" and c.lower_ in gz.TITLE_HEADS and c.tag_ == "NN" for c in root.children
    )


def _is_author(facts: ActorFacts, s: int, e: int) -> bool:
    return facts.author is not None and facts.doc[s:e].text == facts.author.text
