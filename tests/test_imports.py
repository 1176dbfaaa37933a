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


# gunicorn's configuration file (linked into the package): run for its effect on the process's
# environment, which an import here would leave behind; tests/web/test_factory.py runs it.
CONFIG_FILES = {"service.gunicorn_conf"}
MODULES = [m for m in _modules(service) + _modules(tools) if m not in CONFIG_FILES]


def test_the_walk_finds_the_commands() -> None:
    # a walk that found nothing would make the test below vacuous
    assert {"tools.cue_coverage", "tools.golden", "service.cli", "service.web.worker"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    importlib.import_module(name)
