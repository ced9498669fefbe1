"""Facts derived from the graph, each with one home: queries and exports call these, never a copy.

- :func:`segment_members`: the companies in a segment (its participants plus the suppliers of
  that product);
- :func:`listing_text`, :func:`listings`, :func:`listed_on`: a company's stock listings and the
  companies listed on some exchanges;
- :func:`located_in`: everything located in a region, directly or through other places;
- :func:`latest_shares` (on relation table rows) and :func:`market_shares` (on a graph): each
  participant's latest known market share, the rule the compiled view uses.

Relations are read through :func:`computechain.graph.relations.relations`, so every fact takes
``as_of`` by the same validity rule and is recomputed after the graph changes.

Examples
--------
Acme participates in HBM with 60 % (2024) then 55 % (2025) and supplies wafers; Beta supplies
HBM to Gamma; Acme sits in a cluster of a hub.

>>> import networkx as nx
>>> from datetime import date
>>> G = nx.MultiDiGraph()
>>> G.add_node("company:acme", type="company", listings=[{"exchange": "SSE", "ticker": "688000"}])
>>> G.add_node("company:beta", type="company", listings=[])
>>> for key, (u, v, kind, attrs) in enumerate([
...         ("company:acme", "segment:hbm", "participates_in", {"market_share": 0.6, "as_of": "2024-12-31"}),
...         ("company:acme", "segment:hbm", "participates_in", {"market_share": 0.55, "as_of": "2025-12-31"}),
...         ("company:acme", "company:gamma", "supplies", {"product": "segment:wafers", "as_of": "2024-12-31"}),
...         ("company:beta", "company:gamma", "supplies", {"product": "segment:hbm", "as_of": "2024-12-31"}),
...         ("company:acme", "region:cluster", "located_in", {"as_of": "2024-12-31"}),
...         ("region:cluster", "region:hub", "located_in", {"as_of": "2024-12-31"})]):
...     _ = G.add_edge(u, v, key=f"r{key}", kind=kind, **attrs)
>>> segment_members(G).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'company': 'company:acme', 'segment': 'segment:hbm', 'participates': True, 'supplies': False},
 {'company': 'company:beta', 'segment': 'segment:hbm', 'participates': False, 'supplies': True},
 {'company': 'company:acme', 'segment': 'segment:wafers', 'participates': False, 'supplies': True}]
>>> market_shares(G).to_dict("records"), market_shares(G, as_of=date(2025, 6, 30))["share"].tolist()
([{'company': 'company:acme', 'segment': 'segment:hbm', 'share': 0.55}], [0.6])
>>> listings(G)["listing"].tolist(), listed_on(G, ["SSE", "SZSE"])
(['SSE:688000'], ['company:acme'])
>>> sorted(located_in(G, "region:hub"))
['company:acme', 'region:cluster']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import networkx as nx
import pandas as pd

from computechain.graph.relation_table import latest_known
from computechain.graph.relations import relations
from computechain.graph.schema import RelationKind

MEMBER_COLUMNS = ["company", "segment", "participates", "supplies"]
LISTING_COLUMNS = ["company", "exchange", "ticker", "listing"]


def segment_members(G: nx.MultiDiGraph, *, as_of: date | None = None) -> pd.DataFrame:
    """The (company, segment) pairs where the company participates in the segment or supplies
    that product to a customer, by relations valid on ``as_of``.

    Columns: company, segment, participates, supplies (booleans: by which relation it is a
    member). One row per pair, sorted by segment, then company.
    """
    rows = relations(G, as_of=as_of, kinds=[RelationKind.PARTICIPATES_IN, RelationKind.SUPPLIES])
    participates = rows.loc[rows["kind"] == RelationKind.PARTICIPATES_IN, ["source", "target"]]
    supplies = rows.loc[(rows["kind"] == RelationKind.SUPPLIES) & rows["product"].notna(), ["source", "product"]]
    pairs = pd.concat([participates.set_axis(["company", "segment"], axis=1).assign(participates=True),
                       supplies.set_axis(["company", "segment"], axis=1).assign(supplies=True)])
    members = pairs.groupby(["segment", "company"], sort=True)[["participates", "supplies"]].any()
    members = members.reset_index()[MEMBER_COLUMNS]
    return members.astype({"company": object, "segment": object, "participates": bool, "supplies": bool})


def listing_text(listing: Mapping[str, str]) -> str:
    """A listing as ``EXCHANGE:TICKER``, the form the seed, the exports and the answers use.

    >>> listing_text({"exchange": "SZSE", "ticker": "300308"})
    'SZSE:300308'
    """
    return f"{listing['exchange']}:{listing['ticker']}"


def listings(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Every stock listing of every company. Columns: company, exchange, ticker, listing
    (:func:`listing_text`); in node order, then in the company's own order."""
    rows = [(node, li["exchange"], li["ticker"], listing_text(li))
            for node, attrs in G.nodes(data=True) if attrs.get("type") == "company"
            for li in attrs.get("listings") or ()]
    return pd.DataFrame(rows, columns=LISTING_COLUMNS, dtype=object)


def listed_on(G: nx.MultiDiGraph, exchanges: Iterable[str]) -> list[str]:
    """The companies listed on any of ``exchanges`` (exchange codes, e.g. ``SSE``), in node order."""
    found = listings(G)
    return list(dict.fromkeys(found.loc[found["exchange"].isin(list(exchanges)), "company"]))


def located_in(G: nx.MultiDiGraph, place: str, *, as_of: date | None = None) -> set[str]:
    """Everything located in ``place`` (a region, a site ...), directly or through other places
    (a company in a cluster of a hub is in the hub), by ``located_in`` relations valid on ``as_of``."""
    rows = relations(G, as_of=as_of, kinds=[RelationKind.LOCATED_IN])
    located = nx.DiGraph(zip(rows["source"], rows["target"], strict=True))
    return nx.ancestors(located, place) if place in located else set()


def latest_shares(rows: pd.DataFrame) -> pd.DataFrame:
    """company, product (node codes), share: each participant's latest known market share among
    relation table rows (in as-of order, as the table is), by
    :func:`~computechain.graph.relation_table.latest_known`; the compiled view's rule."""
    latest = latest_known(rows[rows["kind"] == RelationKind.PARTICIPATES_IN], "market")
    return pd.DataFrame({"company": latest["u"], "product": latest["v"], "share": latest["market"]})


def market_shares(G: nx.MultiDiGraph, *, as_of: date | None = None) -> pd.DataFrame:
    """Each participant's latest known market share valid on ``as_of`` (:func:`latest_shares`).

    Columns: company, segment, share; in as-of order of the relation that gives the share.
    """
    rows = relations(G, as_of=as_of, kinds=[RelationKind.PARTICIPATES_IN])
    latest = rows.loc[latest_shares(rows).index]
    return pd.DataFrame({"company": latest["source"], "segment": latest["target"],
                         "share": latest["market"].astype(float)}).reset_index(drop=True)
