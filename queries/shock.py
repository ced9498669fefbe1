"""What-if shocks: scale demand sources, remove suppliers, cut trade, and see who feels it.

A shock is applied to a *copy* of the graph (the caller's graph is never touched):

- ``scale={"capex:microsoft-fy2025": 1.2}`` multiplies that source's final demand;
- ``remove=[...]`` takes out a company (``company:tsmc``), one product of a company
  (``company:tsmc#segment:advanced-packaging``: its supply of that product and its share of that
  segment), a whole segment, every company located in a region (``region:...``), or every company
  of a country (``country:CN``);
- ``cut=["US->CN#segment:ai-accelerators"]`` removes the supply of a product from companies of
  one country to buyers of another (an export control).

With ``substitute=True`` a customer that loses a supplier of a product may buy it from the
segment's remaining participants: each gets an unweighted supply relation (marked
``substitute``), whose share the missing-weight rule fills. Output is compared with the
unshocked graph under the same final demand: one unit at every demand source
(:func:`computechain.queries.exposure.demand_sources`), scaled as asked.

Examples
--------
Two foundries supply a GPU maker; the lab buys all its chips from the GPU maker. Removing
foundry A moves its share to B (the only other foundry participant) with substitution:

>>> G = nx.MultiDiGraph()
>>> G.add_node("company:lab", type="company", roles=["model-lab"])
>>> G.add_nodes_from(["company:gpu", "company:fab-a", "company:fab-b"], type="company", roles=[])
>>> G.add_node("segment:foundry", type="segment")
>>> for u, v, kind, attrs in [
...         ("company:gpu", "company:lab", "supplies", {"share_of_customer_spend": 1.0}),
...         ("company:fab-a", "company:gpu", "supplies", {"product": "segment:foundry"}),
...         ("company:fab-a", "segment:foundry", "participates_in", {}),
...         ("company:fab-b", "segment:foundry", "participates_in", {})]:
...     _ = G.add_edge(u, v, kind=kind, as_of="2024-12-31", sources=[], **attrs)
>>> shock(G, remove=["company:fab-a"]).set_index("id").loc[["company:fab-a", "company:fab-b"], "change"].tolist()
[-1.0, 1.0]
>>> supply_losses(G, remove=["company:fab-a"], substitute=False)[["customer", "status"]].to_dict("records")
[{'customer': 'company:gpu', 'status': 'lost'}]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import QueryError
from computechain.graph.facts import located_in
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind
from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.view import FillRule, compile_view
from computechain.queries.exposure import demand_sources
from computechain.queries.lookup import find_entity

SHOCK_COLUMNS = ["id", "name", "type", "base", "shocked", "change", "change_pct"]
LOSS_COLUMNS = ["customer", "product", "lost_suppliers", "lost_share", "remaining_suppliers", "substitutes", "status"]


def _country_nodes(G: nx.MultiDiGraph, country: str) -> set[str]:
    nodes = {n for n, d in G.nodes(data=True) if d.get("type") == "company" and d.get("country") == country}
    if not nodes:
        known = sorted({d["country"] for _, d in G.nodes(data=True) if d.get("type") == "company" and d.get("country")})
        raise QueryError(f"country:{country}: no company of the graph is in {country!r}; "
                         f"countries in the graph: {', '.join(known)}")
    return nodes


def _removed(G: nx.MultiDiGraph, specs: Iterable[str], as_of: date | None) -> tuple[set[str], set[tuple[str, str]]]:
    """Nodes removed whole (a region with the companies located in it on ``as_of``), and
    (company, product) pairs removed for one product only."""
    nodes: set[str] = set()
    products: set[tuple[str, str]] = set()
    for spec in specs:
        if spec.startswith("country:"):
            nodes |= _country_nodes(G, spec.split(":", 1)[1].upper())
        elif "#" in spec:
            company, product = spec.split("#", 1)
            products.add((find_entity(G, company), find_entity(G, product)))
        else:
            node = find_entity(G, spec)
            nodes.add(node)
            if G.nodes[node].get("type") == "region":
                nodes |= {n for n in located_in(G, node, as_of=as_of) if G.nodes[n].get("type") == "company"}
    return nodes, products


Route = tuple[str, str, str]  # (seller country, buyer country, product)


def _routes(G: nx.MultiDiGraph, cuts: Iterable[str]) -> set[Route]:
    """Parse ``SELLER_COUNTRY->BUYER_COUNTRY#segment:x`` cuts."""
    routes = set()
    for cut in cuts:
        route, _, product = cut.partition("#")
        seller, arrow, buyer = route.partition("->")
        if not arrow or not product:
            raise QueryError(f"cut {cut!r} is not SELLER_COUNTRY->BUYER_COUNTRY#segment:x "
                             "(e.g. US->CN#segment:ai-accelerators)")
        routes.add((seller.strip().upper(), buyer.strip().upper(), find_entity(G, product)))
    return routes


