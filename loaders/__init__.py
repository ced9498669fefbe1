"""Loaders turn data files into checked datasets and graphs.

Examples
--------
>>> G = load_graph()
>>> G.nodes["company:tsmc"]["name"]
'Taiwan Semiconductor Manufacturing Company Limited'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import networkx as nx

from computechain.errors import DataValidationError, UnknownSourceError
from computechain.graph.build import build_graph
from computechain.graph.checks import check_dataset
from computechain.graph.dataset import Dataset
from computechain.loaders import seed


def default_seed_dir() -> Path:
    """The seed folder shipped inside the installed package."""
    return Path(str(resources.files("computechain.seed")))


# Data sources a user can add with ``--with NAME=PATH``: name -> loader(path) -> Dataset.
EXTRA_SOURCES: dict[str, Callable[[str], Dataset]] = {}


def _extra_dataset(spec: str) -> Dataset:
    name, sep, path = spec.partition("=")
    if not sep or name not in EXTRA_SOURCES:
        options = ", ".join(sorted(EXTRA_SOURCES)) or "none installed"
        raise UnknownSourceError(f"--with {spec!r}: expected NAME=PATH with NAME one of: {options}")
    return EXTRA_SOURCES[name](path)


def load_dataset(seed_dir: Path | None = None, extra_files: Iterable[Path] = (),
                 with_sources: Iterable[str] = ()) -> Dataset:
    """Load and check the seed (default: the shipped one) plus ``extra_files`` (CSV files in
    the seed layout) plus ``with_sources`` (``NAME=PATH`` specs of :data:`EXTRA_SOURCES`).

    Raises :class:`DataValidationError` listing every problem; never returns a partial dataset.
    """
    root = seed_dir or default_seed_dir()
    ds = seed.load(root, extra_files)
    for spec in with_sources:
        ds.merge(_extra_dataset(spec))
    problems = check_dataset(ds, seed.load_vocabulary(root))
    if problems:
        raise DataValidationError(problems)
    return ds


def load_graph(seed_dir: Path | None = None, extra_files: Iterable[Path] = (),
               with_sources: Iterable[str] = ()) -> nx.MultiDiGraph:
    """Load, check and build the graph (see :func:`load_dataset`)."""
    return build_graph(load_dataset(seed_dir, extra_files, with_sources))
