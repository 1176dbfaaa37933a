"""Actor gazetteers compiled once at import: countries (pycountry + aliases), demonyms, capitals
used as metonyms, government bodies, ministries, international organisations, titles and nominal
heads.

Everything lives in ``service/lexicons/actors.yaml`` and ``demonyms.tsv``; this module only turns
the data into token-sequence tables that an article is matched against with dict lookups.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pycountry
import spacy

from service.lexicons import DIR, load_yaml


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer concept; every surface form of it points here."""

    key: str  # cluster key: country:US, body:State Department, org:NATO…, ministry:RU:Foreign
    kind: str  # country | demonym | capital | body | org | ministry
    name: str  # display name
    type: str  # actor type
    country: str | None = None
    parent: str | None = None  # key of the body or country it speaks for
    heads: tuple[str, ...] = ()  # nouns that refer back to it ("the alliance")
    roles: tuple[str, ...] = ()  # lower-cased titles whose holders belong to it
    portfolio: str | None = None  # ministries only


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    gender: str | None = None  # m | f
    portfolio: str | None = None  # "Foreign Minister" belongs to the Foreign ministry
    honorific: bool = False  # Mr., Mrs.: a gender hint, not a title


class Trie:
    """Token-sequence lookup: first token → candidate sequences, longest first."""

    def __init__(self, lower: bool) -> None:
        self.lower = lower
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, tokens: tuple[str, ...], value: object) -> None:
        if not tokens:
            return
        tokens = tuple(norm(t, self.lower) for t in tokens)
        bucket = self._by_first.setdefault(tokens[0], [])
        bucket[:] = [(t, v) for t, v in bucket if t != tokens]  # later data wins
        bucket.append((tokens, value))
        bucket.sort(key=lambda tv: -len(tv[0]))

    @property
    def firsts(self) -> dict[str, list]:
        """First word → entries; for loops that test every token (``word in trie.firsts``)."""
        return self._by_first

    def match(self, words: list[str], i: int) -> tuple[int, object] | None:
        """Longest (length, value) starting at ``words[i]`` (words already normalised)."""
        for seq, value in self._by_first.get(words[i], ()):
            n = len(seq)
            if tuple(words[i : i + n]) == seq:
                return n, value
        return None


def norm(text: str, lower: bool = False) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return text.lower() if lower else text


_TOKENIZER = spacy.blank("en").tokenizer


def tokens_of(phrase: str) -> tuple[str, ...]:
    return tuple(t.text for t in _TOKENIZER(phrase))


def person_key(name: str) -> str:
    """A person's name as ``PEOPLE`` is keyed: "Bashar al-Assad" and "Bashar Al Assad" agree."""
    return " ".join(name.lower().replace("-", " ").split())


def _eventdata(name: str) -> list[tuple[str, str]]:
    """The rows of a world-knowledge table derived from the CAMEO/Phoenix dictionaries (see
    ``eventdata/NOTICE.md``; built by tools/lexicons/eventdata.py)."""
    with (DIR / "eventdata" / name).open(encoding="utf-8") as fh:
        return [
            (row[0], row[1])
            for row in csv.reader(fh, delimiter="\t")
            if row and not row[0].startswith("#") and len(row) >= 2
        ]


def _load() -> dict:
    return load_yaml("actors.yaml")


