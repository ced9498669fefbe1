"""Shared fixtures: a small fictional seed ("Acme Foundry", "Widget Labs") copied per test, the
third-party reference datasets, and the one rule for a real thing that is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import networkx as nx
import pytest

from computechain.loaders import load_graph

REPO = Path(__file__).resolve().parents[1]
MINI_SEED = Path(__file__).parent / "fixtures" / "mini_seed"


def missing(message: str) -> NoReturn:
    """A real thing a test needs (a browser, a font, Java, a dataset) is missing: fail under CI
    (``CI=true``), where .ci/run installs everything, and skip elsewhere, saying why."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def reference_root() -> Path:
    """Where the third-party reference datasets live: ``$COMPUTECHAIN_REFERENCE_DATA`` or
    ``<repo>/../shared/reference-data`` (never copied into the repository)."""
    return Path(os.environ.get("COMPUTECHAIN_REFERENCE_DATA") or REPO.parent / "shared" / "reference-data")


@pytest.fixture(scope="session")
def reference_data() -> Path:
    root = reference_root()
    if not (root / "README.md").is_file():
        missing(f"reference data not found at {root}; set COMPUTECHAIN_REFERENCE_DATA to the folder "
                "holding epoch-ai-chip-counts/ and epoch-ai-data-centers/")
    return root


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
