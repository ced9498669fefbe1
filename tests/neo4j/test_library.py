"""Every Cypher library query, run on a real server after a push, equals its Python query."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from neo4j import Driver

from computechain.exports.neo4j_client import connect, run_read_only
from computechain.exports.neo4j_push import push
from computechain.loaders import load_graph
from computechain.queries.chokepoints import chokepoints, single_sources
from computechain.queries.cypher import library, load_query
from computechain.queries.listings import listed_in_segment
from computechain.queries.neighbours import relations_of
from computechain.queries.summary import summary
from computechain.queries.tiers import customers, suppliers
from tests.neo4j.helpers import wipe

PythonQuery = Callable[..., pd.DataFrame]


def _as_of(params: dict[str, Any]) -> dict[str, Any]:
    """Python takes a date where Cypher takes its ISO string."""
    if params.get("as_of") is None:
        return params
    return {**params, "as_of": date.fromisoformat(params["as_of"])}


# library query -> (Python query, its fixed keyword arguments, parameter sets to try)
CASES: dict[str, tuple[PythonQuery, dict[str, Any], list[dict[str, Any]]]] = {
    "tier_suppliers": (suppliers, {}, [
        {"entity": "company:nimbus-cloud", "tiers": 3}, {"entity": "company:nimbus-cloud", "tiers": 1},
        {"entity": "company:nimbus-cloud", "tiers": 2, "as_of": "2023-06-30"},
        {"entity": "company:acme-foundry", "tiers": 4}, {"entity": "company:epsilon-substrate"}]),
    "tier_customers": (customers, {}, [
        {"entity": "company:epsilon-substrate", "tiers": 3}, {"entity": "company:acme-foundry", "tiers": 2},
        {"entity": "company:delta-optics", "as_of": "2024-12-31"}, {"entity": "company:delta-optics"}]),
    "listed_in_segment": (listed_in_segment, {}, [
        {"segment": "segment:hbm"}, {"segment": "segment:optical-modules"},
        {"segment": "segment:optical-modules", "as_of": "2023-06-30"},
        {"segment": "segment:wafer-foundry", "exchanges": ["TWSE", "NASDAQ"]}, {"segment": "segment:data-centres"}]),
    "entity_relations": (relations_of, {}, [
        {"entity": "company:gamma-gpu"}, {"entity": "segment:hbm"}, {"entity": "region:west-hub"}]),
    "single_sources": (single_sources, {}, [{}, {"as_of": "2023-06-30"}, {"as_of": "2024-12-31"}]),
    "supplier_concentration": (chokepoints, {}, [{}, {"as_of": "2023-06-30"}, {"as_of": "2024-12-31"}]),
    "summary_by_type": (summary, {"by": "type"}, [{}]),
    "summary_by_kind": (summary, {"by": "kind"}, [{}]),
    "summary_by_country": (summary, {"by": "country"}, [{}]),
    "summary_by_exchange": (summary, {"by": "exchange"}, [{}]),
    "summary_by_segment": (summary, {"by": "segment"}, [{}]),
}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


def _rows(frame: pd.DataFrame) -> list[list[Any]]:
    return [[_plain(v) for v in row] for row in frame.itertuples(index=False)]


@pytest.fixture(scope="module")
def pushed(neo4j_uri: str, neo4j_graph: nx.MultiDiGraph) -> Iterator[Driver]:
    with connect(neo4j_uri) as driver:
        wipe(driver)
        push(neo4j_graph, driver, progress=False)
        yield driver


def test_every_library_query_has_a_python_case() -> None:
    assert set(CASES) == set(library())
    for name, (python_query, _, _) in CASES.items():
        assert load_query(name).mirrors.startswith(f"{python_query.__module__}.{python_query.__name__}")


def assert_cypher_equals_python(driver: Driver, G: nx.MultiDiGraph, name: str, params: dict[str, Any]) -> None:
    """Library query ``name`` on the server and its Python query on ``G``: same columns, rows and order."""
    query = load_query(name)
    python_query, fixed, _ = CASES[name]
    got = run_read_only(driver, query.text, query.bind(params))
    want = python_query(G, **fixed, **_as_of(query.bind(params)) if query.parameters else {})
    assert list(got.columns) == list(query.columns)
    got_rows, want_rows = _rows(got), _rows(want[list(query.columns)])
    assert len(got_rows) == len(want_rows), (name, params, got_rows, want_rows)
    for g, w in zip(got_rows, want_rows, strict=True):
        assert all(_same(a, b) for a, b in zip(g, w, strict=True)), (name, params, g, w)


@pytest.mark.parametrize("name", sorted(CASES))
def test_library_query_equals_python(name: str, pushed: Driver, neo4j_graph: nx.MultiDiGraph) -> None:
    for params in CASES[name][2]:
        assert_cypher_equals_python(pushed, neo4j_graph, name, params)


def test_tier_suppliers_on_the_server_by_hand(pushed: Driver) -> None:
    query = load_query("tier_suppliers")
    got = run_read_only(pushed, query.text, query.bind({"entity": "company:nimbus-cloud", "tiers": 2}))
    # epsilon-substrate also supplies beta-memory, but it is already tier 2 through gamma-gpu.
    assert got[["tier", "supplier", "customer"]].values.tolist() == [
        [1, "company:delta-optics", "company:nimbus-cloud"], [1, "company:gamma-gpu", "company:nimbus-cloud"],
        [2, "company:acme-foundry", "company:gamma-gpu"], [2, "company:beta-memory", "company:gamma-gpu"],
        [2, "company:epsilon-substrate", "company:gamma-gpu"]]


# Real-seed test (the shipped seed, not a fixture): parameters name well-known companies and segments.
REAL_SEED_PARAMS: dict[str, list[dict[str, Any]]] = {
    "tier_suppliers": [{"entity": "company:nvidia", "tiers": 3}],
    "tier_customers": [{"entity": "company:tsmc", "tiers": 3}],
    "listed_in_segment": [{"segment": "segment:optical-modules"}],
    "entity_relations": [{"entity": "company:tsmc"}],
}


def test_every_library_query_equals_python_on_the_real_seed(driver: Driver) -> None:
    G = load_graph()
    push(G, driver, progress=False)
    for name, (_, _, param_sets) in CASES.items():
        for params in REAL_SEED_PARAMS.get(name, param_sets):
            assert_cypher_equals_python(driver, G, name, params)
