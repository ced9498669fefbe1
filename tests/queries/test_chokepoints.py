"""chokepoints, single sources and the influence vector on hand-worked graphs."""

from __future__ import annotations

import numpy as np
import pytest

from computechain.errors import QueryError
from computechain.queries.chokepoints import chokepoints, influence_vector, single_sources
from tests.queries.helpers import graph, spend

NODES = {"segment:hbm": {}, "company:a": {}, "company:b": {}, "company:c": {}, "company:gpu": {}, "company:asic": {}}


def _share(value: float, as_of: str = "2024-12-31") -> dict[str, object]:
    return {"market_share": value, "market_share_basis": "reported", "as_of": as_of}


def test_hhi_leader_and_single_sources() -> None:
    G = graph(NODES, [
        ("company:a", "segment:hbm", "participates_in", _share(0.5)),
        ("company:b", "segment:hbm", "participates_in", _share(0.3)),
        ("company:c", "segment:hbm", "participates_in", _share(0.2, "2023-12-31")),
        ("company:c", "segment:hbm", "participates_in", _share(0.1, "2024-12-31") | {"valid_from": "2024-12-31"}),
        ("company:a", "company:gpu", "supplies", {"product": "segment:hbm"}),
        ("company:a", "company:asic", "supplies", {"product": "segment:hbm"}),
        ("company:b", "company:asic", "supplies", {"product": "segment:hbm"}),
    ])
    row = chokepoints(G).set_index("segment").loc["segment:hbm"]
    # latest shares 0.5, 0.3, 0.1: HHI = 2500 + 900 + 100 = 3500
    assert (row.suppliers, row.hhi, row.leader, row.leader_share) == (3, 3500.0, "company:a", 0.5)
    assert row.share_known == pytest.approx(0.9)
    # gpu buys HBM only from a; asic from a and b
    assert row.single_source_customers == 1
    assert single_sources(G).to_dict("records") == [
        {"customer": "company:gpu", "product": "segment:hbm", "supplier": "company:a"}]


def test_influence_is_the_acemoglu_vector() -> None:
    # two nodes: b spends 0.8 with a. v = (alpha/n) (I - (1-alpha) A)^-1 1 with alpha = 0.5, n = 2
    G = graph({"company:a": {}, "company:b": {}}, [("company:a", "company:b", "supplies", spend(0.8))])
    v = influence_vector(G, fill="none", alpha=0.5)
    A = np.array([[0.0, 0.8], [0.0, 0.0]])
    expected = 0.25 * np.linalg.solve(np.eye(2) - 0.5 * A, np.ones(2))
    assert list(v.round(12)) == list(expected.round(12))  # a: 0.25 * 1.4 = 0.35, b: 0.25
    with pytest.raises(QueryError, match="alpha must be in"):
        influence_vector(G, alpha=0)
