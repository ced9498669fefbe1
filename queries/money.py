"""Answers in US dollars: where a capex plan's (or any amount's) money lands, who keeps it, and
what does not add up. All three run on the money view (:mod:`computechain.queries.engine.money_view`).

``money_trace`` propagates an amount with the money spend matrix, ``x = (I - A) ^-1 f``: ``usd``
is the money reaching each node (gross: a server maker's receipts include what it passes on to its
GPU supplier). ``value_added`` splits the same amount by who keeps it: node i keeps
``x_i (1 - sum_k A[k, i])`` (its receipts less what it buys inside the graph); the parts sum to
the amount.

Examples
--------
A lab's 100 USD goes to a cloud (revenue 1,000; it buys 300 from a chip maker, reported as 30 % of
the chip maker's revenue of 1,000): the cloud passes 30 % of what it receives to the chip maker.

>>> import networkx as nx
>>> fin = lambda c, r: {"company": c, "period": "2024", "period_start": "2024-01-01",
...     "period_end": "2024-12-31", "currency": "USD", "revenue": r, "basis": "reported",
...     "as_of": "2025-03-01", "sources": ["source:x"]}
>>> G = nx.MultiDiGraph(money={"financials": [fin("company:cloud", 1000.0), fin("company:chip", 1000.0)]})
>>> for c in ("lab", "cloud", "chip"):
...     G.add_node(f"company:{c}", type="company", name=c.title(), roles=["x"])
>>> _ = G.add_edge("company:cloud", "company:lab", key="c", kind="provides_compute", as_of="2024-12-31")
>>> _ = G.add_edge("company:chip", "company:cloud", key="s", kind="supplies", as_of="2024-12-31",
...                share_of_supplier_revenue=0.3, share_of_supplier_revenue_basis="reported")
>>> money_trace(G, source="Lab", amount=100)[["id", "usd"]].round(6).to_dict("records")
[{'id': 'company:cloud', 'usd': 100.0}, {'id': 'company:chip', 'usd': 30.0}]
>>> value_added(G, source="Lab", amount=100)[["id", "usd"]].round(6).to_dict("records")
[{'id': 'company:cloud', 'usd': 70.0}, {'id': 'company:chip', 'usd': 30.0}]
"""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.errors import MissingDataError, QueryError
from computechain.graph.money_tables import cloud_shares, fx_rates, usd_rate
from computechain.queries.engine.leontief import neumann_reach
from computechain.queries.engine.money_inputs import BASIS_NAMES
from computechain.queries.engine.money_view import MoneyView, compile_money_view
from computechain.queries.engine.paths import path_costs, path_nodes, paths_to
from computechain.queries.engine.view import FILLED, compile_view
from computechain.queries.exposure import demand_sources, partly_cloud
from computechain.queries.lookup import find_entity
from computechain.queries.trace import path_text

MONEY_FLOW_COLUMNS = ["buyer", "seller", "product", "usd", "basis"]
MONEY_TRACE_COLUMNS = ["id", "name", "type", "tier", "usd", "share", "revenue_usd", "share_of_revenue", "path"]
VALUE_ADDED_COLUMNS = ["id", "name", "type", "usd", "share"]
AUDIT_COLUMNS = ["check", "id", "name", "value", "limit", "detail"]
MIN_USD_SHARE = 1e-9
TOLERANCE = 0.01


def _start(G: nx.MultiDiGraph, money: MoneyView, source: str, amount: float | None) -> tuple[int, float, str]:
    """(node code to start from, USD amount, the amount's description)."""
    node = find_entity(G, source)
    view = money.view
    if amount is not None:
        if not math.isfinite(amount) or amount <= 0:
            raise QueryError(f"--amount must be a positive number of USD (got {amount!r})")
        return view.index[node], float(amount), "given"
    attrs = G.nodes[node]
    if attrs.get("type") == "capex":
        row = money.nodes.iloc[view.index[node]]
        usd = row["capex_usd"]
        if math.isnan(usd):
            usd = _plan_usd(G, node)
        return view.index[node], float(usd), f"{attrs.get('name')} ({attrs.get('basis')})"
    plans = money.nodes[(money.nodes["type"] == "capex") & money.nodes["capex_usd"].notna()]
    own = [p for p in plans["id"] if G.nodes[p].get("company") == node]
    if not own:
        raise QueryError(f"{node} has no reported capex plan to trace; give an amount in USD (--amount 1e9)")
    plan = own[0]
    amounts = dict(zip(plans["id"], plans["capex_usd"].to_numpy(dtype=float), strict=True))
    return view.index[plan], float(amounts[plan]), str(G.nodes[plan].get("name"))


