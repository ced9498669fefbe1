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

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, MutableMapping, ValuesView
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple

from computechain.bulk import trusted_many
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


class _Pending:
    """Relations a loader added in bulk, not yet made into records: every field as a column, and
    per row the fields its payload gave."""

    __slots__ = ("columns", "given")

    def __init__(self, columns: dict[str, list[Any]], given: list[set[str]]) -> None:
        self.columns, self.given = columns, given

    def records(self) -> list[Relation]:
        rows = zip(repeat(True, len(self.given)), zip(*(self.columns[name] for name in _RELATION_FIELDS), strict=True),
                   self.given, strict=True)
        return trusted_many(Relation, _RELATION_FIELDS, rows)  # type: ignore[return-value]  # every row kept


_RELATION_FIELDS = tuple(Relation.model_fields)


class Relations(MutableMapping[str, Relation]):
    """Relations by id, in the order they were added: a dict, except that the rows a loader adds
    in bulk, already validated column by column, are kept as those columns and made into records
    only when one of them is read (a clean large load checks and builds from the columns:
    :class:`RelationFields`; a million records are never made). ``version`` counts the changes.

    >>> from datetime import date
    >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
    ...                as_of=date(2024, 1, 1), sources=("source:x",))
    >>> relations = Relations()
    >>> relations.add_block({name: [value] for name, value in rel.__dict__.items()}, [rel.model_fields_set])
    >>> list(relations), relations.version, relations["r"] == rel
    (['r'], 1, True)
    """

    def __init__(self, relations: Mapping[str, Relation] | None = None) -> None:
        self._by_id: dict[str, Relation | _Pending] = dict(relations or {})
        self._pending = 0
        self.version = 0

    def add_block(self, columns: dict[str, list[Any]], given: list[set[str]]) -> None:
        """Add validated relations given as columns (every field, one list each) and, per row,
        the fields its payload gave; none of their ids may be held already."""
        block = _Pending(columns, given)
        self._by_id.update(zip(columns["id"], repeat(block)))
        self._pending += 1
        self.version += 1

    def _make(self, block: _Pending) -> None:
        self._by_id.update(zip(block.columns["id"], block.records(), strict=True))  # in place: the order stays
        self._pending -= 1

    def _all(self) -> dict[str, Relation]:
        """Every record made."""
        if self._pending:
            for block in list(dict.fromkeys(v for v in self._by_id.values() if type(v) is _Pending)):
                self._make(block)
        return self._by_id  # type: ignore[return-value]

    def __getitem__(self, relation_id: str) -> Relation:
        found = self._by_id[relation_id]
        if type(found) is _Pending:
            self._make(found)
            found = self._by_id[relation_id]
        return found  # type: ignore[return-value]

    def __setitem__(self, relation_id: str, relation: Relation) -> None:
        found = self._by_id.get(relation_id)
        if type(found) is _Pending:
            self._make(found)
        self._by_id[relation_id] = relation
        self.version += 1

    def __delitem__(self, relation_id: str) -> None:
        found = self._by_id[relation_id]
        if type(found) is _Pending:
            self._make(found)
        del self._by_id[relation_id]
        self.version += 1

    @property
    def unmade(self) -> int:
        """How many relations are held as columns, their records not made yet."""
        return sum(type(value) is _Pending for value in self._by_id.values()) if self._pending else 0

    def __contains__(self, relation_id: object) -> bool:
        return relation_id in self._by_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def keys(self) -> KeysView[str]:
        return self._by_id.keys()

    def values(self) -> ValuesView[Relation]:
        return self._all().values()

    def items(self) -> ItemsView[str, Relation]:
        return self._all().items()

    def __repr__(self) -> str:
        return repr(self._all())


