"""The README documents every CLI command, every registered loader and every public query, each
list read from the code (the click group, the loader registry, the queries package), so a new
undocumented one fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pandas as pd
import pytest

import computechain.api
import computechain.queries
import computechain.queries.engine
from computechain.cli import main
from computechain.loaders import EXTRA_SOURCES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
METHODOLOGY = (Path(__file__).resolve().parent.parent / "docs" / "methodology.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "computechain") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


def is_query(function: Callable[..., Any]) -> bool:
    """A query in the house shape ``(G, *, params) -> pandas.DataFrame``."""
    params = list(inspect.signature(function).parameters.values())
    return (bool(params) and params[0].name == "G" and all(p.kind is p.KEYWORD_ONLY for p in params[1:])
            and typing.get_type_hints(function).get("return") is pd.DataFrame)


def _modules(package: ModuleType) -> list[str]:
    """The modules directly in ``package`` (not its subpackages)."""
    return [info.name for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.") if not info.ispkg]


def _queries_in(name: str) -> list[str]:
    """The public query-shaped functions defined in the module ``name``."""
    module = importlib.import_module(name)
    return [key for key, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == name and not key.startswith("_") and is_query(value)]


def _queries() -> list[str]:
    """The public queries: every query-shaped function of a module directly in computechain.queries
    (the engine and the Cypher library are subpackages)."""
    return sorted(q for name in _modules(computechain.queries) for q in _queries_in(name))


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    *parents, name = command.split(" ")
    assert command in README or (len(parents) > 1 and f"`{name}`" in README), f"README lacks {command!r}"


@pytest.mark.parametrize("name", sorted(EXTRA_SOURCES))
def test_every_registered_loader_has_a_row_in_the_readme(name: str) -> None:
    assert f"\n| `{name}` |" in README, f"README's --with table lacks the loader {name!r}"


@pytest.mark.parametrize("name", _queries())
def test_every_query_is_in_the_public_api(name: str) -> None:
    assert name in computechain.api.__all__, f"add the query {name!r} to computechain/api.py and its __all__"


@pytest.mark.parametrize("name", computechain.api.__all__)
def test_every_public_function_is_in_the_readme(name: str) -> None:
    assert re.search(rf"^\| (`\w+`, )*`{name}`( \||,)", README, re.M), f"README's Python table lacks {name!r}"


def test_the_query_finder_sees_queries_and_only_queries() -> None:
    assert {"trace", "summary", "money_trace", "single_sources"} <= set(_queries())
    assert not is_query(computechain.api.find_entity)  # (G, name) -> str
    assert not is_query(computechain.api.load_graph)


@pytest.mark.parametrize("name", _modules(computechain.queries))
def test_every_module_directly_in_queries_holds_a_public_query(name: str) -> None:
    assert _queries_in(name), f"{name} defines no public query; move it into computechain.queries.engine"


@pytest.mark.parametrize("name", _modules(computechain.queries.engine))
def test_the_engine_holds_no_public_query(name: str) -> None:
    assert not _queries_in(name), f"{name} defines the queries {_queries_in(name)}; move them up into computechain.queries"


def test_the_methodology_names_only_public_queries() -> None:
    # the queries its headings explain, e.g. "## 3. Exposure (`exposure`)"
    named = {name for heading in re.findall(r"^#+ .*\((.*)\)$", METHODOLOGY, re.M)
             for name in re.findall(r"`(\w+)`", heading)}
    assert {"trace", "exposure", "chokepoints", "shock", "policy_impact", "money_trace"} <= named
    assert named <= set(computechain.api.__all__)
