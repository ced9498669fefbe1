"""The one accessor over a graph's relations: :func:`relations`, a DataFrame of the relation table.

Queries read relations here instead of walking ``G.edges``: the rows come from the integer-coded
table of :mod:`computechain.graph.relation_table` with the node codes decoded to ids, and the
date filter is that module's one rule, :func:`~computechain.graph.relation_table.visible_on`.
The decoded frame is kept in ``G.__networkx_cache__`` beside the table, so adding or removing a
node or edge clears both.

Examples
--------
A supply that ended in 2024 and a market share for 2025:

>>> import networkx as nx
>>> from datetime import date
>>> from computechain.graph.schema import RelationKind
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("company:acme", "company:nimbus", key="s", kind="supplies", product="segment:gpu",
...                as_of="2023-12-31", valid_to="2024-06-30")
>>> _ = G.add_edge("company:acme", "segment:gpu", key="m", kind="participates_in", as_of="2025-12-31",
...                valid_from="2025-01-01", valid_to="2025-12-31", market_share=0.3)
>>> relations(G)[["relation", "source", "target", "kind", "product"]].to_dict("records")
... # doctest: +NORMALIZE_WHITESPACE
[{'relation': 's', 'source': 'company:acme', 'target': 'company:nimbus', 'kind': 'supplies',
  'product': 'segment:gpu'},
 {'relation': 'm', 'source': 'company:acme', 'target': 'segment:gpu', 'kind': 'participates_in',
  'product': None}]
>>> relations(G, as_of=date(2024, 1, 1))["relation"].tolist()
['s']
>>> relations(G, as_of=date(2026, 3, 1))["relation"].tolist()  # a period's figure stays the latest known
['m']
>>> relations(G, kinds=[RelationKind.PARTICIPATES_IN])[["relation", "market"]].to_dict("records")
[{'relation': 'm', 'market': 0.3}]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import RelationKindError
from computechain.graph.relation_table import relation_table, visible_on
from computechain.graph.schema import RelationKind

CACHE_KEY = "computechain_relations"


def _decoded(G: nx.MultiDiGraph) -> pd.DataFrame:
    """The relation table with ids for codes (cached in ``G.__networkx_cache__``)."""
    cache = G.__networkx_cache__
    if CACHE_KEY not in cache:
        table = relation_table(G)
        frame = table.frame
        ids = np.array([*table.nodes, None], dtype=object)  # code -1 (no product) picks None
        columns = {"relation": np.array(table.relation_ids, dtype=object), "source": ids[frame["u"].to_numpy()],
                   "target": ids[frame["v"].to_numpy()], "kind": frame["kind"].to_numpy(dtype=object),
                   "product": ids[frame["product"].to_numpy()]}
        columns["product"][list(table.stray_products)] = list(table.stray_products.values())
        # object columns, as networkx holds them: a missing product stays None (a str column makes it NaN)
        decoded = pd.DataFrame({name: pd.Series(values, index=frame.index, dtype=object)
                                for name, values in columns.items()})
        cache[CACHE_KEY] = pd.concat([decoded, frame.drop(columns=["kind", "product"])], axis=1)
    decoded_frame: pd.DataFrame = cache[CACHE_KEY]
    return decoded_frame


def _kind_values(kinds: Iterable[RelationKind | str]) -> list[str]:
    values = []
    for kind in kinds:
        try:
            values.append(RelationKind(kind).value)
        except ValueError:
            raise RelationKindError(f"unknown relation kind {kind!r}; use one of "
                                    f"{', '.join(k.value for k in RelationKind)}") from None
    return values


def relations(G: nx.MultiDiGraph, *, as_of: date | None = None,
              kinds: Iterable[RelationKind] | None = None) -> pd.DataFrame:
    """The relations of ``G`` that hold on ``as_of`` (all when None), of ``kinds`` (all when None).

    Parameters
    ----------
    G : the computechain graph.
    as_of : only relations visible on this day, by
        :func:`computechain.graph.relation_table.visible_on` (docs/methodology.md, Time).
    kinds : only relations of these kinds (:class:`~computechain.graph.schema.RelationKind`).

    Returns
    -------
    DataFrame with columns relation (id), source, target, kind (its value, e.g. ``supplies``),
    product (id, or None), then the other columns of the relation table (the node codes ``u``,
    ``v``, the dates, weights and bases: see :mod:`computechain.graph.relation_table`). Rows in
    the table's as-of order; the index is the row's table position (the ``relation`` column of
    the compiled view's entry_relations). Do not modify it: it is shared by every call on the same graph.

    Raises
    ------
    RelationKindError
        when a kind is not a relation kind of the schema.
    """
    frame = _decoded(G)
    chosen = np.ones(len(frame), dtype=bool)
    if kinds is not None:
        chosen &= frame["kind"].isin(_kind_values(kinds)).to_numpy()
    if as_of is not None:
        chosen &= visible_on(frame, as_of)
    return frame if chosen.all() else frame[chosen]
