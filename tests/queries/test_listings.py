"""Listed companies in a segment, worked out by hand on the Neo4j fixture seed."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from computechain.errors import QueryError, UnknownEntityError
from computechain.loaders import load_graph
from computechain.queries.listings import LISTING_COLUMNS, listed_in_segment

SEED = Path(__file__).parent.parent / "fixtures" / "neo4j_seed"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph(SEED)


def test_a_share_companies_in_hbm(G: nx.MultiDiGraph) -> None:
    frame = listed_in_segment(G, segment="segment:hbm")
    assert list(frame.columns) == LISTING_COLUMNS
    # beta-memory is listed in Korea only; epsilon-substrate on SSE (and HKEX, not an A-share market).
    assert frame.values.tolist() == [["company:epsilon-substrate", "Epsilon Substrate", None, "SSE:688111",
                                      True, True, 0.3]]


def test_latest_market_share_and_as_of(G: nx.MultiDiGraph) -> None:
    [row] = listed_in_segment(G, segment="segment:optical-modules").to_dict("records")
    assert (row["company"], row["name_zh"], row["market_share"], row["supplies"]) == (
        "company:delta-optics", "德尔塔光电", 0.25, True)  # without as_of every relation counts
    [row] = listed_in_segment(G, segment="segment:optical-modules", as_of=date(2024, 12, 31)).to_dict("records")
    # its 2023 supply share is a figure for 2023: still the latest known one at the end of 2024
    assert (row["market_share"], row["supplies"]) == (0.25, True)
    [row] = listed_in_segment(G, segment="segment:optical-modules", as_of=date(2023, 6, 30)).to_dict("records")
    assert (row["market_share"], row["supplies"]) == (0.2, True)


def test_other_exchanges_and_no_share(G: nx.MultiDiGraph) -> None:
    frame = listed_in_segment(G, segment="segment:wafer-foundry", exchanges=["TWSE", "NASDAQ"])
    assert frame[["company", "listings", "participates", "supplies"]].values.tolist() == [
        ["company:acme-foundry", "TWSE:9999", True, True]]
    frame = listed_in_segment(G, segment="segment:ai-accelerators", exchanges=["NASDAQ"])
    assert frame["company"].tolist() == ["company:gamma-gpu"] and math.isnan(frame["market_share"][0])


def test_errors_name_the_bad_value(G: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownEntityError, match="company:gamma-gpu"):
        listed_in_segment(G, segment="company:gamma-gpu")
    with pytest.raises(QueryError, match="exchanges is empty"):
        listed_in_segment(G, segment="segment:hbm", exchanges=[])
