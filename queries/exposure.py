"""Exposure: the share of a company's revenue that traces back to each demand source.

With ``R[i, j]`` the share of i's revenue that comes from j (reported
``share_of_supplier_revenue`` where known, else the missing-weight rule), the share of s's
revenue that traces back to d over all paths is ``E[s, d]`` with ``E = (I - R)^-1 - I``
(each path contributes the product of its revenue shares: the proportional-attribution
assumption of input-output accounting). For a *group* of sources (all hyperscalers, say) the
group's members are made absorbing, so revenue that passes through two members is counted once.

Uncertainty: revenue shares that carry a low/high range are drawn from a triangular
distribution (low, value, high) in ``samples`` seeded Monte Carlo draws; the answer carries
p5 / p50 / p95.

Examples
--------
A laser maker sells 50 % to a module maker (reported); the module maker sells all of its
output to a cloud (filled); so 0.5 of the laser maker's revenue traces back to the cloud.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, role in (("laser", "optical-component"), ("module", "optical-module"), ("cloud", "hyperscaler")):
...     G.add_node(f"company:{n}", type="company", name=n.title(), roles=[role], listings=[])
>>> _ = G.add_edge("company:laser", "company:module", key="a", kind="supplies", as_of="2024-12-31",
...                share_of_supplier_revenue=0.5, share_of_supplier_revenue_low=0.4,
...                share_of_supplier_revenue_high=0.6, share_of_supplier_revenue_basis="estimate")
>>> _ = G.add_edge("company:module", "company:cloud", key="b", kind="supplies", as_of="2024-12-31")
>>> exposure(G, company="Laser", to="hyperscalers")[["demand_source", "exposure", "exposure_filled"]].to_dict("records")
[{'demand_source': 'company:cloud', 'exposure': 0.5, 'exposure_filled': 0.5}]
>>> row = exposure(G, company="Laser", to="hyperscalers", samples=200, seed=1).iloc[0]
>>> bool(0.4 <= row.p5 < row.p50 < row.p95 <= 0.6)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import QueryError
from computechain.graph.facts import listed_on, listing_text
from computechain.graph.money_tables import cloud_shares
from computechain.queries.engine.money_view import compile_money_view
from computechain.queries.engine.paths import path_costs, path_nodes, paths_to
from computechain.queries.engine.revenue_solve import solve_revenue
from computechain.queries.engine.view import CompiledView, FillRule, compile_view
from computechain.queries.lookup import find_entity

DemandGroup = Literal["hyperscalers", "labs", "capex", "models", "all"]
DEMAND_GROUPS: tuple[DemandGroup, ...] = ("hyperscalers", "labs", "capex", "models", "all")
CLOUD_ROLES = frozenset({"hyperscaler", "cloud-provider"})
LAB_ROLES = frozenset({"model-lab"})
# group -> (company roles that make a node a member, node types that do)
DEMAND_MEMBERS: dict[DemandGroup, tuple[frozenset[str], frozenset[str]]] = {
    "hyperscalers": (CLOUD_ROLES, frozenset()),
    "labs": (LAB_ROLES, frozenset()),
    "capex": (frozenset(), frozenset({"capex"})),
    "models": (frozenset(), frozenset({"model"})),
    "all": (CLOUD_ROLES | LAB_ROLES, frozenset({"capex", "model"})),
}
# A company in a cloud role whose purchases mostly serve another business of its own (a telecom
# operator buys fibre and transmission gear for its networks) counts as cloud demand only with the
# share of its revenue that its cloud business makes (:func:`cloud_shares`); in full without one.
PARTLY_CLOUD_ROLES = frozenset({"telecom-operator"})
Against = Literal["modelled", "reported"]
AGAINST: tuple[Against, ...] = ("modelled", "reported")
EXPOSURE_COLUMNS = ["demand_source", "name", "counted", "exposure", "exposure_reported", "exposure_estimate",
                    "exposure_filled", "exposure_prior", "p5", "p50", "p95", "coverage", "path", "relations"]
RANKING_COLUMNS = ["company", "name", "listings", "exposure", "exposure_reported", "exposure_estimate",
                   "exposure_filled", "exposure_prior", "p5", "p50", "p95", "revenue_usd", "coverage"]


DEMAND_KEY = "computechain_demand_sources"


def demand_sources(G: nx.MultiDiGraph, group: DemandGroup) -> list[str]:
    """Nodes that count as demand sources in ``group``, sorted (found once per graph, kept in
    ``G.__networkx_cache__``)."""
    if group not in DEMAND_GROUPS:
        raise QueryError(f"unknown demand group {group!r}; use one of {', '.join(DEMAND_GROUPS)}")
    cache: dict[DemandGroup, list[str]] = G.__networkx_cache__.setdefault(DEMAND_KEY, {})
    if group not in cache:
        roles, types = DEMAND_MEMBERS[group]
        cache[group] = sorted(node for node, attrs in G.nodes(data=True)
                              if attrs.get("type") in types or not roles.isdisjoint(attrs.get("roles") or ()))
    return list(cache[group])


def counted_parts(G: nx.MultiDiGraph, sources: Sequence[str], *, as_of: date | None = None) -> np.ndarray:
    """Per demand source, the part of its demand that counts: 1, but a telecom operator's cloud
    share of revenue (``PARTLY_CLOUD_ROLES``) when it is a source by a cloud role only (not also
    as a model lab).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("company:cloud", type="company", roles=["hyperscaler"])
    >>> G.add_node("company:telco", type="company", roles=["telecom-operator", "hyperscaler"])
    >>> year = {"company": "company:telco", "period": "FY2024", "period_start": "2024-01-01",
    ...         "period_end": "2024-12-31", "currency": "USD", "as_of": "2025-03-20"}
    >>> G.graph["money"] = {"financials": [{**year, "revenue": 500.0}],
    ...                     "segment_revenue": [{**year, "segment": "segment:cloud-compute", "revenue": 100.0}]}
    >>> counted_parts(G, ["company:cloud", "company:telco"]).tolist()
    [1.0, 0.2]
    """
    shares = cloud_shares(G, as_of=as_of)
    return np.array([float(shares.get(source, 1.0)) if partly_cloud(G.nodes[source]) else 1.0 for source in sources])


def partly_cloud(attrs: dict[str, object]) -> bool:
    """Whether a node is cloud demand only in part (see ``PARTLY_CLOUD_ROLES``): a telecom operator
    in a cloud role, and not also a model lab."""
    roles = set(attrs.get("roles") or ())  # type: ignore[call-overload]
    return bool(roles & PARTLY_CLOUD_ROLES and roles & CLOUD_ROLES and not roles & LAB_ROLES)


def _row(solved: dict[str, np.ndarray], i: int) -> dict[str, float]:
    total, est, rep = solved["total"][i], solved["with_estimates"][i], solved["reported"][i]
    filled = solved["with_filled"][i]
    row = {"exposure": float(total), "exposure_reported": float(rep), "exposure_estimate": float(est - rep),
           "exposure_filled": float(filled - est), "exposure_prior": float(total - filled)}
    row.update({p: float(solved[p][i]) if p in solved else float("nan") for p in ("p5", "p50", "p95")})
    return row


def _view_and_coverage(G: nx.MultiDiGraph, against: Against, as_of: date | None,
                       fill: FillRule) -> tuple[CompiledView, pd.DataFrame | None]:
    """The view to solve on: the graph's modelled revenue (shares of what the graph models), or the
    money view (shares of reported revenue; :mod:`computechain.queries.engine.money_view`) with its
    node table (in the view's node order)."""
    if against not in AGAINST:
        raise QueryError(f"unknown --against {against!r}; use one of {', '.join(AGAINST)}")
    if against == "modelled":
        return compile_view(G, as_of=as_of, fill=fill), None
    money = compile_money_view(G, as_of=as_of)
    return money.view, money.nodes


def exposure(G: nx.MultiDiGraph, *, company: str, to: DemandGroup = "all", as_of: date | None = None,
             fill: FillRule = "market-share", samples: int = 0, seed: int = 0,
             against: Against = "modelled") -> pd.DataFrame:
    """The share of ``company``'s revenue that traces back to each demand source of group ``to``:
    of its revenue as modelled in the graph (``against="modelled"``), or of its reported revenue
    (``"reported"``: the money view, where what the graph does not explain is outside demand).

    Columns: demand_source, name, counted (the part of the source's demand that counts:
    :func:`counted_parts`; every exposure column includes it), exposure, exposure_reported, exposure_estimate,
    exposure_filled, exposure_prior (sum to exposure; prior: the money view's size priors),
    p5, p50, p95 (NaN without ``samples``), coverage (with ``"reported"``: the share of the
    company's reported revenue the graph explains), path (the largest-product revenue path from
    the company to the source), relations (along that path).
    Rows: sources with positive exposure, largest first, then id.
    """
    node = find_entity(G, company)
    view, money = _view_and_coverage(G, against, as_of, fill)
    start = view.index[node]
    coverage = float(money["coverage"].to_numpy(dtype=float)[start]) if money is not None else float("nan")
    # row ``start`` of (I - R)^-1 at once: solve with R transposed from the company's unit vector
    unit = np.zeros(len(view.nodes))
    unit[start] = 1.0
    sources = [s for s in demand_sources(G, to) if s != node]
    parts = counted_parts(G, sources, as_of=as_of)
    solved = solve_revenue(view, unit, transpose=True, keep=[view.index[s] for s in sources],
                           samples=samples, seed=seed)
    solved = {name: values * parts for name, values in solved.items()}
    exposed = np.flatnonzero(solved["total"] > 1e-12)
    if "R-path-costs" not in view.derived:
        view.derived["R-path-costs"] = path_costs(view.R)
    targets = np.array([view.index[sources[at]] for at in exposed], dtype=np.int64)
    predecessors = paths_to(view.derived["R-path-costs"], start, targets, solved["total"][exposed])
    rows = []
    for at in exposed.tolist():
        source = sources[at]
        steps = path_nodes(predecessors, view.index[source])
        rows.append({"demand_source": source, "name": G.nodes[source].get("name"), "counted": parts[at],
                     **_row(solved, at),
                     "coverage": coverage,
                     "path": " -> ".join(str(G.nodes[view.nodes[i]].get("name")) for i in steps),
                     "relations": ";".join(view.relations_along(pairwise(steps)))})
    frame = pd.DataFrame(rows, columns=EXPOSURE_COLUMNS)
    return frame.sort_values(["exposure", "demand_source"], ascending=[False, True]).reset_index(drop=True)


def exposure_ranking(G: nx.MultiDiGraph, *, listed: Iterable[str] = (), companies: Iterable[str] = (),
                     to: DemandGroup = "hyperscalers", as_of: date | None = None, fill: FillRule = "market-share",
                     samples: int = 0, seed: int = 0, against: Against = "modelled") -> pd.DataFrame:
    """Rank companies (those listed on any exchange in ``listed``, plus ``companies``) by the share
    of their revenue (modelled, or reported: see :func:`exposure`) that traces back to the demand
    group ``to`` (each path counted once).

    Columns: company, name, listings, exposure, exposure_reported, exposure_estimate,
    exposure_filled, exposure_prior, p5, p50, p95, revenue_usd, coverage (NaN unless
    ``against="reported"``). Rows: largest exposure first, then company id.
    """
    exchanges = {e.upper() for e in listed}
    chosen = {find_entity(G, c) for c in companies} | set(listed_on(G, exchanges))
    if not chosen:
        raise QueryError("no company chosen: give --listed EXCHANGES or company names")
    view, money = _view_and_coverage(G, against, as_of, fill)
    nan = float("nan")
    facts = (np.full((len(view.nodes), 2), nan) if money is None
             else money[["revenue_usd", "coverage"]].to_numpy(dtype=float))
    sources = demand_sources(G, to)
    members = [view.index[s] for s in sources]
    target = np.zeros(len(view.nodes))
    target[members] = counted_parts(G, sources, as_of=as_of)
    ranked = sorted(chosen)
    solved = solve_revenue(view, target, absorbing=members, keep=[view.index[c] for c in ranked],
                           samples=samples, seed=seed)
    rows = [{"company": c, "name": G.nodes[c].get("name"),
             "listings": ";".join(map(listing_text, G.nodes[c].get("listings", []))),
             **_row(solved, at),
             "revenue_usd": facts[view.index[c], 0], "coverage": facts[view.index[c], 1]}
            for at, c in enumerate(ranked)]
    frame = pd.DataFrame(rows, columns=RANKING_COLUMNS)
    return frame.sort_values(["exposure", "company"], ascending=[False, True]).reset_index(drop=True)
