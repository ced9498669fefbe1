"""Whole-dataset checks: references, endpoint types, vocabularies, share sums and spend cycles.

Each check returns problems instead of raising, so one run reports everything that is wrong.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import Relation, RelationKind
>>> ds = Dataset()
>>> ds.add(Relation(id="r1", kind=RelationKind.OWNS, source="company:acme",
...                 target="company:acme-sub", as_of=date(2024, 1, 1),
...                 sources=("source:x",)), Origin("rel.csv", 2))
>>> sorted(p.message for p in check_references(ds))
["unknown id 'company:acme'", "unknown id 'company:acme-sub'", "unknown id 'source:x'"]
"""

from __future__ import annotations

import difflib
import operator
from collections import Counter
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any

import numpy as np

from computechain.errors import Problem
from computechain.graph.dataset import Dataset
from computechain.graph.money_checks import check_money
from computechain.graph.schema import (
    RELATION_SPECS,
    Company,
    Entity,
    NodeType,
    Region,
    Relation,
    RelationKind,
    Source,
    node_type_of,
)
from computechain.graph.vocabulary import Vocabulary
from computechain.graph.weight_checks import check_share_sums, check_spend_cycles


def check_dataset(ds: Dataset, vocab: Vocabulary) -> list[Problem]:
    """Every problem of the dataset: those met while loading, then the whole-graph checks."""
    return [
        *ds.problems,
        *check_references(ds),
        *check_endpoints(ds),
        *check_vocabulary(ds, vocab),
        *check_share_sums(ds),
        *check_spend_cycles(ds),
        *check_money(ds),
    ]


def _suggest(ds: Dataset, wanted: str) -> str:
    close = difflib.get_close_matches(wanted, ds.entities.keys(), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _referenced(record: Entity | Relation) -> Iterator[tuple[str, str, NodeType]]:
    """(field, referenced id, expected type) for every reference a record holds."""
    for field_name, expected in record.references.items():
        value = getattr(record, field_name)
        for ref in value if isinstance(value, tuple) else (value,):
            if ref is not None:
                yield field_name, ref, expected


def _suspects(columns: Iterable[tuple[list[Any], set[str]]]) -> list[int]:
    """Positions (in order) of the records a reference of which may not resolve to an entity of
    the right type, given each reference field as (its values, the ids it may name): each
    distinct value is looked up once (a million relations name a hundred thousand ids and a few
    source lists), and only the records holding a bad one are returned.

    >>> _suspects([(["a", "b", None, "b"], {"a"}), ([("a",), ("a",), ("a", "c"), ("a",)], {"a"})])
    [1, 2, 3]
    """
    suspect: set[int] = set()
    for values, known in columns:
        bad = {value for value in set(values) if value is not None and not (
            known.issuperset(value) if isinstance(value, tuple) else value in known)}
        if bad:
            suspect.update(i for i, value in enumerate(values) if value in bad)
    return sorted(suspect)


def check_references(ds: Dataset) -> Iterator[Problem]:
    """Dangling ids, and ids that point to an entity of the wrong type."""
    ids_of: dict[NodeType, set[str]] = {t: set() for t in NodeType}
    for entity in ds.entities.values():
        ids_of[entity.node_type].add(entity.id)
    every_id = set(ds.entities)
    by_model: dict[type[Entity], list[Entity]] = {}
    for entity in ds.entities.values():
        by_model.setdefault(type(entity), []).append(entity)
    position = {eid: i for i, eid in enumerate(ds.entities)}
    entities = sorted((group[i] for model, group in by_model.items() for i in _suspects(
        (list(map(attrgetter(name), group)), ids_of[t]) for name, t in model.references.items())),
        key=lambda e: position[e.id])
    fields = ds.relation_fields()
    relations = [fields.record(i) for i in _suspects(
        [(fields["source"], every_id), (fields["target"], every_id)]
        + [(fields[name], ids_of[t]) for name, t in Relation.references.items()])]
    records: list[Entity | Relation] = [*entities, *relations]
    incomplete = {t.value: t for t in ds.incomplete}
    unchecked: Counter[NodeType] = Counter()
    first: dict[NodeType, str] = {}
    for record in records:
        origin = ds.origins[record.id]
        refs: list[tuple[str, str, NodeType | None]] = list(_referenced(record))
        if isinstance(record, Relation):
            refs += [("source", record.source, None), ("target", record.target, None)]
        for field_name, ref, expected in refs:
            if ref in ds.broken:
                continue
            target = ds.entities.get(ref)
            lost = incomplete.get(ref.split(":", 1)[0])
            if target is None and lost is not None:  # a consequence of the table's own problem
                unchecked[lost] += 1
                first.setdefault(lost, f"{ref!r} at {origin}")
            elif target is None:
                yield origin.problem(field_name, f"unknown id {ref!r}{_suggest(ds, ref)}")
            elif expected is not None and target.node_type is not expected:
                yield origin.problem(
                    field_name, f"{ref!r} is a {target.node_type.value}, not a {expected.value}"
                )
    for node_type, count in sorted(unchecked.items()):
        cause = ds.incomplete[node_type]
        yield Problem(cause.file, cause.line, cause.field,
                      f"{cause.message}, so {count} reference(s) to {node_type.value} ids cannot be checked "
                      f"(the first: {first[node_type]}); fix this first")


_NODE_TYPES = frozenset(t.value for t in NodeType)


def _id_type(ref: str) -> str:
    return ref.split(":", 1)[0]  # ids carry their type: cheaper than parsing 10^6 of them


def _codes(values: list[Any], code: dict[Any, int]) -> np.ndarray:
    return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))