def _plan_usd(G: nx.MultiDiGraph, plan: str) -> float:
    d = G.nodes[plan]
    rate = usd_rate(fx_rates((G.graph.get("money") or {}).get("fx", [])), d["currency"], d["period_end"])
    if rate is None:
        raise MissingDataError(f"no FX rate converts {plan}'s {d['currency']} amount; add it to the fx table")
    return float(d["amount"]) * rate


def _propagate(G: nx.MultiDiGraph, source: str, amount: float | None, as_of: date | None
               ) -> tuple[MoneyView, int, sp.csr_matrix, np.ndarray, np.ndarray]:
    """(the money view, the start's code, the spend matrix used, the USD reaching every node, its
    hops from the start: :func:`~computechain.queries.leontief.neumann_reach`)."""
    money = compile_money_view(G, as_of=as_of)
    start, usd, _ = _start(G, money, source, amount)
    f = np.zeros(len(money.view.nodes))
    f[start] = usd
    A = money.view.A
    if A[:, start].nnz == 0:  # a source the graph cannot size (a private lab): its spend shares carry it
        spend = compile_view(G, as_of=as_of).A
        A = (A + sp.csr_matrix((spend[:, start].toarray().ravel(), (np.arange(A.shape[0]), np.full(A.shape[0], start))),
                               shape=A.shape)).tocsr()
    return money, start, A, *neumann_reach(A, f, nodes=money.view.nodes)


def money_trace(G: nx.MultiDiGraph, *, source: str, amount: float | None = None,
                as_of: date | None = None, top: int | None = None) -> pd.DataFrame:
    """The USD reaching every node from ``source``: a capex plan (its amount), a company (its latest
    reported capex plan) or any node with an ``amount`` in USD; with ``top``, only the ``top``
    largest (their paths are the costly part of a trace that reaches a whole graph).

    Columns: id, name, type, tier, usd, share (of the amount), revenue_usd (the node's latest
    reported revenue), share_of_revenue (usd / revenue_usd), path. Rows: largest usd first, then id.
    """
    money, start, A, x, hops = _propagate(G, source, amount, as_of)
    view = money.view
    total = x[start]
    reached = np.flatnonzero(x > MIN_USD_SHARE * total)
    reached = reached[reached != start]
    if top is not None and 0 < top < len(reached):  # only the largest (and ties at the last place) are sorted
        reached = reached[x[reached] >= np.partition(x[reached], len(reached) - top)[len(reached) - top]]
    ids = np.array([view.nodes[i] for i in reached], dtype=object)
    reached = reached[np.lexsort((ids, -x[reached]))][:top]
    if A is view.A and "A^T-costs" not in view.derived:  # kept with the view: every trace on it walks these
        view.derived["A^T-costs"] = path_costs(A.T.tocsr())
    costs = view.derived["A^T-costs"] if A is view.A else path_costs(A.T.tocsr())
    predecessors = paths_to(costs, start, reached, x[reached] / total)
    revenue = money.nodes["revenue_usd"].to_numpy()[reached]
    nodes = [view.nodes[i] for i in reached]
    frame = pd.DataFrame({
        "id": nodes, "name": [G.nodes[n].get("name") for n in nodes], "type": [G.nodes[n].get("type") for n in nodes],
        "tier": hops[reached], "usd": x[reached], "share": x[reached] / total,
        "revenue_usd": revenue, "share_of_revenue": x[reached] / revenue,
        "path": [path_text(G, view, path_nodes(predecessors, i)) for i in reached]}, columns=MONEY_TRACE_COLUMNS)
    return frame


def money_flows(G: nx.MultiDiGraph, *, source: str, amount: float | None = None,
                as_of: date | None = None) -> pd.DataFrame:
    """The USD on every link of ``source``'s money trace (:func:`money_trace`): what each buyer
    reached pays each seller, and for which product.

    Columns: buyer, seller, product (a segment id, or None), usd, basis. Rows: largest usd first.
    """
    money, start, A, x, _ = _propagate(G, source, amount, as_of)
    nodes = np.array(money.view.nodes, dtype=object)
    spend = money.spend
    coo = A.tocoo()
    own = pd.DataFrame({"row": coo.row, "col": coo.col, "value": coo.data})
    extra = own[(own["col"] == start) & ~own.set_index(["row", "col"]).index.isin(
        spend.set_index(["row", "col"]).index)].assign(product=-1, basis=FILLED)  # a private source's spend shares
    links = pd.concat([spend[["row", "col", "value", "product", "basis"]], extra], ignore_index=True)
    usd = links["value"].to_numpy() * x[links["col"].to_numpy()]
    keep = usd > MIN_USD_SHARE * x[start]
    links = links[keep]
    frame = pd.DataFrame({"buyer": nodes[links["col"]], "seller": nodes[links["row"]],
                          "product": [nodes[p] if p >= 0 else None for p in links["product"]], "usd": usd[keep],
                          "basis": [BASIS_NAMES[int(b)] for b in links["basis"]]}, columns=MONEY_FLOW_COLUMNS)
    return frame.sort_values(["usd", "buyer", "seller"], ascending=[False, True, True]).reset_index(drop=True)


