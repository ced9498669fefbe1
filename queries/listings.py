"""Listed companies in a segment: who, listed on which exchanges, sells in or supplies it.

A company is in a segment when it participates in it or supplies that product to a customer
(:func:`computechain.graph.facts.segment_members`, the membership every query counts). The default
exchanges are mainland China's A-share markets.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> G.add_node("company:a", type="company", name="A", listings=[{"exchange": "SSE", "ticker": "688000"},
...                                                             {"exchange": "HKEX", "ticker": "0001"}])
>>> G.add_node("company:b", type="company", name="B", listings=[{"exchange": "NASDAQ", "ticker": "BB"}])
>>> G.add_node("company:gpu", type="company", name="GPU", listings=[])
>>> _ = G.add_edge("company:a", "segment:hbm", key="p", kind="participates_in", as_of="2024-12-31",
...                market_share=0.2)
>>> _ = G.add_edge("company:b", "company:gpu", key="s", kind="supplies", product="segment:hbm", as_of="2024-12-31")
>>> listed_in_segment(G, segment="segment:hbm")[["company", "listings", "market_share"]].to_dict("records")
[{'company': 'company:a', 'listings': 'SSE:688000', 'market_share': 0.2}]
>>> listed_in_segment(G, segment="segment:hbm", exchanges=["NASDAQ"])[["company", "supplies"]].to_dict("records")
[{'company': 'company:b', 'supplies': True}]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import networkx as nx
import pandas as pd

from computechain.errors import QueryError, UnknownEntityError
from computechain.graph.facts import listings, market_shares, segment_members

A_SHARE_EXCHANGES = ("SSE", "SZSE", "BSE")
LISTING_COLUMNS = ["company", "name", "name_zh", "listings", "participates", "supplies", "market_share"]


def listed_in_segment(G: nx.MultiDiGraph, *, segment: str, exchanges: Sequence[str] = A_SHARE_EXCHANGES,
                      as_of: date | None = None) -> pd.DataFrame:
    """Companies listed on ``exchanges`` that participate in or supply ``segment``.

    Parameters
    ----------
    G : the computechain graph.
    segment : segment id.
    exchanges : exchange codes (``seed/lookups/exchanges.csv``); default the A-share markets.
    as_of : only relations valid on this day (see :func:`computechain.graph.relations.relations`).

    Returns
    -------
    DataFrame with columns company, name, name_zh, listings (the matching ``EXCHANGE:TICKER``,
    ``;``-joined, sorted), participates, supplies (booleans), market_share (latest known, or
    NaN); sorted by company id.
    """
    if G.nodes.get(segment, {}).get("type") != "segment":
        raise UnknownEntityError(segment)
    if not exchanges:
        raise QueryError("exchanges is empty; name at least one exchange code, e.g. SSE")
    members = segment_members(G, as_of=as_of)
    members = members[members["segment"] == segment]
    shares = market_shares(G, as_of=as_of)
    shares = shares[shares["segment"] == segment]
    share_of = dict(zip(shares["company"], shares["share"], strict=True))
    found = listings(G)
    found = found[found["exchange"].isin(list(exchanges))]
    rows = []
    for company, _, participates, supplies in members.sort_values("company").itertuples(index=False):
        listed = sorted(found.loc[found["company"] == company, "listing"])
        if listed:
            attrs = G.nodes[company]
            rows.append({
                "company": company, "name": attrs.get("name"), "name_zh": attrs.get("name_zh"),
                "listings": ";".join(listed), "participates": participates,
                "supplies": supplies, "market_share": share_of.get(company),
            })
    frame = pd.DataFrame(rows, columns=LISTING_COLUMNS)
    return frame.astype({"market_share": float})  # NaN, not None, when no share is known
