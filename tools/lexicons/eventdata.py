"""Build the world-knowledge tables the actor rules fall back on, from the CAMEO/Phoenix actor
dictionary (MIT; a 2015 snapshot):

    python -m tools.lexicons.eventdata ../shared/data/eventdata [service/lexicons/eventdata]

Writes ``organizations.tsv`` (international organisations: name, canonical name) and
``people.tsv`` (political people: name, ISO country), and copies ``NOTICE.md`` beside them. Only
names that look like what they stand for are kept: an organisation's name holds an institution
word or is an acronym; a person's name is two to five capitalised words with no title in it.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "service" / "lexicons" / "eventdata"
_INSTITUTION = re.compile(
    r"\b(Organi[sz]ation|Union|Community|Council|Bank|Agency|Commission|Court|Fund|Association|"
    r"League|Group|Parliament|Authority|Alliance|Assembly|Tribunal|Forum|Nations|Secretariat|"
    r"Cooperation|Partnership|Programme|Program|Committee|Francophonie|Treaty Organi[sz]ation)\b"
)
_ACRONYM = re.compile(r"^[A-Z]{3,8}$")
_PERSON_ROLES = frozenset({"GOV", "ELI", "MIL", "OPP", "LEG"})
_TITLE_WORDS = re.compile(
    r"^(President|Minister|Prime|King|Queen|Prince|Sheikh|General|Gen|Colonel|Mr|Mrs|Ms|Dr|Sir|"
    r"Lord|Lady|Baron|Baroness|Dame|Then|Senator|Governor|Secretary|Ambassador|Chairman|Emir|"
    r"Pope)$"
)
_GROUP_WORDS = re.compile(
    r"\b(Army|Forces?|Police|Party|Ministry|Government|Guards?|Front|Movement|Brigades?|"
    r"Navy|Militia|Regime|Administration|Office|Department|Embassy|Cabinet)\b"
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|al-[\w'’-]+|bin|ibn|de|da|van|von|der|la|le|el-\w+)$")


def is_organization(name: str) -> bool:
    return bool(_INSTITUTION.search(name) or _ACRONYM.match(name))


def is_person_name(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 5
        and words[0][:1].isupper()
        and all(_NAME_WORD.match(w) for w in words)
        and not any(_TITLE_WORDS.match(w.strip(".")) for w in words)
        and "," not in name
        and not _INSTITUTION.search(name)
        and not _GROUP_WORDS.search(name)
    )


def build(src: Path, out: Path) -> tuple[int, int]:
    orgs: dict[str, str] = {}
    people: dict[str, set[str]] = {}
    with (src / "actors.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = row["name"].strip()
            if row["role"] == "IGO" and is_organization(name):
                orgs.setdefault(name, row["primary_name"].strip() or name)
            elif row["role"] in _PERSON_ROLES and row["country"] and is_person_name(name):
                people.setdefault(name, set()).add(row["country"])
    out.mkdir(parents=True, exist_ok=True)
    with (out / "organizations.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# name\tcanonical name (from actors.tsv of the CAMEO/Phoenix dictionaries)\n")
        for name in sorted(orgs):
            fh.write(f"{name}\t{orgs[name]}\n")
    # a name coded for several countries (two people, or a change of country) tells nothing
    unique = {n: next(iter(c)) for n, c in people.items() if len(c) == 1}
    with (out / "people.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# name\tISO 3166-1 alpha-2 country (actors.tsv of CAMEO/Phoenix)\n")
        for name in sorted(unique):
            fh.write(f"{name}\t{unique[name]}\n")
    shutil.copyfile(src / "NOTICE.md", out / "NOTICE.md")
    return len(orgs), len(unique)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.lexicons.eventdata", description=__doc__)
    ap.add_argument("src", type=Path, help="the eventdata folder (actors.tsv, NOTICE.md)")
    ap.add_argument("out", type=Path, nargs="?", default=OUT)
    args = ap.parse_args(argv)
    n_orgs, n_people = build(args.src, args.out)
    print(f"{n_orgs} organisations, {n_people} people written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