class RelationFields:
    """Relations field by field: one list per field, in the relations' order, each made once on
    first use (or handed over by a bulk load). The whole-dataset checks and the build read a
    million relations this way, with set and array operations on the columns, instead of walking
    the records again for each rule; :meth:`record` reads one record.

    >>> from datetime import date
    >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
    ...                as_of=date(2024, 1, 1), sources=("source:x",))
    >>> fields = RelationFields(Relations({"r": rel}))
    >>> fields["source"], fields.weighted, fields.record(0) is rel
    (['company:a'], [], True)
    """

    def __init__(self, relations: Relations | None = None) -> None:
        self._source = relations if relations is not None else Relations()
        self.version = self._source.version  # the version of the relations these describe
        self._count = len(self._source)
        self._columns: dict[str, list[Any]] = {}

    def extend(self, columns: dict[str, list[Any]]) -> None:
        """Append relations just added in bulk to the source (:meth:`Relations.add_block`) with
        some of their fields as lists (``columns``); a field not given for every relation is read
        again on use."""
        known, added = self._count, len(columns["id"])
        self._count += added
        self.version = self._source.version
        self.__dict__.pop("weighted", None)
        for name, values in columns.items():
            column = self._columns.get(name)
            if column is not None and len(column) == known:
                column.extend(values)
            elif not known:
                self._columns[name] = list(values)
        for name in [name for name, column in self._columns.items() if len(column) != self._count]:
            del self._columns[name]

    def __getitem__(self, name: str) -> list[Any]:
        column = self._columns.get(name)
        if column is None:
            made = list(self._source) if name == "id" else list(map(attrgetter(name), self._source.values()))
            column = self._columns[name] = made
        return column

    def record(self, position: int) -> Relation:
        """The record of the relation at ``position``."""
        return self._source[self["id"][position]]

    def detached(self, names: Iterable[str]) -> RelationFields:
        """These fields as columns that hold no record (each made now if not yet made): what is
        read of the relations once they are dropped.

        >>> from datetime import date
        >>> rel = Relation(id="r", kind="owns", source="company:a", target="company:b",
        ...                as_of=date(2024, 1, 1), sources=("source:x",))
        >>> columns = RelationFields(Relations({"r": rel})).detached(["id", "weights"])
        >>> columns["id"], columns.weighted
        (['r'], [])
        """
        detached = RelationFields()
        detached._columns = {name: self[name] for name in names}
        detached._count = self._count
        detached.__dict__["weighted"] = self.weighted
        return detached

    @cached_property
    def weighted(self) -> list[int]:
        """Positions of the relations that carry a weight."""
        return [i for i, weights in enumerate(self["weights"]) if weights]

    def describes(self, relations: Relations) -> bool:
        """Whether these are the fields of ``relations`` as they are now."""
        return self._source is relations and self.version == relations.version


@dataclass
class Dataset:
    """Entities by id, relations by id, their origins, and the problems met while adding."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: Relations = field(default_factory=Relations)
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
        if not isinstance(self.relations, Relations):  # a plain mapping of id -> Relation
            self.relations = Relations(self.relations)
        self._fields = RelationFields(self.relations)

    # the relations field by field: made on first use, or by add_new as a bulk loader adds them
    _fields: RelationFields = field(init=False, repr=False, compare=False)

    def relation_fields(self) -> RelationFields:
        """The relations field by field (:class:`RelationFields`), made again only when the
        relations have changed since they were last read or added in bulk."""
        if not self._fields.describes(self.relations):
            self._fields = RelationFields(self.relations)
        return self._fields

    def drop_relations(self) -> None:
        """Remove every relation with its origin: for a caller that has read what it needs of them
        (as columns: :meth:`RelationFields.detached`), so that a million records are not alive
        beside what is made of them."""
        origins = self.origins
        self.origins = Origins({eid: origins[eid] for eid in self.entities if eid in origins})
        self.relations = Relations()
        self._fields = RelationFields(self.relations)

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

    def add_new(self, columns: dict[str, list[Any]], given: list[set[str]], file: str, lines: list[int]) -> bool:
        """Add validated relations given as columns (every :class:`Relation` field, one list each;
        ``given``: per row, the fields its payload gave), read from rows ``lines`` of ``file``, at
        once when none of their ids is taken or repeated (the common case of a large load, at a
        fraction of the cost of :meth:`add` each) and say so; otherwise add nothing and return
        False, for the caller to :meth:`add` them one by one. Their records are made when read
        (:class:`Relations`)."""
        ids = columns["id"]
        if not self.relations.keys().isdisjoint(ids) or not self.origins.add_block(file, ids, lines):
            return False  # a repeated id, or one held already
        in_step = self._fields.describes(self.relations)
        self.relations.add_block(columns, given)
        if in_step:
            self._fields.extend(columns)
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
