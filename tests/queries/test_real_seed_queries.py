"""What an analyst would check on the shipped seed."""

from __future__ import annotations

import networkx as nx
import pytest

from computechain.loaders import load_graph
from computechain.queries.chokepoints import chokepoints
from computechain.queries.exposure import exposure, exposure_ranking
from computechain.queries.trace import trace


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_graph()


def test_sk_hynix_and_tsmc_are_upstream_of_openai(G: nx.MultiDiGraph) -> None:
    reached = trace(G, source="OpenAI").set_index("id")
    assert (reached.loc[["company:sk-hynix", "company:tsmc"], "share"] > 0).all()
    # SK hynix signed a letter of intent to supply OpenAI's Stargate directly (Reuters, 1 Oct 2025);
    # TSMC is reached only through the chips it makes for OpenAI's suppliers
    assert reached.loc["company:sk-hynix", "tier"] == 1
    assert reached.loc["company:tsmc", "tier"] >= 2


def test_zhongji_innolight_is_exposed_to_hyperscalers(G: nx.MultiDiGraph) -> None:
    result = exposure(G, company="中际旭创", to="hyperscalers")
    assert result["exposure"].sum() > 0
    assert "company:alphabet" in set(result["demand_source"])


def test_a_share_ranking_covers_every_shanghai_and_shenzhen_listing(G: nx.MultiDiGraph) -> None:
    ranking = exposure_ranking(G, listed=["SSE", "SZSE"], to="hyperscalers")
    listed = [n for n, d in G.nodes(data=True) if d["type"] == "company"
              and {li["exchange"] for li in d["listings"]} & {"SSE", "SZSE"}]
    assert sorted(ranking["company"]) == sorted(listed)
    assert ranking["exposure"].between(0, 1 + 1e-9).all()


def test_hbm_is_highly_concentrated(G: nx.MultiDiGraph) -> None:
    row = chokepoints(G).set_index("segment").loc["segment:hbm"]
    assert row.leader == "company:sk-hynix" and row.hhi > 2500