def value_added(G: nx.MultiDiGraph, *, source: str, amount: float | None = None,
                as_of: date | None = None) -> pd.DataFrame:
    """Where a dollar of ``source``'s demand ends up: each node's value added (its receipts less what
    it buys inside the graph). The ``usd`` column sums to the amount; ``share`` to 1.

    Columns: id, name, type, usd, share. Rows: largest first, then id.
    """
    money, start, A, x, _ = _propagate(G, source, amount, as_of)
    passed_on = np.asarray(A.sum(axis=0)).ravel()
    kept = x * np.clip(1.0 - passed_on, 0.0, 1.0)
    total = float(x[start])
    view = money.view
    rows = [{"id": view.nodes[i], "name": G.nodes[view.nodes[i]].get("name"),
             "type": G.nodes[view.nodes[i]].get("type"), "usd": float(kept[i]), "share": float(kept[i] / total)}
            for i in np.flatnonzero(kept > MIN_USD_SHARE * total)]
    frame = pd.DataFrame(rows, columns=VALUE_ADDED_COLUMNS)
    return frame.sort_values(["usd", "id"], ascending=[False, True]).reset_index(drop=True)


def audit(G: nx.MultiDiGraph, *, as_of: date | None = None) -> pd.DataFrame:
    """What does not add up in the money view, and where the graph explains little.

    Checks: ``inflows-exceed-revenue`` (a seller whose modelled customers explain more than its
    reported revenue, beyond 1 %), ``spend-exceeds-revenue`` (a buyer whose modelled purchases exceed
    its revenue; the money view scales its column down), ``market-exceeded`` (a segment whose
    capex-driven demand exceeds its market size), ``no-financials`` (a listed company without
    reported revenue), ``no-market-size`` (a segment with suppliers and no market size),
    ``no-cloud-share`` (a telecom operator in a cloud role without a cloud revenue figure, counted as
    cloud demand in full: :func:`~computechain.queries.exposure.counted_parts`),
    ``segment-coverage`` (every segment with a market size: the share of it that the capex plans'
    traced money explains).

    Columns: check, id, name, value, limit, detail. Rows: by check, then id.
    """
    money = compile_money_view(G, as_of=as_of)
    nodes = money.nodes.assign(name=[G.nodes[n].get("name") for n in money.nodes["id"]])
    rows = []
    company = nodes[nodes["type"] == "company"]
    for r in company[company["coverage"] > 1 + TOLERANCE].itertuples():
        rows.append(("inflows-exceed-revenue", r.id, r.name, r.coverage, 1.0, f"revenue {r.revenue_usd:,.0f} USD"))
    for r in nodes[nodes["passed_on"] > 1 + TOLERANCE].itertuples():
        rows.append(("spend-exceeds-revenue", r.id, r.name, r.passed_on, 1.0,
                     "modelled purchases exceed its revenue (or a plan's amount); scaled down to all of it"))
    listed_mask = np.array([bool(G.nodes[n].get("listings")) for n in company["id"]], dtype=bool)
    listed = company[listed_mask & company["revenue_usd"].isna().to_numpy()]
    rows += [("no-financials", r.id, r.name, math.nan, math.nan, "listed, no reported revenue")
             for r in listed.itertuples()]
    shares = cloud_shares(G, as_of=as_of)
    rows += [("no-cloud-share", n, G.nodes[n].get("name"), math.nan, math.nan,
              "a telecom operator counted in full as cloud demand: no cloud revenue figure")
             for n in demand_sources(G, "hyperscalers") if partly_cloud(G.nodes[n]) and n not in shares.index]
    with_suppliers = np.array([G.in_degree(n) > 0 for n in nodes["id"]], dtype=bool)
    segments = nodes[(nodes["type"] == "segment").to_numpy() & with_suppliers]
    for r in segments.itertuples():
        if math.isnan(r.market_usd):
            rows.append(("no-market-size", r.id, r.name, math.nan, math.nan,
                         "capex into it is split equally among its inputs and never capped"))
            continue
        if r.market_demand_usd > r.market_usd * (1 + TOLERANCE):
            rows.append(("market-exceeded", r.id, r.name, r.market_demand_usd / r.market_usd, 1.0,
                         f"USD from all capex plans {r.market_demand_usd:,.0f} vs market size {r.market_usd:,.0f}"))
        rows.append(("segment-coverage", r.id, r.name, min(r.market_demand_usd / r.market_usd, 1.0), 1.0,
                     f"USD from all capex plans {r.market_demand_usd:,.0f} of a {r.market_usd:,.0f} USD market"))
    frame = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return frame.sort_values(["check", "id"], kind="stable").reset_index(drop=True)
