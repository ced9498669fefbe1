"""Fixtures of the export tests: a seed whose names, notes and source titles carry HTML and script."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from computechain.loaders import load_graph

# The mini seed plus "evil-corp" (SSE-listed, supplies HBM to Gamma GPU) whose name, alias, note,
# relation note and source title are injection strings.
EXPORT_SEED = Path(__file__).parent.parent / "fixtures" / "export_seed"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"


@pytest.fixture
def export_graph() -> nx.MultiDiGraph:
    return load_graph(EXPORT_SEED)
