"""Monte Carlo of the money view: revenue, market-size and share ranges, worked by hand, and the
conservation laws every draw keeps."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.queries.engine.money_view import compile_money_view
from computechain.queries.engine.view import ESTIMATE
from computechain.queries.exposure import exposure
from tests.queries.helpers import revenue, spend
from tests.queries.money_helpers import money_graph
from tests.queries.test_money import _self_built, chains, servers

# percentiles of a triangular distribution (low a, mode c, high b): below the mode
# F(x) = (x - a)^2 / ((b - a)(c - a)), above it 1 - F(x) = (b - x)^2 / ((b - a)(b - c))
# revenue 80 / 100 / 125: (b - a)(c - a) = 45 * 20 = 900, (b - a)(b - c) = 45 * 25 = 1125
REVENUE_P5 = 80 + (0.05 * 900) ** 0.5  # 86.708
REVENUE_P50 = 125 - (0.5 * 1125) ** 0.5  # 101.283 (the mode is below the median: 20/45 < 0.5)
REVENUE_P95 = 125 - (0.05 * 1125) ** 0.5  # 117.5


def one_seller(**edge: object) -> nx.MultiDiGraph:
    """A module maker (revenue 100, range 80-125; top five customers 60 %) selling to one cloud."""
    nodes = {"company:module": {}, "company:cloud": {"roles": ["hyperscaler"]}}
    return money_graph(nodes, [("company:module", "company:cloud", "supplies", dict(edge))],
                       revenue={"company:module": 100.0, "company:cloud": 300.0},
                       concentration={"company:module": {"revenue_low": 80.0, "revenue_high": 125.0,
                                                         "top5_customers_share": 0.6}})


def test_a_prior_flow_keeps_its_dollars_so_its_share_follows_the_sellers_revenue() -> None:
    # the cloud is one of the five top customers: 0.6 / 5 = 0.12 of 100 = 12 USD; a draw keeps the
    # 12 USD, so the exposure is 12 / revenue: p5 = 12 / 117.5, p95 = 12 / 86.708
    row = exposure(one_seller(), company="company:module", to="hyperscalers", against="reported",
                   samples=4000, seed=7).iloc[0]
    assert row["exposure"] == pytest.approx(0.12)
    assert row["p5"] == pytest.approx(12 / REVENUE_P95, rel=0.02)
    assert row["p50"] == pytest.approx(12 / REVENUE_P50, rel=0.02)
    assert row["p95"] == pytest.approx(12 / REVENUE_P5, rel=0.02)


def test_a_reported_share_of_revenue_stays_that_share_whatever_the_revenue() -> None:
    row = exposure(one_seller(**revenue(0.3)), company="company:module", to="hyperscalers", against="reported",
                   samples=200, seed=7).iloc[0]
    assert [row["p5"], row["exposure"], row["p95"]] == pytest.approx([0.3, 0.3, 0.3])


def test_a_share_of_the_buyers_spend_follows_the_buyers_budget_not_the_sellers_revenue() -> None:
    # the cloud (revenue 300, range 240-375: the module's range times 3) spends 4 % with the module:
    # 12 USD times the cloud's drawn factor; the module's revenue is fixed here, so the share is
    # 0.12 times the factor: p5 = 0.12 * 86.708 / 100, p95 = 0.12 * 117.5 / 100
    G = one_seller(**spend(0.04))
    G.graph["money"]["financials"][0].pop("revenue_low"), G.graph["money"]["financials"][0].pop("revenue_high")
    G.graph["money"]["financials"][1].update(revenue_low=240.0, revenue_high=375.0)
    row = exposure(G, company="company:module", to="hyperscalers", against="reported", samples=4000, seed=5).iloc[0]
    assert row["exposure"] == pytest.approx(0.12)
    assert row["p5"] == pytest.approx(0.12 * REVENUE_P5 / 100, rel=0.02)
    assert row["p95"] == pytest.approx(0.12 * REVENUE_P95 / 100, rel=0.02)


def test_a_capped_market_moves_with_its_drawn_size() -> None:
    # the cloud's plan of 100 into a market of 50 (range 40-60): the cap binds, so the large maker's
    # receipts scale with the drawn size; triangular 40 / 50 / 60: p5 = 40 + sqrt(0.05 * 200) = 43.162
    G = servers(markets={"segment:servers": 50.0})
    G.graph["money"]["market_sizes"][0].update(amount_low=40.0, amount_high=60.0)
    row = exposure(G, company="company:large", to="hyperscalers", against="reported", samples=4000, seed=3).iloc[0]
    assert row["p5"] / row["exposure"] == pytest.approx((40 + 10 ** 0.5) / 50, rel=0.02)
    assert row["p95"] / row["exposure"] == pytest.approx((60 - 10 ** 0.5) / 50, rel=0.02)


def test_a_self_built_input_follows_its_drawn_cost_share() -> None:
    # _self_built: power's cost share 0.15 (range 0.10-0.20) buys 60 * 0.15 / 0.6 = 15 USD of volt's 1000
    # (exposure 0.015); a draw buys 60 * c / 0.6 = 100 c; triangular 0.10 / 0.15 / 0.20 (symmetric,
    # (b - a)(c - a) = 0.005): p5 = 0.10 + sqrt(0.05 * 0.005) = 0.11581, p95 = 0.20 - 0.01581 = 0.18419
    G = _self_built(servers_cost=0.4, power_cost=0.15)
    for *_, d in G.edges(data=True):
        if d.get("cost_share") == 0.15:
            d.update(cost_share_low=0.10, cost_share_high=0.20)
    row = exposure(G, company="company:volt", to="hyperscalers", against="reported", samples=4000, seed=2).iloc[0]
    assert row["exposure"] == pytest.approx(0.015)
    assert row["p5"] == pytest.approx((0.10 + (0.05 * 0.005) ** 0.5) / 10, rel=0.02)
    assert row["p95"] == pytest.approx((0.20 - (0.05 * 0.005) ** 0.5) / 10, rel=0.02)


def test_a_draw_without_ranges_is_the_balanced_view() -> None:
    money = compile_money_view(servers())
    draw = next(money.draws.draws(1, seed=0))
    assert draw.value == pytest.approx(money.view.revenue_entries["value"].to_numpy())


@st.composite
def ranged_chains(draw: st.DrawFn) -> nx.MultiDiGraph:
    """:func:`tests.queries.test_money.chains` with a revenue range on some companies and a range
    on the market size."""
    G = draw(chains())
    for figure in G.graph["money"]["financials"]:
        if draw(st.booleans()):
            figure.update(revenue_low=figure["revenue"] * draw(st.floats(0.3, 1.0)),
                          revenue_high=figure["revenue"] * draw(st.floats(1.0, 3.0)))
    amount = draw(st.floats(10.0, 1e4))
    G.graph["money"]["market_sizes"] = [{
        "segment": "segment:servers", "period": "2024", "period_start": "2024-01-01", "period_end": "2024-12-31",
        "scope": "global", "currency": "USD", "amount": amount, "amount_low": amount * draw(st.floats(0.3, 1.0)),
        "amount_high": amount * draw(st.floats(1.0, 3.0)), "basis": "estimate", "as_of": "2025-03-01",
        "sources": ["source:s"]}]
    return G


@settings(max_examples=25, deadline=None)
@given(ranged_chains(), st.integers(0, 1000))
def test_every_draw_conserves_money_and_keeps_shares_of_revenue_at_most_one(G: nx.MultiDiGraph, seed: int) -> None:
    money = compile_money_view(G)
    R = money.draws.R
    n = len(money.nodes)
    spender, row = R["spender"].to_numpy(), R["row"].to_numpy()
    revenue = money.nodes["revenue_usd"].to_numpy()
    base_usd = np.nan_to_num(R["value"].to_numpy() * revenue[row])
    paid = spender >= 0
    budget = money.draws.money["capex_usd"].fillna(money.draws.money["revenue_usd"]).to_numpy()
    # what the balanced view already passes on beyond a budget (reported cells; the audit lists it) stays
    kept_excess = np.clip(np.bincount(spender[paid], weights=base_usd[paid], minlength=n) - budget, 0.0, None)
    base_coverage = np.bincount(row, weights=R["value"].to_numpy(), minlength=n)
    fixed = paid & (R["basis"].to_numpy() <= ESTIMATE)
    for d in money.draws.draws(20, seed=seed):
        usd = np.nan_to_num(d.usd)
        spent = np.bincount(spender[paid], weights=usd[paid], minlength=n)
        outside = d.budget - spent  # each spender's spend = its flows + its part outside the chain
        # prior cells never take a spender past its drawn budget; reported cells alone may (as in the
        # balanced view, where the audit lists them)
        beyond = np.clip(np.bincount(spender[fixed], weights=usd[fixed], minlength=n) - d.budget, 0.0, None)
        known = ~np.isnan(d.budget)
        allowed = np.maximum(np.nan_to_num(kept_excess), np.nan_to_num(beyond)) + 1e-9 * (1 + d.budget)
        assert (outside[known] >= -allowed[known]).all()
        coverage = np.bincount(row, weights=d.value, minlength=n)
        fixed_coverage = np.bincount(row, weights=np.where(R["basis"].to_numpy() <= ESTIMATE, d.value, 0.0), minlength=n)
        sized = ~np.isnan(revenue)
        assert (coverage[sized] <= np.maximum.reduce([np.ones(n), base_coverage, fixed_coverage])[sized] + 1e-9).all()
    for maker in [m for m in G if m.startswith("company:m")]:
        found = exposure(G, company=maker, to="hyperscalers", against="reported", samples=30, seed=seed)
        assert ((found[["p5", "p50", "p95"]] >= -1e-12) & (found[["p5", "p50", "p95"]] <= 1 + 1e-9)).all().all()


def test_a_draw_is_the_same_whichever_draws_are_made_with_it() -> None:
    # draw k comes from its own seed (seed, k): drawn alone, in a batch, or past a batch boundary
    G = one_seller(**revenue(0.3, "estimate", share_of_supplier_revenue_low=0.2, share_of_supplier_revenue_high=0.4))
    money = compile_money_view(G)
    together = [d.value for d in money.draws.draws(range(40), seed=3)]
    for k in (0, 31, 32, 39):
        assert next(money.draws.draws(range(k, k + 1), seed=3)).value == pytest.approx(together[k])
    assert len({round(float(v[0]), 12) for v in together}) > 30  # and the draws differ
