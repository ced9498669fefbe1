"""Entity resolution: fold an external dataset onto the graph loaded so far (the seed first).

Each external entity is matched against entities of the same type: by ticker first, then by
normalised name, Chinese name and aliases (:func:`computechain.queries.lookup.normalise` of
:func:`~computechain.queries.lookup.names_of`). One match **merges** (the external id is
replaced by the seed's everywhere), none **adds** the entity (renamed ``<id>-<dataset>`` if its
id is taken), several are **ambiguous**: never merged, the entity is added apart and linked to
each candidate by a ``possibly_same_as`` relation. Relation ids are minted again after the
rewrite, with the dataset's suffix, so the same relation from two sources keeps both.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import Company, Relation, RelationKind
>>> seed = Dataset()
>>> seed.add(Company(id="company:acme", name="Acme Corp", aliases=("Acme",), country="US",
...                  roles=("foundry",), sources=("source:s",)), Origin("seed.csv", 2))
>>> ext = Dataset()
>>> for slug, name in (("acme", "ACME"), ("zeta", "Zeta")):
...     ext.add(Company(id=f"company:{slug}-x", name=name, country="US", roles=("foundry",),
...                     sources=("source:x",)), Origin("x.csv", 2))
>>> ext.add(Relation(id="r", kind=RelationKind.SUPPLIES, source="company:acme-x",
...                  target="company:zeta-x", as_of=date(2025, 1, 1), sources=("source:x",),
...                  dataset="x"), Origin("x.csv", 2))
>>> merged, report = resolve(seed, ext, "x")
>>> [(r.incoming, r.outcome, r.resolved) for r in report]
[('company:acme-x', 'merged', 'company:acme'), ('company:zeta-x', 'added', 'company:zeta-x')]
>>> list(merged.relations)
['supplies:company:acme->company:zeta-x~x']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from computechain.graph.build import entity_attributes
from computechain.graph.dataset import Dataset
from computechain.graph.schema import Entity, NodeType, Relation, RelationKind, relation_id
from computechain.queries.lookup import names_of, normalise

Outcome = Literal["merged", "added", "ambiguous"]
REPORT_COLUMNS = ["dataset", "incoming", "name", "outcome", "resolved", "matched_by", "candidates"]


@dataclass(frozen=True)
class MergeRecord:
    """What became of one external entity."""

    dataset: str
    incoming: str
    name: str
    outcome: Outcome
    resolved: str  # the id it has in the merged graph
    matched_by: str = ""  # ticker or name
    candidates: tuple[str, ...] = ()


class _Index:
    """The entities of a dataset by type and ticker, and by type and normalised name."""

    def __init__(self, ds: Dataset) -> None:
        self.tickers: dict[tuple[NodeType, str], set[str]] = defaultdict(set)
        self.names: dict[tuple[NodeType, str], set[str]] = defaultdict(set)
        for entity in ds.entities.values():
            for ticker in _tickers(entity):
                self.tickers[(entity.node_type, ticker)].add(entity.id)
            for name in _names(entity):
                self.names[(entity.node_type, name)].add(entity.id)

    def candidates(self, entity: Entity) -> tuple[str, set[str]]:
        """(how, ids) of the entities ``entity`` may be: by ticker, else by name."""
        for how, keys, table in (("ticker", _tickers(entity), self.tickers),
                                 ("name", _names(entity), self.names)):
            found = set().union(*(table.get((entity.node_type, key), set()) for key in keys))
            if found:
                return how, found
        return "", set()


def _tickers(entity: Entity) -> set[str]:
    return {f"{x.exchange}:{x.ticker}" for x in getattr(entity, "listings", ())}


def _names(entity: Entity) -> set[str]:
    attrs: dict[str, Any] = entity_attributes(entity)
    return {normalise(n) for n in names_of(entity.id, attrs) if n} - {""}


def _outcome(dataset: str, entity: Entity, how: str, found: set[str], taken: set[str]) -> MergeRecord:
    if len(found) == 1:
        return MergeRecord(dataset, entity.id, entity.name, "merged", found.pop(), how)
    resolved = f"{entity.id}-{dataset}" if entity.id in taken else entity.id
    return MergeRecord(dataset, entity.id, entity.name, "ambiguous" if found else "added", resolved,
                       how, tuple(sorted(found)))


def _rewired(record: Entity | Relation, mapping: dict[str, str]) -> dict[str, Any]:
    """Field updates pointing a record's references at their resolved ids."""
    fields = [*record.references, *(("source", "target") if isinstance(record, Relation) else ())]
    updates: dict[str, Any] = {}
    for name in fields:
        value = getattr(record, name)
        new = tuple(mapping.get(v, v) for v in value) if isinstance(value, tuple) else mapping.get(value, value)
        if new != value:
            updates[name] = new
    return updates


def _links(record: MergeRecord, incoming: Dataset) -> list[Relation]:
    """``possibly_same_as`` relations from an ambiguous entity to each candidate, as of the
    dataset's latest relation (none when the dataset has no relations to date them by)."""
    entity = incoming.entities[record.incoming]
    as_of = max((r.as_of for r in incoming.relations.values()), default=None)
    if as_of is None or not entity.sources:
        return []
    kind = RelationKind.POSSIBLY_SAME_AS
    return [Relation(id="(minted below)", kind=kind, source=record.resolved, target=candidate, as_of=as_of,
                     sources=entity.sources, dataset=record.dataset,
                     note=f"{record.name!r} matched several entities by {record.matched_by}")
            for candidate in record.candidates]


def resolve(base: Dataset, incoming: Dataset, dataset: str) -> tuple[Dataset, list[MergeRecord]]:
    """``incoming`` with its entities resolved onto ``base`` (see the module docstring), and the
    merge report. Sources are never resolved: they are kept as they are."""
    index = _Index(base)
    report = [_outcome(dataset, entity, *index.candidates(entity), set(base.entities))
              for entity in incoming.entities.values() if entity.node_type is not NodeType.SOURCE]
    mapping = {r.incoming: r.resolved for r in report}
    out = Dataset(problems=list(incoming.problems), broken=set(incoming.broken))
    for entity in incoming.entities.values():
        if entity.node_type is NodeType.SOURCE or mapping[entity.id] not in base.entities:
            resolved = entity.model_copy(update={"id": mapping.get(entity.id, entity.id), **_rewired(entity, mapping)})
            out.add(resolved, incoming.origins[entity.id])
    # links already point at resolved ids (a candidate may share an id with an incoming entity)
    links = [(link, r.incoming) for r in report if r.outcome == "ambiguous" for link in _links(r, incoming)]
    moved_relations = [(rel.model_copy(update=_rewired(rel, mapping)), rel.id) for rel in incoming.relations.values()]
    for moved, origin in [*moved_relations, *links]:
        rid = relation_id(moved.kind, moved.source, moved.target, moved.product, moved.valid_from,
                          valid_to=moved.valid_to, dataset=moved.dataset)
        out.add(moved.model_copy(update={"id": rid}), incoming.origins[origin])
    return out, report


def merge_report(records: list[MergeRecord]) -> pd.DataFrame:
    """The merge report as a table: one row per external entity, in load order.

    Columns: dataset, incoming, name, outcome (merged / added / ambiguous), resolved (its id in
    the graph), matched_by (ticker / name), candidates (``;``-joined ids when ambiguous).
    """
    rows = [{**r.__dict__, "candidates": ";".join(r.candidates)} for r in records]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)
