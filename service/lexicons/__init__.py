"""The engine's vocabularies, kept as data files next to this module, and their one YAML reader.

``load_yaml`` is strict where PyYAML is lenient: a duplicated key is an error (PyYAML keeps the
last one silently) and only ``true``/``false`` are booleans (YAML 1.1 turns an unquoted ``on``,
``off``, ``yes`` or ``no`` — all plausible lexicon words — into booleans).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

DIR = Path(__file__).resolve().parent


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# drop the YAML 1.1 boolean resolver (yes/no/on/off) and put back a true/false-only one
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(name: str | Path) -> dict[str, Any]:
    """The mapping in lexicon file ``name`` (a file name in this directory, or a path).

    Raises ``FileNotFoundError`` if it is missing and ``ValueError`` unless it is a non-empty
    mapping without duplicate keys: these files are part of the product, never optional.
    """
    path = Path(name)
    if path.parent == Path():  # a bare file name: one of ours
        path = DIR / path
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise ValueError(f"{path.name}: expected a non-empty mapping at the top level")
    return data
