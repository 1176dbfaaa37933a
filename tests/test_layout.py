"""The tree as a newcomer reads it, checked: modules and functions that fit on a screen, stages
that import nothing from a later stage, each vocabulary defined once.

Limits: no module of ``service/`` or ``tools/`` over 400 lines, no function of ``service/`` over 60
(decorators aside, docstring included), no test file over 800 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from service.lexicons import gazetteer, stance_acts
from service.lexicons.cues import load_cues
from service.nlp import deps, types

ROOT = Path(__file__).resolve().parents[1]
MODULE_LINES = 400
FUNCTION_LINES = 60
TEST_LINES = 800
# the engine's stages in order (engine.analyze_doc); a stage imports none after it
STAGES = ("actors", "quotes", "speakers", "principals", "targets", "stance")


def _py(*dirs: str) -> list[Path]:
    return sorted(p for d in dirs for p in (ROOT / d).rglob("*.py"))


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _too_long(paths: list[Path], limit: int) -> list[str]:
    return [f"{p.relative_to(ROOT)}: {n}" for p in paths if (n := _lines(p)) > limit]


def test_the_walk_finds_the_code():
    # a walk that found nothing would make every check below vacuous
    names = {p.relative_to(ROOT).as_posix() for p in _py("service", "tools", "tests")}
    assert {"service/nlp/engine.py", "tools/golden.py", "tests/test_layout.py"} <= names


@pytest.mark.parametrize("tree", ["service", "tools"])
def test_no_module_over_400_lines(tree):
    assert _too_long(_py(tree), MODULE_LINES) == []


def test_no_test_file_over_800_lines():
    assert _too_long(_py("tests"), TEST_LINES) == []


def _functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (f"{path.relative_to(ROOT)}:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_function_in_service_over_60_lines():
    long = [f"{where}: {n}" for p in _py("service") for where, n in _functions(p)]
    assert [x for x in long if int(x.rsplit(": ", 1)[1]) > FUNCTION_LINES] == []


def _imports(path: Path) -> set[str]:
    """The modules ``path`` imports, at the top or inside functions."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def _stage_files(stage: str) -> list[Path]:
    package = ROOT / "service" / "nlp" / stage
    return sorted(package.rglob("*.py")) if package.is_dir() else [package.with_suffix(".py")]


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_later_stage(stage):
    later = STAGES[STAGES.index(stage) + 1 :]
    files = _stage_files(stage)
    assert files and all(f.exists() for f in files)
    found = [
        f"{f.relative_to(ROOT)} imports {m}"
        for f in files
        for m in _imports(f)
        if any(m == f"service.nlp.{s}" or m.startswith(f"service.nlp.{s}.") for s in later)
    ]
    assert found == []


def _literals(path: Path) -> list[frozenset[str]]:
    """Every set, list or tuple of string constants written in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Set | ast.List | ast.Tuple)
            and node.elts
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
        ):
            out.append(frozenset(e.value for e in node.elts))
    return out


LEX = load_cues()
# (vocabulary, where it is defined: a module of service/, or None for a data file)
VOCABULARIES = [
    (deps.NOUN_SUBJ, "service/nlp/deps.py"),
    (deps.ACTIVE_SUBJ, "service/nlp/deps.py"),
    (frozenset(types.STANCE_LABELS), "service/nlp/types.py"),  # the Literal StanceLabel
    (stance_acts.BLAME_ACTS, "service/lexicons/stance_acts.py"),
    (stance_acts.DIRECTIVE_ACTS, "service/lexicons/stance_acts.py"),
    (stance_acts.SUPPORTIVE_ACTS, "service/lexicons/stance_acts.py"),
    (stance_acts.CONFLICT_ACTS, None),  # BLAME_ACTS | {"reject", "threaten"}
    (gazetteer.NAME_PARTICLES, None),  # name_particles in actors.yaml
    (LEX.tell_like, None),
    (LEX.to_addressee, None),
    (LEX.of_content, None),
    (LEX.relay, None),
    (LEX.hedges, None),
]


@pytest.mark.parametrize(("words", "home"), VOCABULARIES)
def test_each_vocabulary_is_written_once(words, home):
    where = [
        p.relative_to(ROOT).as_posix()
        for p in _py("service")
        for lit in _literals(p)
        if lit == words
    ]
    assert where == ([home] if home else [])


def test_one_quotation_mark_scanner():
    scanners = [
        p.relative_to(ROOT).as_posix()
        for p in _py("service")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and node.name in {"scan", "quoted_spans", "double_mark_ranges"}
    ]
    assert scanners == ["service/nlp/quotemarks.py"]
