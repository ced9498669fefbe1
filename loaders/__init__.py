"""Loaders turn data files into checked datasets and graphs.

Examples
--------
>>> G = load_graph()
>>> G.nodes["company:tsmc"]["name"]
'TSMC'
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import networkx as nx

from computechain.errors import DataValidationError
from computechain.graph.build import build_graph
from computechain.graph.checks import check_dataset
from computechain.graph.dataset import Dataset
from computechain.loaders import seed

def default_seed_dir() -> Path:
    """The seed folder shipped inside the installed package."""
    return Path(str(resources.files("computechain.seed")))


def load_dataset(seed_dir: Path | None = None, extra_files: Iterable[Path] = ()) -> Dataset:
    """Load and check the seed (default: the shipped one) plus ``extra_files``.

    Raises :class:`DataValidationError` listing every problem; never returns a partial dataset.
    """
    root = seed_dir or default_seed_dir()
    ds = seed.load(root, extra_files)
    problems = check_dataset(ds, seed.load_vocabulary(root))
    if problems:
        raise DataValidationError(problems)
    return ds


def load_graph(seed_dir: Path | None = None, extra_files: Iterable[Path] = ()) -> nx.MultiDiGraph:
    """Load, check and build the graph (see :func:`load_dataset`)."""
    return build_graph(load_dataset(seed_dir, extra_files))
