"""The money view and its answers (money trace, value added, exposure against reported revenue,
audit) on hand-worked graphs, with conservation laws as property tests."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.errors import QueryError
from computechain.queries.engine.money_view import compile_money_view
from computechain.queries.exposure import exposure, exposure_ranking
from computechain.queries.money import audit, money_flows, money_trace, value_added
from tests.queries.helpers import revenue
from tests.queries.money_helpers import figure, money_graph, plan

SERVERS = {
    "company:cloud": {"roles": ["hyperscaler"]},
    "capex:cloud-2024": plan("company:cloud", 100.0),
    "segment:servers": {},
    "company:small": {},
    "company:large": {},
}
SERVER_EDGES = [
    ("company:cloud", "capex:cloud-2024", "commits_capex", {}),
    ("capex:cloud-2024", "segment:servers", "allocates_capex",
     {"capex_allocation_share": 1.0, "capex_allocation_share_basis": "reported"}),
    ("company:small", "segment:servers", "participates_in", {}),
    ("company:large", "segment:servers", "participates_in", {}),
]


def servers(**money: object) -> nx.MultiDiGraph:
    figures = {"revenue": {"company:cloud": 1000.0, "company:small": 10.0, "company:large": 1000.0}}
    return money_graph(SERVERS, [(u, v, k, dict(a)) for u, v, k, a in SERVER_EDGES], **{**figures, **money})


def test_the_small_supplier_receives_the_small_flow() -> None:
    # the plan's 100 USD go to the servers market; sizes 10 and 1000 (revenue, one market each):
    # small 100 * 10 / 1010 = 0.990, large 100 * 1000 / 1010 = 99.01 (both under their one-buyer cap of
    # half their revenue: the default top-five share with nobody disclosing one)
    flows = money_flows(servers(), source="capex:cloud-2024").set_index("seller")
    assert flows.loc["company:small", "usd"] == pytest.approx(100 * 10 / 1010)
    assert flows.loc["company:large", "usd"] == pytest.approx(100 * 1000 / 1010)
    assert set(flows["product"]) == {"segment:servers"} and set(flows["basis"]) == {"prior"}


def test_a_company_traces_from_its_latest_reported_capex_plan() -> None:
    trace = money_trace(servers(), source="company:cloud").set_index("id")
    assert trace.loc["company:large", "usd"] == pytest.approx(99.0099, rel=1e-4)
    # the large maker's 99 USD are 9.9 % of its reported revenue of 1000
    assert trace.loc["company:large", "share_of_revenue"] == pytest.approx(0.0990099, rel=1e-4)


def test_a_market_never_receives_more_than_its_size() -> None:
    # the servers market is 40: the plan's 100 are cut to 40. Neither maker has a market share, so the
    # market is split in proportion to their revenue (10 : 1000): 0.396 and 39.60; the plan keeps 60
    flows = money_flows(servers(markets={"segment:servers": 40.0}), source="capex:cloud-2024").set_index("seller")
    assert flows.loc["company:small", "usd"] == pytest.approx(40 * 10 / 1010)
    assert flows.loc["company:large", "usd"] == pytest.approx(40 * 1000 / 1010)
    kept = value_added(servers(markets={"segment:servers": 40.0}), source="capex:cloud-2024").set_index("id")
    assert kept.loc["capex:cloud-2024", "usd"] == pytest.approx(60.0)


def test_one_buyer_is_at_most_the_disclosed_largest_customer_share() -> None:
    # large discloses that its largest customer is 5 % of its revenue: at most 50 from this plan
    G = servers(concentration={"company:large": {"largest_customer_share": 0.05}})
    flows = money_flows(G, source="capex:cloud-2024").set_index("seller")
    assert flows.loc["company:large", "usd"] == pytest.approx(50.0)


def _cost(share: float | None) -> dict[str, object]:
    return {} if share is None else {"cost_share": share, "cost_share_basis": "estimate"}


def _self_built(servers_cost: float | None, power_cost: float | None) -> nx.MultiDiGraph:
    """A cloud's 100 USD plan: 40 to servers, 60 to data centres, which it builds itself (it sells
    cloud compute, which data centres feed). Data-centre inputs: servers (``servers_cost``), power
    (``power_cost``) and fibre (never priced)."""
    nodes = {**SERVERS, "segment:data-centres": {}, "segment:cloud-compute": {}, "segment:power": {},
             "segment:fibre": {}, "company:volt": {}, "company:glass": {}}
    edges = [(u, v, k, dict(a)) for u, v, k, a in SERVER_EDGES if k != "allocates_capex"] + [
        ("capex:cloud-2024", "segment:servers", "allocates_capex",
         {"capex_allocation_share": 0.4, "capex_allocation_share_basis": "reported"}),
        ("capex:cloud-2024", "segment:data-centres", "allocates_capex",
         {"capex_allocation_share": 0.6, "capex_allocation_share_basis": "reported"}),
        ("company:cloud", "segment:cloud-compute", "participates_in", {}),
        ("segment:data-centres", "segment:cloud-compute", "input_to", {}),
        ("segment:servers", "segment:data-centres", "input_to", _cost(servers_cost)),
        ("segment:power", "segment:data-centres", "input_to", _cost(power_cost)),
        ("segment:fibre", "segment:data-centres", "input_to", {}),
        ("company:volt", "segment:power", "participates_in", {}),
        ("company:glass", "segment:fibre", "participates_in", {}),
    ]
    return money_graph(nodes, edges, revenue={"company:cloud": 1000.0, "company:small": 10.0,
                                              "company:large": 1000.0, "company:volt": 1000.0,
                                              "company:glass": 1000.0})


def test_a_self_built_segment_buys_its_inputs_by_their_cost_shares_and_keeps_the_rest() -> None:
    # the plan allocates servers itself, so the 60 USD of data centres buy what servers leave of a
    # data centre's cost (1 - 0.4 = 0.6): power 60 * 0.15 / 0.6 = 15; fibre has no cost share and gets
    # nothing; the other 45 (land, buildings, labour) stay with the plan
    G = _self_built(servers_cost=0.4, power_cost=0.15)
    flows = money_flows(G, source="capex:cloud-2024").groupby("seller")["usd"].sum()
    assert flows["company:volt"] == pytest.approx(15.0)
    assert "company:glass" not in flows
    kept = value_added(G, source="capex:cloud-2024").set_index("id")
    assert kept.loc["capex:cloud-2024", "usd"] == pytest.approx(45.0)


def test_a_self_built_segment_without_cost_shares_buys_its_inputs_by_market_size() -> None:
    # no input of data centres carries a cost share: power and fibre (the inputs the plan does not
    # allocate itself; no market sizes, so equal shares) take 60 / 2 = 30 USD each
    G = _self_built(servers_cost=None, power_cost=None)
    flows = money_flows(G, source="capex:cloud-2024").groupby("seller")["usd"].sum()
    assert flows["company:volt"] == pytest.approx(30.0)
    assert flows["company:glass"] == pytest.approx(30.0)


NAMED = {"company:maker": {}, "company:big": {}, "company:tiny": {}}


def test_unweighted_named_customers_share_the_sellers_top_five_by_size_and_within_budgets() -> None:
    # maker: revenue 1000, top five 60 %; big (revenue 300) and tiny (revenue 10) are two of the five:
    # 0.6 * 2 / 5 = 0.24 of 1000 = 240, split 300:10 -> 232.3 and 7.7; tiny cannot spend more than its
    # revenue of 10, so its flow stays 7.7 (under 10) and nothing is rebalanced; its largest customer
    # is 40 % of its revenue, which neither exceeds
    G = money_graph(NAMED, [("company:maker", "company:big", "supplies", {}),
                            ("company:maker", "company:tiny", "supplies", {})],
                    revenue={"company:maker": 1000.0, "company:big": 300.0, "company:tiny": 10.0},
                    concentration={"company:maker": {"top5_customers_share": 0.6, "largest_customer_share": 0.4}})
    flows = compile_money_view(G).flows.set_index("buyer")
    assert flows.loc["company:big", "usd"] == pytest.approx(240 * 300 / 310)
    assert flows.loc["company:tiny", "usd"] == pytest.approx(240 * 10 / 310)
    assert compile_money_view(G).nodes.set_index("id").loc["company:maker", "coverage"] == pytest.approx(0.24)


def test_a_seller_that_does_not_disclose_its_largest_customer_is_given_none_above_the_typical_one() -> None:
    # maker: revenue 1000, top five 60 %, largest customer not disclosed; big (300) and tiny (10) are
    # two of the five (240, split 300:10 as above: 232.3 and 7.7); the graph's other sellers disclose
    # largest customers of 10 % and 30 % (median 20 %), so big gets at most 0.2 * 1000 = 200
    others = {"company:a": {}, "company:b": {}}
    G = money_graph({**NAMED, **others}, [("company:maker", "company:big", "supplies", {}),
                                          ("company:maker", "company:tiny", "supplies", {})],
                    revenue={"company:maker": 1000.0, "company:big": 300.0, "company:tiny": 10.0,
                             "company:a": 50.0, "company:b": 50.0},
                    concentration={"company:maker": {"top5_customers_share": 0.6},
                                   "company:a": {"largest_customer_share": 0.1},
                                   "company:b": {"largest_customer_share": 0.3}})
    flows = compile_money_view(G).flows.set_index("buyer")
    assert flows.loc["company:big", "usd"] == pytest.approx(200.0)
    assert flows.loc["company:tiny", "usd"] == pytest.approx(240 * 10 / 310)


def test_a_customer_the_filing_leaves_unnamed_is_below_its_naming_threshold() -> None:
    # maker: revenue 1000, top five 60 %, largest customer 40 %; its 10-K names every customer of
    # 10 % or more and names neither big nor tiny, so each is below 10 %: big gets at most 100 (not
    # the 232.3 its size gives within the five, nor the 400 the largest customer's share allows)
    G = money_graph(NAMED, [("company:maker", "company:big", "supplies", {}),
                            ("company:maker", "company:tiny", "supplies", {})],
                    revenue={"company:maker": 1000.0, "company:big": 300.0, "company:tiny": 10.0},
                    concentration={"company:maker": {"top5_customers_share": 0.6, "largest_customer_share": 0.4,
                                                     "unnamed_customers_below": 0.1}})
    flows = compile_money_view(G).flows.set_index("buyer")
    assert flows.loc["company:big", "usd"] == pytest.approx(100.0)
    assert flows.loc["company:tiny", "usd"] == pytest.approx(240 * 10 / 310)


def test_a_concentration_the_latest_year_omits_is_carried_from_the_year_before() -> None:
    # maker: FY2024 revenue 1000 with top five 30 % disclosed, FY2025 revenue 2000 without: its one
    # named customer (big, revenue 5000) counts as one of the five, 0.3 / 5 = 6 % of 2000 = 120 (not
    # the graph's median top five, (0.3 + 0.9) / 2 = 0.6, which would give 240)
    G = money_graph({**NAMED, "company:a": {}}, [("company:maker", "company:big", "supplies", {})],
                    revenue={"company:maker": 1000.0, "company:big": 5000.0, "company:tiny": 10.0, "company:a": 50.0},
                    concentration={"company:maker": {"top5_customers_share": 0.3, "largest_customer_share": 0.25},
                                   "company:a": {"top5_customers_share": 0.9}})
    financials = G.graph["money"]["financials"]
    later = {k: v for k, v in financials[0].items() if not k.endswith("_share")}
    financials.append(later | {"period": "FY2025", "period_start": "2025-01-01", "period_end": "2025-12-31",
                               "as_of": "2026-03-01", "revenue": 2000.0})
    assert compile_money_view(G).flows.set_index("buyer").loc["company:big", "usd"] == pytest.approx(120.0)


def test_a_customer_without_financials_counts_as_the_sellers_smallest_sized_customer() -> None:
    # maker: revenue 1000, top five 60 %; big (3000), small (100) and unsized (no financials, sized as
    # small: 100) are three of the five: 0.6 * 3 / 5 = 0.36 of 1000 = 360, split 3000:100:100
    # (337.5, 11.25, 11.25: within what each can spend and within the disclosed largest share, 40 %)
    G = money_graph({**NAMED, "company:unsized": {}},
                    [("company:maker", f"company:{c}", "supplies", {}) for c in ("big", "tiny", "unsized")],
                    revenue={"company:maker": 1000.0, "company:big": 3000.0, "company:tiny": 100.0},
                    concentration={"company:maker": {"top5_customers_share": 0.6, "largest_customer_share": 0.4}})
    flows = compile_money_view(G).flows.set_index("buyer")["usd"]
    assert flows.to_dict() == pytest.approx({"company:big": 337.5, "company:tiny": 11.25,
                                             "company:unsized": 11.25})


def test_a_buyer_is_sized_by_what_it_can_spend_on_the_product_not_by_its_whole_revenue() -> None:
    # chips: revenue 1000, top five 60 %, sells GPUs to a cloud (paid from its capex plan of 100), to a
    # server maker (half of the servers market of 40, which GPUs go into: 20) and to a conglomerate
    # (revenue 10,000, none of it known to be in a segment that uses GPUs). The three count as three
    # of the five: 0.6 * 3 / 5 = 0.36 of 1000 = 360; the conglomerate counts as the smallest sized
    # buyer (20), so 360 splits 100:20:20, each capped at what it can spend: 100, 20, 20. By whole
    # revenue the conglomerate would have taken 360 * 10,000 / 10,120 = 355.7 of them.
    nodes = {"company:chips": {}, "company:cloud": {}, "capex:cloud-2024": plan("company:cloud", 100.0),
             "company:maker": {}, "company:conglomerate": {}, "segment:gpus": {}, "segment:servers": {}}
    edges = [("company:cloud", "capex:cloud-2024", "commits_capex", {}),
             ("segment:gpus", "segment:servers", "input_to", {}),
             ("company:chips", "segment:gpus", "participates_in", {}),
             ("company:maker", "segment:servers", "participates_in",
              {"market_share": 0.5, "market_share_basis": "reported"})]
    edges += [("company:chips", f"company:{buyer}", "supplies", {"product": "segment:gpus"})
              for buyer in ("cloud", "maker", "conglomerate")]
    G = money_graph(nodes, edges, markets={"segment:servers": 40.0},
                    revenue={"company:chips": 1000.0, "company:maker": 30.0, "company:conglomerate": 10_000.0},
                    concentration={"company:chips": {"top5_customers_share": 0.6}})
    flows = compile_money_view(G).flows.query("seller == 'company:chips'").set_index("buyer")["usd"]
    assert flows.to_dict() == pytest.approx({"company:cloud": 100.0, "company:maker": 20.0,
                                             "company:conglomerate": 20.0})


def test_a_company_pays_its_suppliers_at_most_its_cost_of_revenue() -> None:
    # two makers (revenue 1000, top five 60 %) each have one named customer, the assembler: 0.6 * 1 / 5
    # = 0.12 of 1000 = 120 each. The assembler's revenue is 1000 but its cost of revenue 100: together
    # the two flows (240) are scaled down to 100, 50 each
    nodes = {"company:a": {}, "company:b": {}, "company:assembler": {}}
    G = money_graph(nodes, [("company:a", "company:assembler", "supplies", {}),
                            ("company:b", "company:assembler", "supplies", {})],
                    revenue={"company:a": 1000.0, "company:b": 1000.0, "company:assembler": 1000.0},
                    concentration={"company:a": {"top5_customers_share": 0.6},
                                   "company:b": {"top5_customers_share": 0.6},
                                   "company:assembler": {"cost_of_revenue": 100.0}})
    flows = compile_money_view(G).flows.set_index("seller")["usd"]
    assert flows.to_dict() == pytest.approx({"company:a": 50.0, "company:b": 50.0})


def test_a_supply_link_moves_money_only_in_a_year_it_holds() -> None:
    # maker's FY2024 (2024-01-01 .. 2024-12-31); top five 60 %. "big" (300) buys from 2024-06-01, "later"
    # (300) only from 2025-07-01, "ended" (300) until 2023-12-31: only big is one of the five in
    # FY2024: 0.6 * 1 / 5 = 0.12 of 1000 = 120, all to big
    G = money_graph({"company:maker": {}, "company:big": {}, "company:later": {}, "company:ended": {}},
                    [("company:maker", "company:big", "supplies", {"valid_from": "2024-06-01"}),
                     ("company:maker", "company:later", "supplies", {"valid_from": "2025-07-01"}),
                     ("company:maker", "company:ended", "supplies", {"valid_to": "2023-12-31"})],
                    revenue={"company:maker": 1000.0, "company:big": 300.0, "company:later": 300.0,
                             "company:ended": 300.0},
                    concentration={"company:maker": {"top5_customers_share": 0.6}})
    flows = compile_money_view(G).flows.set_index("buyer")["usd"]
    assert flows.to_dict() == pytest.approx({"company:big": 120.0})


def test_a_revenue_share_for_an_earlier_year_still_prices_the_link() -> None:
    # AtHub-like: "cloud" was 90 % of maker's revenue in 2023 (a figure for that year); maker's money is
    # its FY2024 revenue of 1000: the link holds on and its latest figure gives 0.9 * 1000 = 900
    G = money_graph({"company:maker": {}, "company:cloud": {}},
                    [("company:maker", "company:cloud", "supplies",
                      {**revenue(0.9), "valid_from": "2023-01-01", "valid_to": "2023-12-31"})],
                    revenue={"company:maker": 1000.0, "company:cloud": 5000.0})
    flows = compile_money_view(G).flows.set_index("buyer")["usd"]
    assert flows.to_dict() == pytest.approx({"company:cloud": 900.0})


def test_balancing_keeps_a_buyer_within_its_revenue_but_keeps_reported_cells() -> None:
    # maker sells to tiny (revenue 10): the prior 0.5 / 5 * 1000 = 100 is cut to tiny's budget of 10;
    # a reported 30 % (300) to big stays, though big's revenue is only 100: the audit says so
    G = money_graph(NAMED, [("company:maker", "company:tiny", "supplies", {}),
                            ("company:maker", "company:big", "supplies", revenue(0.3))],
                    revenue={"company:maker": 1000.0, "company:big": 100.0, "company:tiny": 10.0})
    money = compile_money_view(G)
    flows = money.flows.set_index("buyer")
    assert flows.loc["company:tiny", "usd"] == pytest.approx(10.0)
    assert flows.loc["company:big", ["usd", "basis"]].tolist() == [pytest.approx(300.0), "reported"]
    assert money.balancing.converged
    found = audit(G).set_index(["check", "id"])
    assert found.loc[("spend-exceeds-revenue", "company:big"), "value"] == pytest.approx(3.0)


def test_exposure_against_reported_revenue_leaves_what_the_graph_does_not_explain_outside() -> None:
    # the large maker's 99.01 USD from the cloud's plan are 9.9 % of its revenue; against its modelled
    # revenue the same maker is 100 % exposed to the cloud
    G = servers()
    reported = exposure(G, company="company:large", to="hyperscalers", against="reported")
    modelled = exposure(G, company="company:large", to="hyperscalers", against="modelled")
    assert reported.iloc[0]["exposure"] == pytest.approx(0.0990099, rel=1e-4)
    assert reported.iloc[0]["exposure_prior"] == pytest.approx(0.0990099, rel=1e-4)
    assert reported.iloc[0]["coverage"] == pytest.approx(0.0990099, rel=1e-4)
    assert modelled.iloc[0]["exposure"] == pytest.approx(1.0)
    ranking = exposure_ranking(G, companies=["company:small", "company:large"], to="hyperscalers",
                               against="reported").set_index("company")
    assert ranking.loc["company:small", "exposure"] == pytest.approx(100 / 1010 / 10 * 10, rel=1e-4)
    assert ranking.loc["company:large", "revenue_usd"] == 1000.0


def test_the_money_view_follows_a_changed_graph() -> None:
    G = servers()
    before = money_trace(G, source="company:cloud")
    G.remove_edge("company:small", "segment:servers")  # networkx clears its cache: the view is rebuilt
    after = money_trace(G, source="company:cloud").set_index("id")
    assert "company:small" in set(before["id"]) and "company:small" not in after.index
    assert after.loc["company:large", "usd"] == pytest.approx(100.0)


def test_a_source_without_money_needs_an_amount() -> None:
    G = money_graph({"company:lab": {}, "company:cloud": {}},
                    [("company:cloud", "company:lab", "provides_compute", {})], revenue={"company:cloud": 50.0})
    with pytest.raises(QueryError, match=r"no reported capex plan .*--amount"):
        money_trace(G, source="company:lab")
    with pytest.raises(QueryError, match="positive number"):
        money_trace(G, source="company:lab", amount=float("nan"))
    assert money_trace(G, source="company:lab", amount=7.0).set_index("id").loc["company:cloud", "usd"] == 7.0


def test_audit_lists_listed_companies_without_financials_and_segments_without_sizes() -> None:
    G = servers()
    G.nodes["company:large"]["listings"] = [{"exchange": "SSE", "ticker": "600001"}]
    G.graph["money"]["financials"] = [f for f in G.graph["money"]["financials"] if f["company"] != "company:large"]
    G.__networkx_cache__.clear()  # G.graph is not watched by networkx: a changed money table needs this
    found = audit(G)
    assert ("no-financials", "company:large") in set(zip(found["check"], found["id"], strict=True))
    assert ("no-market-size", "segment:servers") in set(zip(found["check"], found["id"], strict=True))


@st.composite
def chains(draw: st.DrawFn) -> nx.MultiDiGraph:
    """A capex plan into a market of 1-3 makers, each selling to 0-2 of the others as named suppliers,
    with random revenues, concentrations and reported shares."""
    makers = [f"company:m{i}" for i in range(draw(st.integers(1, 3)))]
    nodes = {**{k: v for k, v in SERVERS.items() if not k.startswith("company:s") and k != "company:large"},
             **{m: {} for m in makers}}
    edges = [(u, v, k, dict(a)) for u, v, k, a in SERVER_EDGES[:2]]
    edges += [(m, "segment:servers", "participates_in", {}) for m in makers]
    for seller in makers:
        for buyer in makers:
            if seller != buyer and draw(st.booleans()):
                share = draw(st.none() | st.floats(0.01, 0.3))
                edges.append((seller, buyer, "supplies", revenue(share) if share else {}))
    money = {m: draw(st.floats(1.0, 1e4)) for m in makers} | {"company:cloud": draw(st.floats(10.0, 1e4))}
    top5 = {m: {"top5_customers_share": draw(st.floats(0.05, 1.0))} for m in makers if draw(st.booleans())}
    return money_graph(nodes, edges, revenue=money, concentration=top5)


@settings(max_examples=25, deadline=None)
@given(chains(), st.floats(1.0, 1e6))
def test_value_added_sums_to_the_amount_and_no_spender_passes_on_more_than_it_has(
        G: nx.MultiDiGraph, amount: float) -> None:
    kept = value_added(G, source="capex:cloud-2024", amount=amount)
    assert kept["usd"].sum() == pytest.approx(amount, rel=1e-6)
    A = compile_money_view(G).view.A
    assert (np.asarray(A.sum(axis=0)).ravel() <= 1 + 1e-9).all()


@settings(max_examples=25, deadline=None)
@given(chains())
def test_exposures_lie_in_0_1_and_disjoint_groups_sum_to_at_most_1(G: nx.MultiDiGraph) -> None:
    for maker in [n for n in G if n.startswith("company:m")]:
        to_clouds = exposure(G, company=maker, to="hyperscalers", against="reported")["exposure"].sum()
        to_capex = exposure(G, company=maker, to="capex", against="reported")["exposure"].sum()
        assert -1e-9 <= to_clouds <= 1 + 1e-9
        # the plan and its company are one path (plan -> company): disjoint groups do not double it
        assert to_clouds == pytest.approx(to_capex, abs=1e-9) or to_clouds + 0 <= 1 + 1e-9


def test_a_revenue_share_paid_out_of_a_plan_is_priced_over_the_plans_period() -> None:
    # chips: FY2024 (2024, 366 days) revenue 1000, FY2025 (2025) 2000; cloud's plan runs July 2024 to
    # June 2025 and chips earns 10 % of its revenue from cloud. Over the plan's period chips earns
    # 1000 * 184 / 366 + 2000 * 181 / 365 = 502.73 + 991.78 = 1494.51 (365 days), so the flow is
    # 149.45, not 10 % of its latest year (200)
    fiscal = plan("company:cloud", 1000.0) | {"period": "FY2025", "period_kind": "fiscal-year",
                                               "period_start": "2024-07-01", "period_end": "2025-06-30"}
    G = money_graph({"company:chips": {}, "company:cloud": {}, "capex:cloud-fy2025": fiscal},
                    [("company:cloud", "capex:cloud-fy2025", "commits_capex", {}),
                     ("company:chips", "company:cloud", "supplies", revenue(0.1))],
                    revenue={"company:chips": 1000.0, "company:cloud": 5000.0})
    financials = G.graph["money"]["financials"]
    financials.append(financials[0] | {"period": "FY2025", "period_start": "2025-01-01", "period_end": "2025-12-31",
                                       "as_of": "2026-03-01", "revenue": 2000.0})
    flows = compile_money_view(G).flows.set_index("seller")
    assert flows.loc["company:chips", "usd"] == pytest.approx(0.1 * (1000 * 184 / 366 + 2000 * 181 / 365))
    assert flows.loc["company:chips", "share_of_seller"] == pytest.approx(0.1 * 1494.51 / 2000, rel=1e-5)


@pytest.mark.parametrize(("year", "usd"), [(2023, 400.0), (2019, 100.0)])
def test_a_revenue_share_of_a_long_past_year_does_not_price_the_latest_one(year: int, usd: float) -> None:
    # maker (FY2024 revenue 1000) earned 40 % from big in ``year``: a 2023 share prices 2024 (400);
    # a 2019 one is too old, so big is one unweighted customer of five under the default top five
    # (0.5 / 5 = 10 % of 1000 = 100)
    share = revenue(0.4, valid_from=f"{year}-01-01", valid_to=f"{year}-12-31")
    G = money_graph(NAMED, [("company:maker", "company:big", "supplies", share)],
                    revenue={"company:maker": 1000.0, "company:big": 5000.0, "company:tiny": 10.0})
    assert compile_money_view(G).flows.set_index("buyer").loc["company:big", "usd"] == pytest.approx(usd)


def _telecom_customer(cloud_revenue: float | None) -> nx.MultiDiGraph:
    """A laser maker selling 60 % (reported) to a telecom operator that also runs a cloud, 40 % to a cloud;
    the operator's revenue 500, its cloud business ``cloud_revenue`` of it."""
    nodes = {"company:laser": {}, "company:telco": {"roles": ["telecom-operator", "hyperscaler"]},
             "company:cloud": {"roles": ["hyperscaler"]}}
    edges = [("company:laser", "company:telco", "supplies", revenue(0.6)),
             ("company:laser", "company:cloud", "supplies", revenue(0.4))]
    G = money_graph(nodes, edges, revenue={"company:laser": 100.0, "company:telco": 500.0, "company:cloud": 800.0})
    if cloud_revenue is not None:
        G.graph["money"]["segment_revenue"] = [{**figure("company:telco", cloud_revenue),
                                                "segment": "segment:cloud-compute"}]
    return G


