"""The top-level Python API: ``import computechain as cc; G = cc.load_graph(); cc.trace(G, ...)``."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

import computechain as cc
from computechain.errors import DataValidationError
from tests.conftest import MINI_SEED


@pytest.mark.parametrize("seed", [MINI_SEED, str(MINI_SEED)])
def test_load_graph_takes_a_str_or_a_path(seed: str | Path) -> None:
    G = cc.load_graph(seed)
    assert (G.number_of_nodes(), G.number_of_edges()) == (13, 13)


def test_load_graph_takes_the_cli_graph_options() -> None:
    table = Path(__file__).parent / "fixtures" / "table"
    G = cc.load_graph(MINI_SEED, with_sources=[f"table={table / 'suppliers.csv'}:{table / 'mapping.yaml'}"],
                      sources=["table"])
    assert G.number_of_edges() == 2


def test_a_missing_seed_folder_is_a_data_error() -> None:
    with pytest.raises(DataValidationError, match=r"no/such/seed:0: \(folder\): no such seed folder"):
        cc.load_graph("no/such/seed")


def test_the_public_queries_are_re_exported() -> None:
    G = cc.load_graph(MINI_SEED)
    # Widget Labs spends 1.0 (estimate) with Nimbus Cloud, as in the CLI's trace
    assert cc.trace(G, source="Widget Labs").loc[0, ["id", "share"]].tolist() == ["company:nimbus-cloud", 1.0]
    for name in cc.__all__:
        function = getattr(cc, name)
        assert callable(function) and inspect.getdoc(function), name
