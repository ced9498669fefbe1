"""Run the worked Examples in every module's docstrings (numpydoc style, as in networkx)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import computechain

PACKAGES = ["computechain", "computechain.graph", "computechain.loaders", "computechain.queries", "computechain.mcp",
            "computechain.exports", "computechain.cli"]


def _modules() -> list[str]:
    """Every module of PACKAGES and of their subpackages (computechain.queries.engine ...)."""
    names = []
    packages = list(PACKAGES)
    while packages:
        package_name = packages.pop()
        package = importlib.import_module(package_name)
        names.append(package_name)
        for m in pkgutil.iter_modules(package.__path__, f"{package_name}."):
            if m.ispkg:
                packages.append(m.name)
            elif not m.name.endswith(".__main__"):
                names.append(m.name)
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_there_are_modules_to_check() -> None:
    assert {"computechain.graph.schema", "computechain.queries.engine.view", "computechain.queries.cypher"} <= set(_modules())
    assert computechain.__version__