def test_a_telecom_operator_counts_as_cloud_demand_by_its_cloud_share_of_revenue() -> None:
    # the operator's cloud makes 100 of its 500: 0.2 of its demand is cloud demand, so the laser maker's
    # exposure to hyperscalers is 0.6 * 0.2 + 0.4 = 0.52 (the modelled and the reported view agree: its
    # customers explain all of its revenue of 100)
    G = _telecom_customer(100.0)
    rows = exposure(G, company="company:laser", to="hyperscalers", against="reported").set_index("demand_source")
    assert rows.loc["company:telco", "counted"] == pytest.approx(0.2)
    assert rows.loc["company:telco", "exposure"] == pytest.approx(0.12)
    assert rows.loc["company:cloud", ["counted", "exposure"]].tolist() == pytest.approx([1.0, 0.4])
    for against in ("reported", "modelled"):
        ranking = exposure_ranking(G, companies=["company:laser"], to="hyperscalers", against=against)  # type: ignore[arg-type]
        assert ranking.iloc[0]["exposure"] == pytest.approx(0.52)
    # before the cloud figure is published (2025-03-01) the operator counts in full: 0.6 + 0.4
    early = exposure_ranking(G, companies=["company:laser"], to="hyperscalers", as_of=date(2025, 1, 1))
    assert early.iloc[0]["exposure"] == pytest.approx(1.0)
    assert "company:telco" not in set(audit(G)["id"])


def test_the_audit_lists_a_telecom_operator_without_a_cloud_figure() -> None:
    G = _telecom_customer(None)
    found = audit(G).set_index("id")
    assert found.loc["company:telco", "check"] == "no-cloud-share"
    ranking = exposure_ranking(G, companies=["company:laser"], to="hyperscalers", against="reported")
    assert ranking.iloc[0]["exposure"] == pytest.approx(1.0)  # counted in full, as the audit says