def _wrong_endpoints(ds: Dataset, types: dict[RelationKind, tuple[set[str], set[str]]]) -> list[Relation]:
    """The few relations to explain: from a node to itself, or with an endpoint type their kind
    does not allow, found on the distinct (kind, endpoint) pairs, not relation by relation."""
    fields = ds.relation_fields()
    kinds, ends = fields["kind"], (fields["source"], fields["target"])
    wrong: set[int] = set()
    kind_values = list(set(kinds))
    kind_codes = _codes(kinds, {kind: i for i, kind in enumerate(kind_values)})
    for allowed, ids in enumerate(ends):
        type_of = {ref: _id_type(ref) for ref in set(ids)}
        type_values = sorted(set(type_of.values()))
        code = {t: i for i, t in enumerate(type_values)}
        pairs = kind_codes * len(type_values) + _codes(ids, {ref: code[t] for ref, t in type_of.items()})
        bad = [pair for pair in np.unique(pairs).tolist() if type_values[pair % len(type_values)]
               not in types[kind_values[pair // len(type_values)]][allowed]]
        wrong.update(np.flatnonzero(np.isin(pairs, bad)).tolist())
    if any(map(operator.eq, *ends)):
        wrong.update(i for i, (source, target) in enumerate(zip(*ends, strict=True)) if source == target)
    return [fields.record(i) for i in sorted(wrong)]


def check_endpoints(ds: Dataset) -> Iterator[Problem]:
    """Relations whose endpoint types their kind does not allow."""
    types = {kind: ({t.value for t in spec.sources}, {t.value for t in spec.targets})
             for kind, spec in RELATION_SPECS.items()}
    for rel in _wrong_endpoints(ds, types):
        if rel.source == rel.target:
            yield ds.origins[rel.id].problem("target", f"a relation from {rel.source} to itself")
        spec = RELATION_SPECS[rel.kind]
        for field_name, ref, allowed in (
            ("source", rel.source, spec.sources),
            ("target", rel.target, spec.targets),
        ):
            if _id_type(ref) not in allowed and _id_type(ref) in _NODE_TYPES:  # else an unknown id, reported as such
                options = ", ".join(sorted(t.value for t in allowed))
                yield ds.origins[rel.id].problem(
                    field_name,
                    f"a {rel.kind.value} relation cannot have a {node_type_of(ref).value} as {field_name}"
                    f" (allowed: {options})",
                )


def _vocabulary_problems(entity: Entity, vocab: Vocabulary) -> Iterator[tuple[str, str]]:
    country = getattr(entity, "country", None) or getattr(entity, "jurisdiction", None)
    if country is not None and country not in vocab.countries:
        yield ("country" if hasattr(entity, "country") else "jurisdiction",
               f"unknown country code {country!r} (add it to lookups/countries.csv)")
    if isinstance(entity, Company):
        for listing in entity.listings:
            problem = vocab.ticker_problem(listing.exchange, listing.ticker)
            if problem:
                yield "listings", problem
        for role in entity.roles:
            if role not in vocab.roles:
                yield "roles", f"unknown role {role!r}; use one of {', '.join(sorted(vocab.roles))}"
    if isinstance(entity, Source) and entity.kind not in vocab.source_kinds:
        options = ", ".join(sorted(vocab.source_kinds))
        yield "kind", f"unknown source kind {entity.kind!r}; use one of {options}"
    if isinstance(entity, Region) and entity.region_kind not in vocab.region_kinds:
        options = ", ".join(sorted(vocab.region_kinds))
        yield "region_kind", f"unknown region kind {entity.region_kind!r}; use one of {options}"


def check_vocabulary(ds: Dataset, vocab: Vocabulary) -> Iterator[Problem]:
    """Categorical values that are not in the lookup tables."""
    for entity in ds.entities.values():
        for field_name, message in _vocabulary_problems(entity, vocab):
            yield ds.origins[entity.id].problem(field_name, message)
