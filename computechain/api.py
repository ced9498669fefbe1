"""The Python API for notebooks and scripts: load the graph, then ask it the public queries.

Every query is a pure function ``(G, *, params) -> pandas.DataFrame`` with the same name and
columns as the CLI command; :mod:`computechain` re-exports this module, so ``import
computechain as cc`` is all a notebook needs.

Examples
--------
>>> import computechain as cc
>>> G = cc.load_graph()
>>> cc.trace(G, source="OpenAI").loc[0, "id"]  # the largest of OpenAI's cloud commitments
'company:oracle'
>>> cc.find_entity(G, "中际旭创")
'company:zhongji-innolight'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from computechain.loaders import load_graph as _load_graph
from computechain.queries.chokepoints import chokepoints, single_sources
from computechain.queries.conflicts import conflicts
from computechain.queries.explain import explain
from computechain.queries.exposure import exposure, exposure_ranking
from computechain.queries.listings import listed_in_segment
from computechain.queries.lookup import find_entity, search
from computechain.queries.money import audit, money_flows, money_trace, value_added
from computechain.queries.neighbours import relations_of
from computechain.queries.policy import policy_impact
from computechain.queries.shock import shock, supply_losses
from computechain.queries.summary import summary
from computechain.queries.tiers import customers, suppliers
from computechain.queries.trace import trace

__all__ = ["audit", "chokepoints", "conflicts", "customers", "explain", "exposure", "exposure_ranking", "find_entity",
           "listed_in_segment", "load_graph", "money_flows", "money_trace", "policy_impact", "relations_of", "search",
           "shock", "single_sources", "summary", "suppliers", "supply_losses", "trace", "value_added"]


def load_graph(seed: str | os.PathLike[str] | None = None, *, with_sources: Iterable[str] = (),
               sources: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Load, check and build the graph, as every CLI command does.

    Parameters
    ----------
    seed : a seed folder (``str`` or ``Path``); None for the seed shipped with the package
        (``--seed``).
    with_sources : ``NAME=PATH`` datasets to add to the seed (``--with``), e.g.
        ``["epoch-chips=path/to/ai-chip-counts"]``.
    sources : keep only the relations of these datasets (``--sources``), e.g. ``["seed"]``.

    Raises
    ------
    DataValidationError
        listing every problem of the input (never a partial graph).

    Examples
    --------
    >>> import computechain as cc
    >>> from computechain.loaders import default_seed_dir
    >>> cc.load_graph(str(default_seed_dir())).number_of_edges() == cc.load_graph().number_of_edges()
    True
    """
    return _load_graph(None if seed is None else Path(seed), with_sources=tuple(with_sources),
                       sources=None if sources is None else tuple(sources))