def _demonyms() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with (DIR / "demonyms.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or len(row) < 2:
                continue
            out[row[0].strip()] = [d.strip() for d in row[1].split(",") if d.strip()]
    return out


DATA = _load()
NOMINAL = {k: frozenset(v) for k, v in DATA["nominal_heads"].items()}
AMBIGUOUS = frozenset(DATA["ambiguous_country_names"])

#: Proper names (case-sensitive): value is (Entry, ambiguous: bool).
NAMES = Trie(lower=False)
#: Titles and roles (lower-cased).
TITLES = Trie(lower=True)
#: Ministry portfolios (lower-cased) → canonical portfolio.
PORTFOLIOS = Trie(lower=True)
#: Display name per country code and per key, for names of unnamed actors and absent countries.
COUNTRY_NAME: dict[str, str] = {}
ENTRIES: dict[str, Entry] = {}
#: Title (lower) → body keys whose holders it designates ("secretary of state" → State Department).
ROLE_BODIES: dict[str, list[str]] = {}
#: Title words (lower, last token of a title) — the heads of role noun phrases.
TITLE_HEADS: frozenset[str]


def _add_names(entry: Entry, names: list[str]) -> None:
    ENTRIES.setdefault(entry.key, entry)
    for name in names:
        NAMES.add(tokens_of(name), (entry, name in AMBIGUOUS))


def _add_countries() -> None:
    """Countries by their pycountry names and the aliases of ``actors.yaml``, their demonyms and
    the capitals that stand for their governments."""
    aliases: dict[str, list[str]] = DATA["country_aliases"]
    country_heads = tuple(sorted(NOMINAL["country"]))
    codes = {c.alpha_2: c for c in pycountry.countries}
    for code in sorted(set(codes) | set(aliases)):
        c = codes.get(code)
        names = list(aliases.get(code, []))
        if c is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(c, attr, None)
                if value and "," not in value:
                    names.append(value)
        if not names:  # "Bonaire, Sint Eustatius and Saba": no everyday form to match
            COUNTRY_NAME[code] = c.name
            continue
        display = names[0]
        COUNTRY_NAME[code] = display
        entry = Entry(f"country:{code}", "country", display, "country", code, heads=country_heads)
        _add_names(entry, list(dict.fromkeys(names)))
    for code, forms in _demonyms().items():
        if code in COUNTRY_NAME:
            entry = Entry(f"country:{code}", "demonym", COUNTRY_NAME[code], "country", code)
            for form in forms:
                NAMES.add(tokens_of(form), (entry, False))
    for city, code in DATA["capitals"].items():
        entry = Entry(f"country:{code}", "capital", COUNTRY_NAME[code], "country", code)
        NAMES.add(tokens_of(city), (entry, False))


def _add_bodies() -> None:
    """Government bodies of a country, and international or other organisations."""
    for body in DATA["bodies"]:
        code = body["country"]
        entry = Entry(
            f"body:{body['name']}",
            "body",
            body["name"],
            "organization",
            code,
            parent=f"country:{code}",
            heads=tuple(body.get("heads", ())),
            roles=tuple(r.lower() for r in body.get("roles", ())),
        )
        _add_names(entry, [body["name"], *body.get("aliases", [])])
        for role in entry.roles:
            ROLE_BODIES.setdefault(role, []).append(entry.key)
    for org in DATA["organizations"]:
        parent = f"org:{org['part_of']}" if org.get("part_of") else None
        entry = Entry(
            f"org:{org['name']}",
            "org",
            org["name"],
            org.get("type", "organization"),
            org.get("country"),
            parent=parent,
            heads=tuple(org.get("heads", ())),
        )
        _add_names(entry, [org["name"], *org.get("aliases", []), *org.get("acronyms", [])])
    _add_world_organizations()


def _add_world_organizations() -> None:
    """The international organisations of the CAMEO/Phoenix dictionaries that the curated list
    lacks: a name already known (with or without "The") keeps its curated entry, and a name whose
    canonical form is known joins that entry."""
    for name, canonical in _eventdata("organizations.tsv"):
        name = name.removeprefix("The ")
        toks = tuple(norm(t) for t in tokens_of(name))
        if _known(toks):
            continue
        known = _known(tuple(norm(t) for t in tokens_of(canonical.removeprefix("The "))))
        entry = known or Entry(f"org:{canonical}", "org", canonical, "organization")
        _add_names(entry, [name])


def _known(toks: tuple[str, ...]) -> Entry | None:
    """The entry whose whole name is ``toks``, if any."""
    hit = NAMES.match(list(toks), 0)
    return hit[1][0] if hit and hit[0] == len(toks) else None


def _add_titles() -> frozenset[str]:
    """Ministry portfolios and titles; RETURNS the title heads."""
    for canonical, forms in DATA["ministry_portfolios"].items():
        for form in forms:
            PORTFOLIOS.add(tokens_of(form), canonical)
    heads = set()
    for t in DATA["titles"]:
        title = Title(t["title"], t.get("gender"), t.get("body"), bool(t.get("honorific")))
        toks = tokens_of(title.title)
        TITLES.add(toks, title)
        if not title.honorific:
            heads.add(_head_word(toks))
    return frozenset(heads)


def _head_word(toks: tuple[str, ...]) -> str:
    """The noun a title is headed by: "Secretary" of "Secretary of State" (not "State"), the last
    word of "Foreign Minister"; a "." of "Gen." stays with its word."""
    low = [t.lower() for t in toks]
    words = low[: low.index("of")] if "of" in low[1:] else low
    if words[-1] == "." and len(words) > 1:
        return words[-2] + "."
    return words[-1]


_add_countries()
_add_bodies()
TITLE_HEADS = _add_titles()
GOVERNMENT_WORDS = frozenset(DATA.get("government_words", ()))
ORG_SUFFIXES = frozenset(DATA.get("organization_suffixes", ()))
NAME_PARTICLES = frozenset(DATA["name_particles"])
#: Pronoun → the class of actor it can stand for (m, f, it, pl, we, i); PERSONAL_PRONOUNS are the
#: subject and object forms.
PERSONAL_PRONOUNS: dict[str, str] = dict(DATA["pronouns"]["personal"])
PRONOUNS: dict[str, str] = {**PERSONAL_PRONOUNS, **DATA["pronouns"]["other"]}


def _subdivisions() -> dict[str, str]:
    """Subdivision name → country code, for names that belong to one country only."""
    codes: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        codes.setdefault(sub.name, set()).add(sub.country_code)
    return {name: next(iter(c)) for name, c in codes.items() if len(c) == 1}


#: "West Virginia" → US: the country of a region, state or province named in a story.
SUBDIVISION_COUNTRY = _subdivisions()

#: Political people of the CAMEO/Phoenix dictionaries (a 2015 snapshot) → ISO country: a prior for
#: a person the article gives no country, never over what the article says.
PEOPLE: dict[str, str] = {person_key(n): c for n, c in _eventdata("people.tsv")}

_MEDIA_WORDS = frozenset(DATA["media_words"])


def is_media(name: str) -> bool:
    """A news medium: a name that ends with a media word ("Dnevni List", "the Daily Mail"),
    or a news agency of the gazetteer."""
    words = name.replace("'s", "").split()
    if words and words[-1] in _MEDIA_WORDS:
        return True
    hit = NAMES.match([norm(t) for t in tokens_of(name)], 0)
    return bool(hit and "news agency" in hit[1][0].heads)
