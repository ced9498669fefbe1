"""Checks an analyst would make of the money answers on the shipped seed (sources in comments)."""

from __future__ import annotations

import networkx as nx
import pytest

import computechain as cc
from computechain.queries.engine.money_view import compile_money_view
from computechain.queries.exposure import counted_parts, demand_sources


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return cc.load_graph()


def test_the_largest_company_recipient_of_microsofts_capex_is_its_gpu_supplier(G: nx.MultiDiGraph) -> None:
    # Microsoft FY2025: about half of cloud and AI capex on servers, "both CPUs and GPUs" (CFO, FY25 calls);
    # Nvidia's 10-K (FY2025) names large cloud providers as the bulk of its Data Center revenue
    trace = cc.money_trace(G, source="Microsoft", top=10)
    companies = trace[trace["type"] == "company"]
    assert companies.iloc[0]["id"] == "company:nvidia"
    # a plausible size: between 5 % and 40 % of Microsoft's FY2025 capex of USD 88.2bn
    assert 0.05 < companies.iloc[0]["share"] < 0.4


@pytest.mark.parametrize("maker", ["company:tbea", "company:sieyuan", "company:nari"])
def test_grid_equipment_makers_are_not_shown_as_mostly_exposed_to_hyperscalers(G: nx.MultiDiGraph, maker: str) -> None:
    # TBEA, Sieyuan Electric and NARI sell mainly to China's grid utilities (State Grid, China Southern
    # Grid) and power projects (their 2024 annual reports, main-business revenue by product and customer):
    # data centres are a small part of their revenue
    ranking = cc.exposure_ranking(G, companies=[maker], to="hyperscalers", against="reported")
    assert ranking.iloc[0]["exposure"] < 0.2


def test_an_ai_optics_maker_is_more_exposed_than_a_grid_equipment_maker(G: nx.MultiDiGraph) -> None:
    # Zhongji Innolight sells 800G/1.6T modules to US clouds and Nvidia (its 2024 annual report: overseas
    # sales the majority of revenue; Forbes 2025 citing Macquarie: Google and Nvidia among its customers)
    ranking = cc.exposure_ranking(G, companies=["company:zhongji-innolight", "company:tbea"], to="hyperscalers",
                                  against="reported").set_index("company")
    assert ranking.loc["company:zhongji-innolight", "exposure"] > 2 * ranking.loc["company:tbea", "exposure"]
    assert 0 < ranking.loc["company:zhongji-innolight", "coverage"] <= 1


def test_a_dollar_of_demand_is_kept_somewhere_exactly_once(G: nx.MultiDiGraph) -> None:
    kept = cc.value_added(G, source="OpenAI", amount=1.0)
    assert kept["usd"].sum() == pytest.approx(1.0, abs=1e-6)


def test_the_audit_stays_within_its_tolerance(G: nx.MultiDiGraph) -> None:
    # no seller explains more than its reported revenue (beyond 1 %); at most two markets receive more
    # than their (2023-2024) sizes from the (2025) capex plans, by at most a half: data-centre networking
    # does, 1.44x in Dec-2026, because its size is IDC's 2024 data-centre Ethernet revenue (USD 21.1bn)
    # while the segment's named flows include Nvidia's 2025 Spectrum-X / InfiniBand sales to Meta,
    # Oracle, xAI and CoreWeave; the segments whose market size is known keep it
    found = cc.audit(G)
    assert not (found["check"] == "inflows-exceed-revenue").any()
    exceeded = found[found["check"] == "market-exceeded"]
    assert len(exceeded) <= 2 and (exceeded["value"] <= 1.5).all()
    assert (found["check"] == "segment-coverage").sum() >= 15


def test_a_chinese_server_maker_without_an_american_customer_gets_no_american_capex(G: nx.MultiDiGraph) -> None:
    # Inspur's and Sugon's AI-server customers in the seed are Chinese (China Mobile and China Telecom
    # server tenders); no link has either ship AI servers to an American buyer, unlike Foxconn Industrial
    # Internet (AI servers to Apple: TrendForce, 2023-08-07, the seed source links4a-trendforce-foxconn-apple-ai-2023)
    for cloud in ("Microsoft", "Amazon", "Alphabet", "Meta"):
        flows = cc.money_flows(G, source=cloud)
        assert not flows["seller"].isin(["company:inspur-information", "company:sugon"]).any(), cloud


