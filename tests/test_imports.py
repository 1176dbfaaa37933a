"""Every module of the service and the workbench imports.

A module that nothing else imports (a workbench command run as ``python -m``) is otherwise first
exercised by whoever runs it: a stale import after a move broke ``tools.cue_coverage`` unnoticed.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import service
import tools


def _modules(package) -> list[str]:
    return sorted(
        m.name for m in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    )


MODULES = _modules(service) + _modules(tools)


def test_the_walk_finds_the_commands() -> None:
    # a walk that found nothing would make the test below vacuous
    assert {"tools.cue_coverage", "tools.golden", "service.cli", "service.web.worker"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    importlib.import_module(name)