def _is_cut(G: nx.MultiDiGraph, routes: set[Route], seller: str, buyer: str, product: str | None) -> bool:
    return (G.nodes[seller].get("country"), G.nodes[buyer].get("country"), product) in routes


def _drops(G: nx.MultiDiGraph, remove: Iterable[str], cut: Iterable[str], as_of: date | None
           ) -> tuple[set[str], set[tuple[str, str, str]], set[Route]]:
    nodes, products = _removed(G, remove, as_of)
    routes = _routes(G, cut)
    segments = {n for n in nodes if G.nodes[n].get("type") == "segment"}
    edges = set()
    for u, v, key, kind, product in _edges(relations(G)):
        if ((kind == RelationKind.SUPPLIES and _is_cut(G, routes, u, v, product)) or (u, product) in products
                or (kind == RelationKind.PARTICIPATES_IN and (u, v) in products) or product in segments):
            edges.add((u, v, key))
    return nodes, edges, routes


def _edges(rows: pd.DataFrame, *extra: str) -> Iterable[tuple[Any, ...]]:
    """source, target, relation id, kind, product and the ``extra`` columns of each row."""
    columns = ["source", "target", "relation", "kind", "product", *extra]
    return zip(*(rows[c] for c in columns), strict=True)


@dataclass(frozen=True)
class Loss:
    """A customer's loss of suppliers of one product (one row of :func:`supply_losses`)."""

    customer: str
    product: str
    lost_suppliers: tuple[str, ...]
    lost_share: float  # NaN when a lost relation was unweighted
    remaining_suppliers: tuple[str, ...]
    substitutes: tuple[str, ...]

    @property
    def status(self) -> str:
        return "reduced" if self.remaining_suppliers else ("substitutable" if self.substitutes else "lost")


def _losses(G: nx.MultiDiGraph, nodes: set[str], edges: set[tuple[str, str, str]], routes: set[Route],
            as_of: date | None) -> list[Loss]:
    before: dict[tuple[str, str], set[str]] = defaultdict(set)
    after: dict[tuple[str, str], set[str]] = defaultdict(set)
    lost_shares: dict[tuple[str, str], list[float | None]] = defaultdict(list)
    participants: dict[str, set[str]] = defaultdict(set)
    rows = relations(G, as_of=as_of, kinds=[RelationKind.SUPPLIES, RelationKind.PARTICIPATES_IN])
    for u, v, k, kind, product, spend in _edges(rows, "spend"):
        gone = u in nodes or v in nodes or (u, v, k) in edges
        if kind == RelationKind.SUPPLIES and product and v not in nodes:
            before[(v, product)].add(u)
            if not gone:
                after[(v, product)].add(u)
            else:
                lost_shares[(v, product)].append(None if math.isnan(spend) else spend)
        elif kind == RelationKind.PARTICIPATES_IN and not gone:
            participants[v].add(u)
    losses = []
    for (customer, product), suppliers in sorted(before.items()):
        lost = suppliers - after[(customer, product)]
        if not lost:
            continue
        remaining = after[(customer, product)]
        substitutes = {s for s in participants[product] - remaining - {customer} - lost
                       if not _is_cut(G, routes, s, customer, product)}
        shares = lost_shares[(customer, product)]
        lost_share = float("nan") if None in shares else sum(s for s in shares if s is not None)
        losses.append(Loss(customer, product, tuple(sorted(lost)), lost_share, tuple(sorted(remaining)),
                           tuple(sorted(substitutes))))
    return losses


