"""The README documents every CLI command and every public query module (checked, not hoped)."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import click
import pytest

import computechain.queries
from computechain.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
METHODOLOGY = (Path(__file__).resolve().parent.parent / "docs" / "methodology.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "computechain") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    *parents, name = command.split(" ")
    assert command in README or (len(parents) > 1 and f"`{name}`" in README), f"README lacks {command!r}"


QUERY_MODULES = ["trace", "exposure", "chokepoints", "shock", "policy"]


@pytest.mark.parametrize("module", QUERY_MODULES)
def test_every_analytical_query_is_in_the_methodology(module: str) -> None:
    assert module in {m.name for m in pkgutil.iter_modules(computechain.queries.__path__)}
    assert f"`{'policy_impact' if module == 'policy' else module}`" in METHODOLOGY
