"""Tier-N suppliers and customers of a company along ``supplies`` relations.

Goods flow supplier -> customer. A company's tier is its shortest distance from the entity
along ``supplies`` edges valid on ``as_of``: tier-1 suppliers supply the entity, tier-2
suppliers supply a tier-1 supplier, and so on. Each row is one ``supplies`` relation that
reaches one tier further: for suppliers, a relation from a tier-``t`` supplier to a company at
tier ``t - 1`` (the entity is tier 0); customers mirror this downstream. A company appears
only at its nearest tier, so cycles and shortcuts list no company twice.

Examples
--------
Acme Foundry makes wafers for Gamma GPU, which sells accelerators to Nimbus Cloud.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for c in ("acme", "gamma", "nimbus"):
...     G.add_node(f"company:{c}", type="company", name=c.title())
>>> _ = G.add_edge("company:acme", "company:gamma", key="r1", kind="supplies", product="segment:wafers",
...                as_of="2024-12-31", share_of_supplier_revenue=0.6, basis="estimate")
>>> _ = G.add_edge("company:gamma", "company:nimbus", key="r2", kind="supplies", product="segment:gpu",
...                as_of="2024-12-31")
>>> suppliers(G, entity="company:nimbus", tiers=2)[["tier", "supplier", "customer", "product"]].to_dict("records")
... # doctest: +NORMALIZE_WHITESPACE
[{'tier': 1, 'supplier': 'company:gamma', 'customer': 'company:nimbus', 'product': 'segment:gpu'},
 {'tier': 2, 'supplier': 'company:acme', 'customer': 'company:gamma', 'product': 'segment:wafers'}]
>>> customers(G, entity="company:acme", tiers=1)[["tier", "customer", "share_of_supplier_revenue"]].to_dict("records")
[{'tier': 1, 'customer': 'company:gamma', 'share_of_supplier_revenue': 0.6}]
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import networkx as nx
import pandas as pd

from computechain.errors import QueryError, UnknownEntityError
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind

TIER_COLUMNS = ["tier", "supplier", "supplier_name", "customer", "customer_name", "product",
                "share_of_supplier_revenue", "share_of_customer_spend", "basis", "as_of", "relation_id"]


def _tiers(G: nx.MultiDiGraph, entity: str, tiers: int, as_of: date | None,
           direction: Literal["up", "down"]) -> pd.DataFrame:
    if entity not in G:
        raise UnknownEntityError(entity)
    if tiers < 1:
        raise QueryError(f"tiers must be 1 or more, got {tiers}")
    supplies = relations(G, as_of=as_of, kinds=[RelationKind.SUPPLIES])
    walk = nx.DiGraph()
    walk.add_node(entity)
    far_end, near_end = ("source", "target") if direction == "up" else ("target", "source")
    walk.add_edges_from(zip(supplies[near_end], supplies[far_end], strict=True))
    tier = pd.Series(nx.single_source_shortest_path_length(walk, entity, cutoff=tiers), dtype="Int64")
    far, near = supplies[far_end].map(tier), supplies[near_end].map(tier)
    reached = supplies[(far == near + 1).fillna(False).to_numpy(dtype=bool)]
    rows = []
    for u, v, key, t in zip(reached["source"], reached["target"], reached["relation"],
                            reached[far_end].map(tier), strict=True):
        d = G.edges[u, v, key]
        rows.append({
            "tier": int(t), "supplier": u, "supplier_name": G.nodes[u].get("name"),
            "customer": v, "customer_name": G.nodes[v].get("name"), "product": d.get("product"),
            "share_of_supplier_revenue": d.get("share_of_supplier_revenue"),
            "share_of_customer_spend": d.get("share_of_customer_spend"), "basis": d.get("basis"),
            "as_of": d["as_of"], "relation_id": key,
        })
    frame = pd.DataFrame(rows, columns=TIER_COLUMNS)
    order = ["tier", "supplier", "customer", "relation_id"] if direction == "up" else \
        ["tier", "customer", "supplier", "relation_id"]
    return frame.sort_values(order).reset_index(drop=True)


def suppliers(G: nx.MultiDiGraph, *, entity: str, tiers: int = 1, as_of: date | None = None) -> pd.DataFrame:
    """The ``supplies`` relations that reach ``entity``'s suppliers up to tier ``tiers``.

    Parameters
    ----------
    G : the computechain graph.
    entity : company id.
    tiers : how many tiers up the chain (1: direct suppliers only).
    as_of : only relations valid on this day (see :func:`computechain.graph.relations.relations`).

    Returns
    -------
    DataFrame with columns tier, supplier, supplier_name, customer, customer_name, product,
    share_of_supplier_revenue, share_of_customer_spend, basis, as_of, relation_id; one row per
    relation from a tier-``t`` supplier to a company at tier ``t - 1``, sorted by tier, supplier,
    customer and relation id.
    """
    return _tiers(G, entity, tiers, as_of, "up")


def customers(G: nx.MultiDiGraph, *, entity: str, tiers: int = 1, as_of: date | None = None) -> pd.DataFrame:
    """The ``supplies`` relations that reach ``entity``'s customers down to tier ``tiers``.

    Same columns as :func:`suppliers`; one row per relation from a company at tier ``t - 1`` to a
    tier-``t`` customer, sorted by tier, customer, supplier and relation id.
    """
    return _tiers(G, entity, tiers, as_of, "down")