def supply_losses(G: nx.MultiDiGraph, *, remove: Iterable[str] = (), cut: Iterable[str] = (), substitute: bool = True,
                  as_of: date | None = None) -> pd.DataFrame:
    """Every (customer, product) that loses a supplier, and what is left.

    Columns: customer, product, lost_suppliers, lost_share (the customer's spend share the lost
    relations carried; NaN when one was unweighted), remaining_suppliers, substitutes (the product
    segment's other participants; empty when ``substitute`` is False), status (``reduced``:
    another named supplier remains; ``substitutable``: only other participants of the segment
    remain; ``lost``: nobody is left). Sorted by product, then customer.
    """
    rows = [{"customer": loss.customer, "product": loss.product, "lost_suppliers": ";".join(loss.lost_suppliers),
             "lost_share": loss.lost_share, "remaining_suppliers": ";".join(loss.remaining_suppliers),
             "substitutes": ";".join(loss.substitutes) if substitute else "",
             "status": loss.status if substitute or loss.status != "substitutable" else "lost"}
            for loss in _losses(G, *_drops(G, remove, cut, as_of), as_of)]
    return pd.DataFrame(rows, columns=LOSS_COLUMNS).sort_values(["product", "customer"]).reset_index(drop=True)


def shocked_graph(G: nx.MultiDiGraph, *, remove: Iterable[str] = (), cut: Iterable[str] = (), substitute: bool = True,
                  as_of: date | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` with the removals and cuts applied and substitute supply added."""
    nodes, edges, routes = _drops(G, remove, cut, as_of)
    losses = _losses(G, nodes, edges, routes, as_of)
    H = G.copy()
    H.remove_edges_from(edges)
    H.remove_nodes_from(nodes)
    if substitute:
        for loss in losses:
            # the substitutes share the spend the lost relations carried, when it is known
            weight = {} if math.isnan(loss.lost_share) or not loss.substitutes else {
                "share_of_customer_spend": loss.lost_share / len(loss.substitutes),
                "share_of_customer_spend_basis": "estimate",
                "share_of_customer_spend_basis_note": "substitution: the lost suppliers' share split equally"}
            for supplier in loss.substitutes:
                H.add_edge(supplier, loss.customer, key=f"substitute:{supplier}->{loss.customer}#{loss.product}",
                           kind=RelationKind.SUPPLIES.value, product=loss.product, as_of="0001-01-01", sources=[],
                           dataset="substitute", **weight)
    return H


def _output(G: nx.MultiDiGraph, demand: Mapping[str, float], as_of: date | None, fill: FillRule) -> dict[str, float]:
    view = compile_view(G, as_of=as_of, fill=fill)
    f = np.zeros(len(view.nodes))
    for node, amount in demand.items():
        if node in view.index:
            f[view.index[node]] = amount
    x = neumann_solve(view.A, f, nodes=view.nodes)
    return {view.nodes[i]: float(x[i]) for i in np.flatnonzero(x)}


def shock(G: nx.MultiDiGraph, *, scale: Mapping[str, float] | None = None, remove: Iterable[str] = (),
          cut: Iterable[str] = (), substitute: bool = True, as_of: date | None = None,
          fill: FillRule = "market-share") -> pd.DataFrame:
    """Output of every node before and after the shock, under one unit of final demand at every
    demand source (those in ``scale`` multiplied by their factor).

    Columns: id, name, type, base, shocked, change (shocked - base), change_pct (NaN where base
    is 0). Rows: nodes whose output changes, largest absolute change first, then id.
    """
    base_demand = {source: 1.0 for source in demand_sources(G, "all")}
    shocked_demand = dict(base_demand)
    for name, factor in (scale or {}).items():
        if not 0 <= factor < math.inf:  # also refuses nan, for which every comparison is false
            raise QueryError(f"scale factor for {name!r} must be >= 0 and finite, got {factor}")
        node = find_entity(G, name)
        shocked_demand[node] = shocked_demand.get(node, 1.0) * factor
    remove, cut = list(remove), list(cut)
    H = shocked_graph(G, remove=remove, cut=cut, substitute=substitute, as_of=as_of) if remove or cut else G
    base = _output(G, base_demand, as_of, fill)
    after = _output(H, shocked_demand, as_of, fill)
    rows: list[dict[str, Any]] = []
    for node in sorted(set(base) | set(after)):
        change = after.get(node, 0.0) - base.get(node, 0.0)
        if abs(change) > 1e-12:
            b = base.get(node, 0.0)
            rows.append({"id": node, "name": G.nodes[node].get("name"), "type": G.nodes[node].get("type"), "base": b,
                         "shocked": after.get(node, 0.0), "change": change,
                         "change_pct": change / b * 100 if b else float("nan")})
    frame = pd.DataFrame(rows, columns=SHOCK_COLUMNS)
    order = frame["change"].abs()
    return (frame.assign(_abs=-order).sort_values(["_abs", "id"]).drop(columns="_abs").reset_index(drop=True))
