"""A validated-or-not collection of entity and relation records, with where each came from.

Loaders produce a :class:`Dataset`; :func:`computechain.graph.checks.check_dataset` checks it
as a whole; :func:`computechain.graph.build.build_graph` turns a clean one into a graph.

Examples
--------
>>> from computechain.graph.schema import Segment
>>> ds = Dataset()
>>> ds.add(Segment(id="segment:hbm", name="HBM"), Origin("segments.csv", 2))
>>> ds.add(Segment(id="segment:hbm", name="HBM again"), Origin("segments.csv", 3))
>>> [str(p) for p in ds.problems]
["segments.csv:3: id: duplicate id 'segment:hbm' (first defined at segments.csv:2)"]
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple

from computechain.errors import Problem
from computechain.graph.money import MoneyRecord
from computechain.graph.schema import Entity, NodeType, Relation


class Origin(NamedTuple):
    """Where a record was read: file and line (line 0 for a whole file or a derived record).

    A NamedTuple rather than a frozen dataclass: a million of them are made per large load.
    """

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def problem(self, field_name: str, message: str) -> Problem:
        return Problem(self.file, self.line, field_name, message)

    @classmethod
    def many(cls, file: str, lines: Iterable[int]) -> list[Origin]:
        """The origins of rows of one file, made by tuple's own constructor (a NamedTuple's
        ``__new__`` is Python code: twice the time for a million rows).

        >>> Origin.many("r.csv", [2, 3])
        [Origin(file='r.csv', line=2), Origin(file='r.csv', line=3)]
        """
        return list(map(tuple.__new__, repeat(cls), zip(repeat(file), lines)))


class Origins(MutableMapping[str, Origin]):
    """Where each record was read, by id: a dict, except that the rows a loader adds in bulk are
    kept per block (their file, ids and lines) and made into :class:`Origin` tuples only when one
    of them is looked up (a clean large load never does: a million ids, not a million tuples).
    Iteration gives the ids added one by one, then those of each block in order.

    >>> origins = Origins({"a": Origin("e.csv", 2)})
    >>> origins.add_block("r.csv", ["r1", "r2"], [2, 5]), origins.add_block("r.csv", ["r2"], [7])
    (True, False)
    >>> len(origins), list(origins), "r1" in origins
    (3, ['a', 'r1', 'r2'], True)
    >>> origins["r2"]
    Origin(file='r.csv', line=5)
    """

    def __init__(self, origins: Mapping[str, Origin] | None = None) -> None:
        self._made: dict[str, Origin] = dict(origins or {})
        self._blocks: list[tuple[str, list[str], list[int]]] = []
        self._in_blocks: set[str] = set()

    def add_block(self, file: str, ids: list[str], lines: list[int]) -> bool:
        """Add the origins of rows ``lines`` of ``file``, whose records have ids ``ids``, and say
        so; add nothing and return False when an id repeats or is held already."""
        distinct = set(ids)
        held = not distinct.isdisjoint(self._in_blocks) or not self._made.keys().isdisjoint(distinct)
        if len(distinct) != len(ids) or held:
            return False
        self._blocks.append((file, list(ids), list(lines)))
        self._in_blocks |= distinct
        return True

    def _unfold(self) -> dict[str, Origin]:
        """Every origin made (on the first lookup or change of one held by a block)."""
        for file, ids, lines in self._blocks:
            self._made.update(zip(ids, Origin.many(file, lines), strict=True))
        self._blocks, self._in_blocks = [], set()
        return self._made

    def __getitem__(self, record_id: str) -> Origin:
        found = self._made.get(record_id)
        return found if found is not None else self._unfold()[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._made or record_id in self._in_blocks

    def __setitem__(self, record_id: str, origin: Origin) -> None:
        (self._unfold() if record_id in self._in_blocks else self._made)[record_id] = origin

    def __delitem__(self, record_id: str) -> None:
        del (self._unfold() if record_id in self._in_blocks else self._made)[record_id]

    def __iter__(self) -> Iterator[str]:
        yield from self._made
        for _, ids, _ in self._blocks:
            yield from ids

    def __len__(self) -> int:
        return len(self._made) + len(self._in_blocks)

    def __repr__(self) -> str:
        return f"Origins({len(self)} records)"


class RelationFields:
    """Relations field by field: one list per field, in the relations' order, each made once on
    first use. The whole-dataset checks and the build read a million relations this way, with
    set and array operations on the columns, instead of walking the records again for each rule.

    >>> from datetime import date
    >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
    ...                as_of=date(2024, 1, 1), sources=("source:x",))
    >>> fields = RelationFields([rel])
    >>> fields["source"], fields.weighted
    (['company:a'], [])
    """

    def __init__(self, relations: list[Relation] | None = None) -> None:
        self.relations = relations if relations is not None else []
        self._columns: dict[str, list[Any]] = {}

    def extend(self, relations: Sequence[Relation], columns: dict[str, list[Any]]) -> None:
        """Append ``relations`` with some of their fields already as lists (``columns``, as a
        bulk loader made them); a field not given for every relation is read again on use."""
        known = len(self.relations)
        self.relations.extend(relations)
        self.__dict__.pop("weighted", None)
        for name, values in columns.items():
            column = self._columns.get(name)
            if column is not None and len(column) == known:
                column.extend(values)
            elif not known:
                self._columns[name] = list(values)
        for name in [name for name, column in self._columns.items() if len(column) != len(self.relations)]:
            del self._columns[name]

    def __getitem__(self, name: str) -> list[Any]:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = list(map(attrgetter(name), self.relations))
        return column

    def detached(self, names: Iterable[str]) -> RelationFields:
        """These fields as columns that hold no record (each made now if not yet made): what is
        read of the relations once they are dropped.

        >>> from datetime import date
        >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
        ...                as_of=date(2024, 1, 1), sources=("source:x",))
        >>> columns = RelationFields([rel]).detached(["id", "weights"])
        >>> columns.relations, columns["id"], columns.weighted
        ([], ['r'], [])
        """
        detached = RelationFields()
        detached._columns = {name: self[name] for name in names}
        detached.__dict__["weighted"] = self.weighted
        return detached

    @cached_property
    def weighted(self) -> list[int]:
        """Positions of the relations that carry a weight."""
        return [i for i, weights in enumerate(self["weights"]) if weights]

    def describes(self, relations: dict[str, Relation]) -> bool:
        """Whether these are exactly ``relations`` (the same records in the same order)."""
        return len(relations) == len(self.relations) and all(map(operator.is_, relations.values(), self.relations))


@dataclass
class Dataset:
    """Entities by id, relations by id, their origins, and the problems met while adding."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: dict[str, Relation] = field(default_factory=dict)
    origins: Origins = field(default_factory=Origins)
    problems: list[Problem] = field(default_factory=list)
    # ids of rows that were reported as invalid: references to them are not reported again
    broken: set[str] = field(default_factory=set)
    # figures about entities (revenue, market sizes, FX rates) with where each was read
    money: list[tuple[MoneyRecord, Origin]] = field(default_factory=list)
    # types whose table was not read in full (no folder, a file unreadable or cut short), with the
    # problem saying why: references to unknown ids of these types are reported once, there
    incomplete: dict[NodeType, Problem] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.origins, Origins):  # a plain mapping of id -> Origin
            self.origins = Origins(self.origins)

    # the relations field by field: made on first use, or by add_new as a bulk loader adds them
    _fields: RelationFields = field(default_factory=RelationFields, repr=False, compare=False)

    def relation_fields(self) -> RelationFields:
        """The relations field by field (:class:`RelationFields`), made again only when the
        relations have changed since they were last read or added in bulk."""
        if not self._fields.describes(self.relations):
            self._fields = RelationFields(list(self.relations.values()))
        return self._fields

    def drop_relations(self) -> None:
        """Remove every relation with its origin: for a caller that has read what it needs of them
        (as columns: :meth:`RelationFields.detached`), so that a million records are not alive
        beside what is made of them."""
        origins = self.origins
        self.origins = Origins({eid: origins[eid] for eid in self.entities if eid in origins})
        self.relations, self._fields = {}, RelationFields()

    def add(self, record: Entity | Relation, origin: Origin) -> None:
        """Add a record; a second record with the same id is a problem, never an overwrite."""
        table = self.relations if isinstance(record, Relation) else self.entities
        if record.id in table:
            first = self.origins[record.id]
            self.problems.append(
                origin.problem("id", f"duplicate id {record.id!r} (first defined at {first})")
            )
            return
        table[record.id] = record  # type: ignore[assignment]
        self.origins[record.id] = origin

    def add_new(self, relations: Sequence[Relation], file: str, lines: list[int],
                columns: dict[str, list[Any]] | None = None) -> bool:
        """Add ``relations`` at once when none of their ids is taken or repeated (the common case
        of a large load, at a fraction of the cost of :meth:`add` each) and say so; otherwise add
        nothing and return False, for the caller to :meth:`add` them one by one. ``file`` and
        ``lines``: where they were read; ``columns``: some of their fields as lists, kept for
        :meth:`relation_fields`."""
        ids = columns["id"] if columns and "id" in columns else [relation.id for relation in relations]
        if not self.relations.keys().isdisjoint(ids) or not self.origins.add_block(file, ids, lines):
            return False  # a repeated id, or one held already
        held = self._fields.relations  # in step with the relations so far (relation_fields checks it in full)
        if len(held) == len(self.relations) and (not held or held[-1] is next(reversed(self.relations.values()))):
            self._fields.extend(relations, columns or {})
        self.relations.update(zip(ids, relations, strict=True))
        return True

    def merge(self, other: Dataset) -> None:
        """Add every record of ``other`` (duplicates become problems) and its problems."""
        self.problems.extend(other.problems)
        self.broken |= other.broken
        self.money += other.money
        self.incomplete = {**other.incomplete, **self.incomplete}
        for table in (other.entities, other.relations):
            for record_id, record in table.items():
                self.add(record, other.origins[record_id])