def test_a_supply_deal_that_starts_after_the_fiscal_year_moves_no_money_in_it(G: nx.MultiDiGraph) -> None:
    # SK hynix's customised HBM for Microsoft is expected from the second half of 2026 (Korea Economic
    # Daily, 2025-06-19); Microsoft's latest reported capex is FY2025 (to June 2025), so SK hynix is paid by
    # Microsoft's capex only through Nvidia's and AMD's GPUs
    flows = cc.money_flows(G, source="Microsoft")
    assert not flows[(flows["seller"] == "company:sk-hynix")]["buyer"].isin(
        ["company:microsoft", "capex:microsoft-fy2025"]).any()
    assert flows[(flows["seller"] == "company:sk-hynix")]["usd"].sum() > 0


def _flow_usd(G: nx.MultiDiGraph, seller: str, buyer: str) -> float:
    flows = compile_money_view(G).flows
    return float(flows[(flows["seller"] == seller) & (flows["buyer"] == buyer)]["usd"].sum())


def test_a_company_that_does_not_sell_compute_is_not_a_large_cloud_customer(G: nx.MultiDiGraph) -> None:
    # Apple's AWS bill: more than USD 30m a month in 2019, about USD 360m a year (CNBC, 2019-04-22). Sized by
    # its whole revenue (USD 416bn), Apple took USD 116bn of Amazon's revenue
    assert _flow_usd(G, "company:amazon", "company:apple") < 5e9


@pytest.mark.parametrize(("seller", "buyer"), [("company:microsoft", "company:mistral-ai"),
                                               ("company:microsoft", "company:g42"),
                                               ("company:samsung-electronics", "company:preferred-networks")])
def test_a_buyer_without_financials_is_not_given_billions(G: nx.MultiDiGraph, seller: str, buyer: str) -> None:
    # Mistral AI raised EUR 1.7bn in its 2025 series C (Mistral AI, 2025-09-09); G42's Azure agreement and
    # Preferred Networks' 2 nm chip order with Samsung (2025-07) carry no reported value: none of them
    # is a multi-billion-dollar customer of these sellers (each took USD 28.8bn, 28.8bn and 101bn when an
    # unsized buyer was weighed equally with the seller's other customers)
    assert _flow_usd(G, seller, buyer) < 2e9


def test_nvidia_pays_its_suppliers_at_most_its_cost_of_revenue(G: nx.MultiDiGraph) -> None:
    # Nvidia's gross margin is about 70-75 % (10-K FY2025: cost of revenue USD 32.6bn of USD 130.5bn): its
    # named suppliers together cannot be paid more than its cost of revenue (before, USD 148bn)
    money = compile_money_view(G)
    paid = money.flows[money.flows["buyer"] == "company:nvidia"]["usd"].sum()
    assert paid < money.nodes.set_index("id").loc["company:nvidia", "revenue_usd"] * 0.45


@pytest.mark.parametrize("operator", ["company:equinix", "company:iron-mountain", "company:digital-realty",
                                      "company:core-scientific", "company:cipher-mining"])
def test_a_data_centre_operator_is_not_paid_out_of_a_hyperscalers_capex(G: nx.MultiDiGraph, operator: str) -> None:
    # Equinix: no customer above 3 % of recurring revenue and its top 10 about 18 % (10-K 2024, "Customers");
    # Iron Mountain earns most of its revenue from records storage (10-K 2024, segment revenue); a
    # colocation lease is its tenant's operating cost, not capex (Meta's capex: "purchases of property and
    # equipment" plus finance-lease principal, 10-K 2024). Before the money view built data centres
    # from their inputs, Meta's 2025 plan paid 53 % of each of these operators' revenue.
    flows = compile_money_view(G).flows
    from_plans = flows[(flows["seller"] == operator) & flows["buyer"].str.startswith("capex:")]
    assert from_plans.empty


@pytest.mark.parametrize("operator", ["company:equinix", "company:iron-mountain", "company:digital-realty"])
def test_a_colocation_operator_without_a_named_cloud_customer_is_hardly_exposed(G: nx.MultiDiGraph,
                                                                                operator: str) -> None:
    # (same sources as above: thousands of customers, none above a few per cent of revenue)
    ranking = cc.exposure_ranking(G, companies=[operator], to="hyperscalers", against="reported")
    assert ranking.empty or ranking.iloc[0]["exposure"] < 0.1


