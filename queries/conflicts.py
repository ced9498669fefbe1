"""Where sources disagree: the same weight of the same relation, given by two datasets.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("company:gpu", "company:cloud", key="a", kind="supplies", product=None,
...            dataset="seed", as_of="2025-12-31", valid_from=None, valid_to=None,
...            share_of_supplier_output=0.19)
'a'
>>> G.add_edge("company:gpu", "company:cloud", key="b", kind="supplies", product=None,
...            dataset="epoch-chips", as_of="2025-12-31", valid_from="2022-01-01",
...            valid_to="2025-12-31", share_of_supplier_output=0.23, share_of_supplier_output_low=0.18,
...            share_of_supplier_output_high=0.3)
'b'
>>> row = conflicts(G, tolerance=0.01).to_dict("records")[0]
>>> row["dataset_a"], row["dataset_b"], round(row["difference"], 2), bool(row["ranges_overlap"])
('epoch-chips', 'seed', 0.04, True)
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from computechain.graph.relations import relations
from computechain.graph.schema import WeightMeaning

Period = tuple[Any, Any]  # valid_from, valid_to as the relation table's dates (open bounds as sentinels)

CONFLICT_COLUMNS = ["kind", "source", "target", "product", "meaning",
                    "dataset_a", "value_a", "low_a", "high_a", "as_of_a", "relation_a",
                    "dataset_b", "value_b", "low_b", "high_b", "as_of_b", "relation_b",
                    "difference", "ranges_overlap"]


def _side(key: str, attrs: dict[str, Any], meaning: str, tag: str) -> dict[str, Any]:
    return {f"dataset_{tag}": attrs.get("dataset"), f"value_{tag}": attrs[meaning],
            f"low_{tag}": attrs.get(f"{meaning}_low"), f"high_{tag}": attrs.get(f"{meaning}_high"),
            f"as_of_{tag}": attrs.get("as_of"), f"relation_{tag}": key}


def _range(attrs: dict[str, Any], meaning: str) -> tuple[float, float]:
    value = attrs[meaning]
    low, high = attrs.get(f"{meaning}_low"), attrs.get(f"{meaning}_high")
    return (value if low is None else low, value if high is None else high)


def conflicts(G: nx.MultiDiGraph, *, tolerance: float = 0.0) -> pd.DataFrame:
    """Pairs of relations from different datasets that give the same weight meaning for the same
    kind, source, target and product over overlapping periods, with values more than
    ``tolerance`` apart.

    Columns: kind, source, target, product, meaning; for each side (a, b, datasets in name
    order) dataset, value, low, high, as_of, relation; difference (absolute); ranges_overlap
    (True when the two low-high ranges, a bare value being its own range, intersect).
    Sorted by kind, source, target, product, meaning, then the two relation ids.
    """
    groups: dict[tuple[str, str, str, str, str], list[tuple[str, dict[str, Any], Period]]] = defaultdict(list)
    weighted = relations(G).query("weighted")
    for u, v, key, kind, product, *period in zip(*(weighted[c] for c in (
            "source", "target", "relation", "kind", "product", "valid_from", "valid_to")), strict=True):
        attrs = G.edges[u, v, key]
        for weight in WeightMeaning:
            if attrs.get(weight.value) is not None:
                groups[(kind, u, v, product or "", weight.value)].append((key, attrs, tuple(period)))
    rows = []
    for (kind, u, v, product, meaning), edges in sorted(groups.items()):
        ordered = sorted(edges, key=lambda e: (str(e[1].get("dataset")), e[0]))
        for (key_a, a, (start_a, end_a)), (key_b, b, (start_b, end_b)) in combinations(ordered, 2):
            difference = round(abs(a[meaning] - b[meaning]), 12)  # 0.09, not 0.08999999999999997
            overlap = start_a <= end_b and start_b <= end_a  # the table's open bounds hold forever
            if a.get("dataset") == b.get("dataset") or not overlap or difference <= tolerance:
                continue
            (low_a, high_a), (low_b, high_b) = _range(a, meaning), _range(b, meaning)
            rows.append({"kind": kind, "source": u, "target": v, "product": product or None, "meaning": meaning,
                         **_side(key_a, a, meaning, "a"), **_side(key_b, b, meaning, "b"),
                         "difference": difference, "ranges_overlap": low_a <= high_b and low_b <= high_a})
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
