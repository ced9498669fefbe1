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
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names += [f"{package_name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                  if not m.ispkg and m.name != "__main__"]
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module: ModuleType = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_there_are_modules_to_check() -> None:
    assert "computechain.graph.schema" in _modules()
    assert computechain.__version__
