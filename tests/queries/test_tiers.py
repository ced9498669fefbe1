"""Tier-N suppliers and customers, worked out by hand on the Neo4j fixture seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from computechain.errors import QueryError, UnknownEntityError
from computechain.loaders import load_graph
from computechain.queries.tiers import TIER_COLUMNS, customers, suppliers

SEED = Path(__file__).parent.parent / "fixtures" / "neo4j_seed"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph(SEED)


def test_suppliers_by_tier_list_each_company_at_its_nearest_tier(G: nx.MultiDiGraph) -> None:
    frame = suppliers(G, entity="company:nimbus-cloud", tiers=3)
    assert list(frame.columns) == TIER_COLUMNS
    # epsilon-substrate supplies gamma-gpu (tier 2) directly, so its sale to beta-memory is not a tier-3 row;
    # gamma-gpu -> acme-foundry goes back down the chain and is not listed either.
    assert frame[["tier", "supplier", "customer"]].values.tolist() == [
        [1, "company:delta-optics", "company:nimbus-cloud"], [1, "company:gamma-gpu", "company:nimbus-cloud"],
        [2, "company:acme-foundry", "company:gamma-gpu"], [2, "company:beta-memory", "company:gamma-gpu"],
        [2, "company:epsilon-substrate", "company:gamma-gpu"]]
    acme = frame.iloc[2]
    assert (acme["product"], acme["share_of_supplier_revenue"], acme["basis"]) == ("segment:wafer-foundry", 0.6,
                                                                                   "estimate")


def test_as_of_keeps_only_relations_valid_that_day(G: nx.MultiDiGraph) -> None:
    # delta-optics' share of nimbus-cloud's spend is a figure for 2023: seen from 2023-01-01 on and, with no
    # newer figure, still the latest known at the end of 2024; gamma-gpu's supply was asserted in 2024.
    assert suppliers(G, entity="company:nimbus-cloud", as_of=date(2022, 12, 31))["supplier"].tolist() == []
    assert suppliers(G, entity="company:nimbus-cloud", as_of=date(2023, 6, 30))["supplier"].tolist() == [
        "company:delta-optics"]
    assert suppliers(G, entity="company:nimbus-cloud", as_of=date(2024, 12, 31))["supplier"].tolist() == [
        "company:delta-optics", "company:gamma-gpu"]


def test_customers_by_tier(G: nx.MultiDiGraph) -> None:
    frame = customers(G, entity="company:epsilon-substrate", tiers=3)
    assert frame[["tier", "supplier", "customer"]].values.tolist() == [
        [1, "company:epsilon-substrate", "company:beta-memory"], [1, "company:epsilon-substrate", "company:gamma-gpu"],
        [2, "company:gamma-gpu", "company:acme-foundry"], [2, "company:gamma-gpu", "company:nimbus-cloud"]]
    assert customers(G, entity="company:nimbus-cloud", tiers=2).empty


def test_errors_name_the_bad_value(G: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownEntityError, match="company:nobody"):
        suppliers(G, entity="company:nobody")
    with pytest.raises(QueryError, match="tiers must be 1 or more, got 0"):
        customers(G, entity="company:gamma-gpu", tiers=0)