def test_a_size_prior_makes_no_customer_larger_than_a_typical_largest_customer(G: nx.MultiDiGraph) -> None:
    # Of the sellers that disclose their largest customer (Nvidia 12 %, TSMC 19 %, SK hynix 16.5 %, Intel
    # 19 %, Arista 20 %, CoreWeave 67 %, ...; their filings, seed/financials), the median is 20-25 %; a
    # cell sized by the prior stays below 30 % of its seller's revenue (Meta's plan once took 53 % of
    # Equinix's)
    flows = compile_money_view(G).flows
    prior = flows[flows["basis"] == "prior"]
    assert len(prior) > 100
    assert (prior["share_of_seller"] <= 0.3).all(), prior.sort_values("share_of_seller").tail(3)


def test_intels_customers_outside_its_10k_list_stay_below_a_tenth_of_its_revenue(G: nx.MultiDiGraph) -> None:
    # Intel's FY2023 10-K names Dell (19 %), Lenovo (11 %) and HP (10 %) as its customers of 10 % or
    # more (ASC 280-10-50-42 requires each one to be disclosed): Alphabet, Amazon and Microsoft are not
    # among them, so none of them can be a tenth of Intel's revenue (it was 15 % before this rule; the
    # cap holds on the revenue over the buyer's plan period, hence the 2 % allowance on the latest year)
    found = cc.exposure(G, company="Intel", to="hyperscalers", against="reported").set_index("demand_source")
    assert (found["exposure"] < 0.1 * 1.02).all()
    assert found.loc["company:alphabet", "exposure"] > 0.05  # Google's Xeon-based C3 machines (Mint, 2022)


def test_teslas_2025_capex_pays_no_foundry_for_chips_not_yet_made(G: nx.MultiDiGraph) -> None:
    # Tesla AI5 (TSMC, Samsung): samples and limited units in 2026, volume in 2027; AI6 (Samsung Taylor):
    # mid-2028 volume (Musk on X, DQ India, Nov 2025); Tesla's FY2025 capex of USD 8.53bn (10-K) was
    # "mostly factories and vehicles", its AI training clusters run on Nvidia GPUs (Cortex, DCD 2025)
    trace = cc.money_trace(G, source="Tesla").set_index("id")
    for foundry in ("company:samsung-electronics", "company:tsmc"):
        assert foundry not in trace.index or trace.loc[foundry, "tier"] > 1
    assert trace.loc["company:nvidia", "usd"] < 0.5 * 8.53e9


@pytest.mark.parametrize("operator", ["company:china-mobile", "company:china-telecom", "company:china-unicom"])
def test_a_telecom_operator_counts_as_cloud_demand_by_its_cloud_share_of_revenue(G: nx.MultiDiGraph,
                                                                                operator: str) -> None:
    # China Mobile 2024: Mobile Cloud RMB 100.4bn of RMB 1,040.8bn operating revenue; China Telecom 2024:
    # Tianyi Cloud RMB 113.9bn of RMB 529.4bn; China Unicom 2024: Unicom Cloud RMB 68.6bn of RMB 389.6bn
    # (their 2024 annual results announcements, as reported by the seed's sources)
    expected = {"company:china-mobile": 100.4 / 1040.759, "company:china-telecom": 113.9 / 529.417,
                "company:china-unicom": 68.6 / 389.589}[operator]
    sources = demand_sources(G, "hyperscalers")
    counted = dict(zip(sources, counted_parts(G, sources), strict=True))
    assert counted[operator] == pytest.approx(expected, rel=1e-6)
    assert counted["company:microsoft"] == 1.0


def test_an_optical_maker_selling_to_telecom_networks_is_not_mostly_exposed_to_hyperscalers(G: nx.MultiDiGraph) -> None:
    # Taclink (德科立) sells amplifiers, transmission modules and subsystems to telecom equipment vendors
    # and operators: ZTE, Ciena, Nokia, ECI, China Mobile, China Telecom, State Grid (Shanxi Securities
    # initiation, 2024-11-15, in the seed). Only the operators' cloud businesses are hyperscaler demand,
    # and the larger of their cloud shares of revenue is China Telecom's, 113.9 / 529.4 = 21.5 % (2024)
    ranking = cc.exposure_ranking(G, companies=["company:taclink"], to="hyperscalers", against="reported")
    assert ranking.iloc[0]["exposure"] < 113.9 / 529.417
