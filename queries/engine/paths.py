"""Best paths on the compiled view: fewest hops, and the path with the largest product of shares.

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> edges = sp.csr_matrix(np.array([[0, 0.5, 0.9], [0, 0, 1.0], [0, 0, 0]]))  # a->b .5, a->c .9, b->c 1
>>> tiers, pred = best_paths(edges, 0)
>>> [int(t) for t in tiers], path_nodes(pred, 2)
([0, 1, 1], [0, 2])
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph


def best_paths(edges: sp.csr_matrix, source: int, *,
               costs: sp.csr_matrix | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Hops from ``source`` to every node, and predecessors on the largest-product path
    (:func:`largest_product_paths`) along ``edges[u, v]`` = share passed from u to v (``costs``:
    their :func:`path_costs`, when kept)."""
    costs = path_costs(edges) if costs is None else costs
    return csgraph.dijkstra(edges, indices=source, unweighted=True), largest_product_paths(costs, source)


def path_costs(edges: sp.csr_matrix) -> sp.csr_matrix:
    """``-log(share)`` per edge, the cost whose shortest path is the largest product of shares
    (a view keeps it: see :func:`largest_product_paths`)."""
    cost = edges.copy()
    # -log(1) = 0 would read as "no edge" to csgraph: add a tiny positive hop cost
    cost.data = -np.log(np.clip(cost.data, 1e-300, 1.0)) + 1e-12
    return cost


def largest_product_paths(costs: sp.csr_matrix, source: int) -> np.ndarray:
    """Predecessors on the largest-product path from ``source`` (Dijkstra on :func:`path_costs`)."""
    _, predecessors = csgraph.dijkstra(costs, indices=source, return_predecessors=True)
    return predecessors


def paths_to(costs: sp.csr_matrix, source: int, targets: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Predecessors on the largest-product paths from ``source`` to ``targets`` (those of
    :func:`largest_product_paths` there), given each target's total share over all paths
    (``shares``, positive): a path's product is at most that total, so its cost is at least
    ``-log(share)``, and Dijkstra, which settles nodes in order of cost, needs to look no further
    than the largest such bound (with a margin: 2x, then 1000x, then the whole graph, until every
target is settled). A query that
    wants a few paths in a large graph searches a small ball around the source.

    >>> edges = sp.csr_matrix(np.array([[0, 0.5, 0.9], [0, 0, 1.0], [0, 0, 0]]))
    >>> path_nodes(paths_to(path_costs(edges), 0, np.array([2]), np.array([0.9 + 0.5])), 2)
    [0, 2]
    """
    bound = float(np.max(-np.log(np.minimum(shares, 1.0)), initial=0.0))
    for margin in (np.log(2.0), np.log(1e3)):
        cost, predecessors = csgraph.dijkstra(costs, indices=source, return_predecessors=True, limit=bound + margin)
        if np.isfinite(cost[targets]).all():
            return predecessors
    return largest_product_paths(costs, source)


def path_nodes(predecessors: np.ndarray, target: int) -> list[int]:
    """Node indices from the source to ``target`` along the predecessor tree."""
    steps = [target]
    while predecessors[steps[-1]] >= 0:
        steps.append(int(predecessors[steps[-1]]))
    return steps[::-1]
