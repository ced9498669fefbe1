"""The schema as a document a model can read: node types, relation kinds, weight meanings.

Generated from :mod:`computechain.graph.schema` (never written by hand), so it cannot drift
from what the graph accepts. A weight is a share in [0, 1] of a *whole* at one end of its
relation: of the source's total (a supplier's revenue) or of the target's (a customer's spend).

Examples
--------
>>> doc = schema_document()
>>> doc["relation_kinds"]["supplies"]["weights"]
['share_of_customer_spend', 'share_of_supplier_output', 'share_of_supplier_revenue']
>>> doc["weight_meanings"]["market_share"]
{'share_of': 'target', 'carried_by': ['participates_in']}
"""

from __future__ import annotations

from typing import Any

from computechain.graph.schema import RELATION_SPECS, WEIGHT_WHOLE, Basis, NodeType, WeightMeaning

READING = ("Every relation runs source -> target with a kind; supply relations point the way goods flow "
           "(supplier -> customer), so demand travels the other way. A weight is a share in [0, 1] of the whole "
           "named by share_of: the source's total (e.g. a supplier's revenue) or the target's (e.g. a "
           "customer's spend or a segment's market). basis says whether it is reported by a source or an "
           "estimate (with its reasoning); low/high give a range where known. See the methodology resource "
           "for how answers combine them.")


def schema_document() -> dict[str, Any]:
    """Node types, relation kinds (allowed endpoint types, weights, product) and weight meanings."""
    kinds = {
        kind.value: {"source_types": sorted(t.value for t in spec.sources),
                     "target_types": sorted(t.value for t in spec.targets),
                     "weights": sorted(w.value for w in spec.weights), "names_product_segment": spec.product,
                     "description": spec.description}
        for kind, spec in RELATION_SPECS.items()
    }
    meanings = {
        meaning.value: {"share_of": WEIGHT_WHOLE[meaning].value,
                        "carried_by": sorted(k.value for k, spec in RELATION_SPECS.items() if meaning in spec.weights)}
        for meaning in WeightMeaning
    }
    return {"how_to_read": READING, "node_types": [t.value for t in NodeType], "relation_kinds": kinds,
            "weight_meanings": meanings, "weight_bases": [b.value for b in Basis]}
