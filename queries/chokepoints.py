"""Where the chain hangs on few suppliers: concentration, single sources and influence.

Per segment: how many companies supply it (participants plus suppliers of that product),
the Herfindahl-Hirschman index of the known market shares (on the 0-10,000 scale of
competition authorities: shares in percent, squared and summed), the leader, how many
customers buy that product from exactly one supplier, and the segment's *influence*: its
entry of the influence vector of Acemoglu, Carvalho, Ozdaglar and Tahbaz-Salehi (2012),
``v = (alpha / n) (I - (1 - alpha) A)^-1 1`` on the compiled spend matrix A (every node demands
equally; ``alpha`` is the share of spend that leaves the modelled chain), so a segment many
others buy from, directly or through many tiers, scores high.

Examples
--------
Two HBM makers with 60 % and 40 %: HHI = 60^2 + 40^2 = 5,200. One GPU maker buys HBM only
from the first: one single-source dependency.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> for c in ("a", "b", "gpu"):
...     G.add_node(f"company:{c}", type="company", name=c.upper())
>>> for c, s in (("a", 0.6), ("b", 0.4)):
...     _ = G.add_edge(f"company:{c}", "segment:hbm", key=c, kind="participates_in", as_of="2024-12-31",
...                    market_share=s, market_share_basis="reported")
>>> _ = G.add_edge("company:a", "company:gpu", key="s", kind="supplies", product="segment:hbm",
...                as_of="2024-12-31")
>>> columns = ["segment", "suppliers", "hhi", "leader", "leader_share", "single_source_customers"]
>>> chokepoints(G)[columns].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'segment': 'segment:hbm', 'suppliers': 2, 'hhi': 5200.0, 'leader': 'company:a', 'leader_share': 0.6,
  'single_source_customers': 1}]
>>> single_sources(G).to_dict("records")
[{'customer': 'company:gpu', 'product': 'segment:hbm', 'supplier': 'company:a'}]
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import QueryError
from computechain.graph.facts import market_shares, segment_members
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind
from computechain.queries.engine.leontief import neumann_solve
from computechain.queries.engine.view import FillRule, compile_view

CHOKEPOINT_COLUMNS = ["segment", "name", "suppliers", "share_known", "hhi", "leader", "leader_share",
                      "single_source_customers", "influence"]
SINGLE_SOURCE_COLUMNS = ["customer", "product", "supplier"]


def single_sources(G: nx.MultiDiGraph, *, as_of: date | None = None) -> pd.DataFrame:
    """Customers that buy a product from exactly one supplier in the graph.

    Columns: customer, product, supplier; sorted by product, then customer.
    """
    supplies = relations(G, as_of=as_of, kinds=[RelationKind.SUPPLIES])
    pairs = supplies.loc[supplies["product"].notna(), ["target", "product", "source"]].drop_duplicates()
    single = pairs[~pairs.duplicated(["target", "product"], keep=False)]
    frame = pd.DataFrame(single.to_numpy().tolist(), columns=SINGLE_SOURCE_COLUMNS)
    return frame.sort_values(["product", "customer"]).reset_index(drop=True)


def influence_vector(G: nx.MultiDiGraph, *, as_of: date | None = None, fill: FillRule = "market-share",
                     alpha: float = 0.5) -> pd.Series:
    """Acemoglu et al. (2012) influence of every node: ``(alpha/n) (I - (1-alpha) A)^-1 1``."""
    if not 0 < alpha <= 1:
        raise QueryError(f"alpha must be in (0, 1], got {alpha}")
    view = compile_view(G, as_of=as_of, fill=fill)
    n = len(view.nodes)
    v = neumann_solve((1 - alpha) * view.A, np.full(n, alpha / n), nodes=view.nodes)
    return pd.Series(v, index=list(view.nodes))


def chokepoints(G: nx.MultiDiGraph, *, as_of: date | None = None, fill: FillRule = "market-share",
                alpha: float = 0.5) -> pd.DataFrame:
    """One row per segment that has suppliers.

    Columns: segment, name, suppliers (count), share_known (sum of known market shares),
    hhi (0-10,000, over known shares), leader, leader_share, single_source_customers,
    influence (Acemoglu et al. 2012). Rows: highest hhi first, then segment id.
    """
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    for company, segment, share in market_shares(G, as_of=as_of).itertuples(index=False):
        shares[segment][company] = share
    suppliers = segment_members(G, as_of=as_of)["segment"].value_counts(sort=False)
    single = single_sources(G, as_of=as_of)["product"].value_counts()
    influence = influence_vector(G, as_of=as_of, fill=fill, alpha=alpha)
    rows = []
    for segment, members in zip(map(str, suppliers.index), suppliers.to_numpy(), strict=True):
        known = shares.get(segment, {})
        leader = min(known, key=lambda c: (-known[c], c)) if known else None
        rows.append({
            "segment": segment, "name": G.nodes[segment].get("name"), "suppliers": int(members),
            "share_known": round(sum(known.values()), 12),
            "hhi": round(sum((100 * s) ** 2 for s in known.values()), 6) if known else None,
            "leader": leader, "leader_share": known.get(leader) if leader else None,
            "single_source_customers": int(single.get(segment, 0)), "influence": float(influence[segment]),
        })
    frame = pd.DataFrame(rows, columns=CHOKEPOINT_COLUMNS)
    return frame.sort_values(["hhi", "segment"], ascending=[False, True], na_position="last").reset_index(drop=True)
