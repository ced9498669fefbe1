"""Restatements: the same fact told by two datasets is one fact with two sources.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Origin
>>> rel = Relation(id="r", kind=RelationKind.OWNS, source="company:a", target="company:b",
...                as_of=date(2024, 12, 31), sources=("source:seed",))
>>> base, incoming = Dataset(), Dataset()
>>> base.add(rel, Origin("seed.csv", 2))
>>> incoming.add(rel.model_copy(update={"id": "r~table", "sources": ("source:mine",), "dataset": "table"}),
...              Origin("mine.csv", 2))
>>> list(fold_restatements(base, incoming).relations), base.relations["r"].sources
([], ('source:seed', 'source:mine'))
"""

from __future__ import annotations

from typing import Any

from computechain.graph.dataset import Dataset
from computechain.graph.schema import Relation, RelationKind


def _fact(rel: Relation) -> tuple[Any, ...]:
    """What a relation asserts, whoever asserts it: kind, endpoints, product, period, weights."""
    return (rel.kind, rel.source, rel.target, rel.product, rel.valid_from, rel.valid_to,
            tuple(sorted((w.meaning.value, round(w.value, 9)) for w in rel.weights)))


def fold_restatements(base: Dataset, incoming: Dataset) -> Dataset:
    """``incoming`` without the relations that restate one of ``base`` (same kind, endpoints,
    product, period and weights): each becomes one more source of the relation already there, so
    one fact told by two datasets is one fact with two sources, never two shares to add up.
    """
    known = {_fact(rel): rid for rid, rel in base.relations.items() if rel.kind is not RelationKind.POSSIBLY_SAME_AS}
    kept = Dataset(entities=incoming.entities, origins=incoming.origins, problems=incoming.problems,
                   broken=incoming.broken)
    for rid, rel in incoming.relations.items():
        same = known.get(_fact(rel))
        if same is None:
            kept.relations[rid] = rel
            continue
        there = base.relations[same]
        base.relations[same] = there.model_copy(update={"sources": tuple(dict.fromkeys((*there.sources,
                                                                                         *rel.sources)))})
    return kept
