"""shock, supply_losses and policy_impact on hand-worked graphs and the real seed."""

from __future__ import annotations

import math
from datetime import date

import pytest

from computechain.errors import QueryError
from computechain.loaders import load_graph
from computechain.queries.policy import policy_impact
from computechain.queries.shock import shock, supply_losses
from tests.queries.helpers import graph, spend

NODES = {
    "company:lab": {"roles": ["model-lab"], "country": "CN"},
    "company:gpu-us": {"country": "US"}, "company:gpu-cn": {"country": "CN"},
    "company:fab-a": {"country": "TW"}, "company:fab-b": {"country": "KR"},
    "segment:gpus": {}, "segment:foundry": {},
}
EDGES = [
    # the lab buys 80 % of its spend from the US GPU maker, 20 % from the Chinese one
    ("company:gpu-us", "company:lab", "supplies", spend(0.8, product="segment:gpus")),
    ("company:gpu-cn", "company:lab", "supplies", spend(0.2, product="segment:gpus")),
    ("company:gpu-us", "segment:gpus", "participates_in", {}),
    ("company:gpu-cn", "segment:gpus", "participates_in", {}),
    # the US GPU maker spends half its spend on foundry A
    ("company:fab-a", "company:gpu-us", "supplies", spend(0.5, product="segment:foundry")),
    ("company:fab-a", "segment:foundry", "participates_in", {}),
    ("company:fab-b", "segment:foundry", "participates_in", {}),
]


def _changes(frame) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {row.id: round(row.change, 12) for row in frame.itertuples()}


def test_scaling_a_source_scales_everything_upstream() -> None:
    # one unit at the lab: gpu-us 0.8, gpu-cn 0.2, fab-a 0.4. x1.5 adds half of each.
    changes = _changes(shock(graph(NODES, EDGES), scale={"company:lab": 1.5}, fill="none"))
    assert changes == {"company:lab": 0.5, "company:gpu-us": 0.4, "company:gpu-cn": 0.1, "company:fab-a": 0.2}


def test_an_export_cut_with_and_without_substitution() -> None:
    G = graph(NODES, EDGES)
    cut = ["US->CN#segment:gpus"]
    losses = supply_losses(G, cut=cut)
    # the only other GPU participant is Chinese, so the lab can substitute; the US maker is excluded
    assert losses.to_dict("records") == [{
        "customer": "company:lab", "product": "segment:gpus", "lost_suppliers": "company:gpu-us", "lost_share": 0.8,
        "remaining_suppliers": "company:gpu-cn", "substitutes": "", "status": "reduced"}]
    changes = _changes(shock(G, cut=cut, fill="none"))
    # without the US maker the lab's 0.8 goes nowhere under fill=none; fab-a loses its 0.4
    assert changes == {"company:gpu-us": -0.8, "company:fab-a": -0.4}


def test_removing_the_only_named_supplier() -> None:
    G = graph(NODES, EDGES)
    kept = supply_losses(G, remove=["company:fab-a"]).iloc[0]
    assert (kept.status, kept.substitutes) == ("substitutable", "company:fab-b")
    assert supply_losses(G, remove=["company:fab-a"], substitute=False).iloc[0].status == "lost"
    # with substitution fab-b takes over fab-a's reported 0.5 of gpu-us's spend: 0.8 * 0.5 = 0.4 moves
    changes = _changes(shock(G, remove=["company:fab-a"], fill="none"))
    assert changes == {"company:fab-a": -0.4, "company:fab-b": 0.4}


def test_removing_one_product_of_a_company_and_a_whole_country() -> None:
    G = graph(NODES, EDGES)
    assert list(supply_losses(G, remove=["company:fab-a#segment:foundry"])["customer"]) == ["company:gpu-us"]
    assert set(supply_losses(G, remove=["country:US"])["lost_suppliers"]) == {"company:gpu-us"}


def test_removing_a_region_removes_what_is_located_in_it_on_the_as_of_date() -> None:
    # foundry A moves into the hub on 2025-01-01; the supplies hold from 2024-12-31
    nodes = {**NODES, "region:hub": {}}
    G = graph(nodes, [*EDGES, ("company:fab-a", "region:hub", "located_in",
                               {"as_of": "2025-01-01", "valid_from": "2025-01-01"})])
    lost = supply_losses(G, remove=["region:hub"], as_of=date(2025, 6, 30)).to_dict("records")
    assert lost == [{"customer": "company:gpu-us", "product": "segment:foundry", "lost_suppliers": "company:fab-a",
                     "lost_share": 0.5, "remaining_suppliers": "", "substitutes": "company:fab-b",
                     "status": "substitutable"}]
    # in mid-2025: fab-b takes over fab-a's 0.5 of gpu-us's 0.8, so 0.4 moves (as removing fab-a)
    changes = _changes(shock(G, remove=["region:hub"], as_of=date(2025, 6, 30), fill="none"))
    assert changes == {"company:fab-a": -0.4, "company:fab-b": 0.4}
    # on 2024-12-31 the hub holds nothing yet: removing it changes nobody's supply or output
    assert supply_losses(G, remove=["region:hub"], as_of=date(2024, 12, 31)).empty
    assert shock(G, remove=["region:hub"], as_of=date(2024, 12, 31), fill="none").empty


def test_shock_errors() -> None:
    G = graph(NODES, EDGES)
    with pytest.raises(QueryError, match="is not SELLER_COUNTRY->BUYER_COUNTRY#segment:x"):
        shock(G, cut=["US to CN"])
    with pytest.raises(QueryError, match="must be >= 0"):
        shock(G, scale={"company:lab": -1})


def test_policy_impact_restriction_reaches_upstream_and_downstream() -> None:
    nodes = {**NODES, "policy:rule": {}}
    G = graph(nodes, [*EDGES, ("policy:rule", "company:gpu-us", "restricts", {})])
    impact = policy_impact(G, policy="policy:rule", fill="none").set_index("id")
    assert impact.loc["company:gpu-us", "channel"] == "direct"
    # upstream: gpu-us spends 0.5 with fab-a
    assert (impact.loc["company:fab-a", "channel"], impact.loc["company:fab-a", "share"]) == ("upstream demand", 0.5)
    # downstream: the lab buys from gpu-us
    assert impact.loc["company:lab", "channel"] == "downstream supply"
    assert math.isnan(impact.loc["company:lab", "share"])
    with pytest.raises(QueryError, match="not a policy"):
        policy_impact(G, policy="company:lab")


def test_real_seed_removing_tsmc_keeps_nvidia_packaging_only_from_named_others() -> None:
    G = load_graph()
    row = supply_losses(G, remove=["TSMC"]).set_index(["customer", "product"]).loc[
        ("company:nvidia", "segment:advanced-packaging")]
    # the seed names ASE, Amkor and SPIL as further advanced-packaging suppliers of Nvidia
    assert row.lost_suppliers == "company:tsmc"
    assert set(row.remaining_suppliers.split(";")) == {"company:ase", "company:amkor", "company:spil"}
    assert row.status == "reduced"


def test_real_seed_east_data_west_computing_reaches_cooling_power_and_fibre() -> None:
    impact = policy_impact(load_graph(), policy="东数西算").set_index("id")
    assert (impact.loc["region:guizhou-hub", "channel"]) == "direct"
    for segment in ("segment:liquid-cooling", "segment:power-equipment", "segment:optical-fibre"):
        assert impact.loc[segment, "channel"] == "upstream demand" and impact.loc[segment, "share"] > 0
