"""Shared fixtures: a small fictional seed ("Acme Foundry", "Widget Labs") copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from computechain.loaders import load_graph

MINI_SEED = Path(__file__).parent / "fixtures" / "mini_seed"


@pytest.fixture
def mini_seed(tmp_path: Path) -> Path:
    """A writable copy of the mini seed (5 companies, 11 curated relations)."""
    root = tmp_path / "seed"
    shutil.copytree(MINI_SEED, root)
    return root


@pytest.fixture
def mini_graph() -> nx.MultiDiGraph:
    return load_graph(MINI_SEED)


def append_row(root: Path, table_file: str, line: str) -> int:
    """Append a CSV line to ``root/table_file``; return its line number."""
    path = root / table_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def replace_in(root: Path, table_file: str, old: str, new: str) -> int:
    """Replace the one line containing ``old``; return that line's number."""
    path = root / table_file
    lines = path.read_text(encoding="utf-8").splitlines()
    [index] = [i for i, line in enumerate(lines) if old in line]
    lines[index] = lines[index].replace(old, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1
