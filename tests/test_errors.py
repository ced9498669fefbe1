"""One exception module: every exception class of the package is declared in computechain/errors.py,
under ComputechainError; the click exceptions that end a command live in computechain/cli/errors.py.
Read from the code (every module of every package pyproject.toml installs), so a new error class
elsewhere fails here."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path

import click

from computechain.errors import ComputechainError

PACKAGES = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"]["packages"]


def _exception_classes() -> dict[str, type[BaseException]]:
    """Every exception class defined (not imported) in a module of the installed packages."""
    found: dict[str, type[BaseException]] = {}
    modules = [*PACKAGES, *(info.name for package in PACKAGES
                            for info in pkgutil.iter_modules(importlib.import_module(package).__path__, f"{package}.")
                            if not info.ispkg and info.name != "computechain.__main__")]  # importing it runs the CLI
    for name in modules:
        for attr, value in vars(importlib.import_module(name)).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name}.{attr}"] = value
    return found


def test_every_exception_class_lives_in_errors_under_the_root() -> None:
    classes = _exception_classes()
    assert "computechain.errors.QueryError" in classes  # the walk reaches every package
    ours = {name: cls for name, cls in classes.items() if not issubclass(cls, click.ClickException)}
    assert [name for name in ours if not name.startswith("computechain.errors.")] == []
    assert [name for name, cls in ours.items() if not issubclass(cls, ComputechainError)] == []
    assert [name for name in classes.keys() - ours.keys() if not name.startswith("computechain.cli.errors.")] == []
