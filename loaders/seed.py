"""Load the curated ``seed/`` folder (or any folder in its layout) into a :class:`Dataset`.

Each table is a folder of CSV files whose columns are the schema model's fields (see
``seed/README.md``). Rows become frozen schema records; every problem becomes a
``file:line: field: message`` entry, and nothing is dropped silently.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "segments").mkdir()
>>> _ = (root / "segments" / "s.csv").write_text(
...     "id,name,name_zh,aliases,parent,description\\nhbm,HBM,,,,\\n", encoding="utf-8")
>>> ds = load(root)
>>> list(ds.entities)
['segment:hbm']
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from computechain.bulk import share_fields_set
from computechain.errors import Problem
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import (
    AIModel,
    CapexPlan,
    Company,
    Entity,
    NodeType,
    Policy,
    Region,
    Relation,
    RelationKind,
    Segment,
    Source,
    entity_id,
    relation_id,
)
from computechain.loaders.csvtable import Block, Row, folder_files, iter_blocks, iter_csv, iter_folder, loses_rows
from computechain.loaders.layout import layout_problems, missing_root
from computechain.loaders.lookups import LOOKUP_COLUMNS, LOOKUPS_FOLDER
from computechain.loaders.relation_columns import RELATION_COLUMNS, WEIGHT_COLUMNS, RelationColumns

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class EntityTable:
    """An entity table: its folder, its model, and CSV column names that differ from fields."""

    folder: str
    model: type[Entity]
    renames: dict[str, str] = field(default_factory=dict)  # column -> model field

    @property
    def columns(self) -> tuple[str, ...]:
        fields = {v: k for k, v in self.renames.items()}
        return tuple(fields.get(name, name) for name in self.model.model_fields)

    @property
    def required(self) -> tuple[str, ...]:
        fields = {v: k for k, v in self.renames.items()}
        return tuple(fields.get(n, n) for n, f in self.model.model_fields.items() if f.is_required())


ENTITY_TABLES = (
    EntityTable("sources", Source, {"title": "name"}),
    EntityTable("segments", Segment),
    EntityTable("companies", Company),
    EntityTable("models", AIModel),
    EntityTable("capex", CapexPlan),
    EntityTable("policies", Policy),
    EntityTable("regions", Region),
)
RELATIONS_FOLDER = "relations"
TABLE_FOLDERS = {t.folder for t in ENTITY_TABLES} | {RELATIONS_FOLDER}
# Folders other loaders read (company financials, segment revenue, market sizes, FX rates). The
# one declaration of what a seed may hold: any other folder is reported as unknown, not skipped.
OTHER_FOLDERS = ("financials", "segment_revenue", "market_sizes", "fx")
KNOWN_FOLDERS = (*sorted(TABLE_FOLDERS), LOOKUPS_FOLDER, *OTHER_FOLDERS)


def _problems_from(exc: ValidationError, row: Row, renames: dict[str, str]) -> list[Problem]:
    columns = {v: k for k, v in renames.items()}
    found = []
    for err in exc.errors():
        loc = err["loc"]
        name = str(loc[0]) if loc else "(row)"
        if name == "weights":
            name = WEIGHT_COLUMNS.get(str(loc[2]), "weight") if len(loc) > 2 else "weight"
        message = err["msg"].removeprefix("Value error, ")
        if loc and err["type"] not in ("missing", "value_error"):
            message += f" (got {err['input']!r})"
        found.append(Problem(row.file, row.line, columns.get(name, name), message))
    return found


def _validated(model: type[BaseModel], payload: dict[str, Any], row: Row,
               renames: dict[str, str] | None = None) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, _problems_from(exc, row, renames or {})


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


@lru_cache(maxsize=4096)
def _source_ids(cell: str) -> tuple[str, ...]:
    """A ``sources`` cell names only sources, so a bare slug means ``source:<slug>`` (cached:
    a million rows cite a few sources, and then share their id strings)."""
    items = _split(cell) if LIST_SEPARATOR in cell else [cell]
    return tuple(item if ":" in item else entity_id(NodeType.SOURCE, item) for item in items)


def _entity_payload(table: EntityTable, row: Row) -> tuple[dict[str, Any], list[Problem]]:
    payload: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, raw in row.cells.items():
        name = table.renames.get(column, column)
        if name == "id":
            payload["id"] = entity_id(table.model.node_type, raw)
        elif name == "sources":
            payload[name] = _source_ids(raw)
        elif get_origin(table.model.model_fields[name].annotation) is tuple:
            payload[name] = _split(raw)
        else:
            payload[name] = raw
    if "listings" in payload:
        listings = []
        for item in payload["listings"]:
            exchange, sep, ticker = item.partition(":")
            if not sep:
                problems.append(Problem(row.file, row.line, "listings",
                                        f"{item!r} is not EXCHANGE:TICKER (e.g. SSE:601138)"))
                continue
            listings.append({"exchange": exchange.strip(), "ticker": ticker.strip()})
        payload["listings"] = listings
    return payload, problems


_WEIGHT_COLUMN_SET = frozenset(WEIGHT_COLUMNS.values())


# Cells naming an entity: interned, so that the million relations of a large seed share one
# string per entity instead of holding one each.
_ID_COLUMNS = ("source", "target", "product")


def _relation_payload(row: Row) -> tuple[dict[str, Any], list[Problem]]:
    payload: dict[str, Any] = dict(row.cells)
    for column in _ID_COLUMNS:
        if column in payload:
            payload[column] = sys.intern(payload[column])
    problems = []
    if payload.keys() & _WEIGHT_COLUMN_SET:
        weight = {name: payload.pop(column) for name, column in WEIGHT_COLUMNS.items() if column in payload}
        if "value" not in weight:
            problems += [Problem(row.file, row.line, WEIGHT_COLUMNS[f], "given without a weight") for f in weight]
        else:
            payload["weights"] = [weight]
    if "sources" in payload:
        payload["sources"] = _source_ids(payload["sources"])
    payload["id"] = _minted_id(row.cells)
    return payload, problems


_KINDS = {kind.value: kind for kind in RelationKind}


def _minted_id(cells: dict[str, str]) -> str:
    """The relation id from the raw cells (a row whose cells are invalid fails validation anyway)."""
    try:
        valid_from = date.fromisoformat(cells["valid_from"]) if "valid_from" in cells else None
        return relation_id(_KINDS[cells["kind"]], cells["source"], cells["target"], cells.get("product"),
                           valid_from)
    except (KeyError, ValueError):
        return "(invalid)"


def _add_relation(row: Row, ds: Dataset) -> None:
    """Validate one row on its own: the path of every row a column check flags."""
    payload, problems = _relation_payload(row)
    try:
        relation = Relation.model_validate(payload)
    except ValidationError as exc:
        problems += _problems_from(exc, row, {})
    if problems:
        ds.problems.extend(problems)
    else:
        for weight in relation.weights:
            share_fields_set(weight)
        ds.add(share_fields_set(relation), Origin(row.file, row.line))


RELATION_BATCH = 50_000  # rows validated column-wise at once: few enough that they are never all held


def _add_relations(blocks: Iterable[Block], ds: Dataset) -> None:
    """Validate the relation rows block by block, column by column (:mod:`relation_columns`);
    a row a column check flags is validated on its own, in its place, so problems keep their order."""
    columns = RelationColumns(_source_ids)
    for block in blocks:
        ok = columns.checked(block.cells)
        lines = block.lines.tolist()
        if ok.all() and ds.add_new(columns.fields, columns.given, block.file, lines):
            continue
        relations = columns.records(ok)
        for position, (relation, origin) in enumerate(zip(relations, Origin.many(block.file, lines), strict=True)):
            if relation is None:
                _add_relation(block.row(position), ds)
            else:
                ds.add(relation, origin)


def _derived(kind: RelationKind, source: str, target: str, entity: AIModel | CapexPlan) -> Relation:
    as_of = entity.released if isinstance(entity, AIModel) else entity.as_of
    return Relation(id=relation_id(kind, source, target, None, None), kind=kind, source=source,
                    target=target, as_of=as_of, sources=entity.sources)


def _add_derived_relations(ds: Dataset) -> None:
    """The one-line conveniences: a model's developer and a capex plan's company."""
    for entity in list(ds.entities.values()):
        if isinstance(entity, AIModel):
            rel = _derived(RelationKind.DEVELOPS, entity.developer, entity.id, entity)
        elif isinstance(entity, CapexPlan):
            rel = _derived(RelationKind.COMMITS_CAPEX, entity.company, entity.id, entity)
        else:
            continue
        ds.add(rel, ds.origins[entity.id])


def _iter_table(root: Path, folder: str, extra: Sequence[Path], columns: Sequence[str],
                required: Sequence[str], problems: list[Problem]) -> Iterator[Row]:
    """The rows of a table's folder, then of its extra files, one at a time (see :func:`iter_csv`)."""
    yield from iter_folder(root / folder, columns, required, problems)
    for path in extra:
        yield from iter_csv(path, columns, required, problems)


RELATION_REQUIRED = ("kind", "source", "target", "as_of", "sources")


def _iter_blocks(root: Path, extra: Sequence[Path], problems: list[Problem]) -> Iterator[Block]:
    """The relation rows of the seed's relations/ folder, then of its extra files, in blocks."""
    paths = [*folder_files(root / RELATIONS_FOLDER, problems), *extra]
    for path in paths:
        yield from iter_blocks(path, RELATION_COLUMNS, RELATION_REQUIRED, problems, RELATION_BATCH)


def _table_rows(root: Path, folder: str, extra: Sequence[Path], columns: Sequence[str],
                required: Sequence[str]) -> tuple[list[Row], list[Problem]]:
    problems: list[Problem] = []
    rows = list(_iter_table(root, folder, extra, columns, required, problems))
    return rows, problems


def _with_header(blocks: Iterable[Block], problems: list[Problem]) -> Iterator[Block]:
    """The blocks of files whose header has no problem (a file's header problems are in
    ``problems`` before its first block is read)."""
    for block in blocks:
        if not any(p.line == 1 and p.file == block.file for p in problems):
            yield block


def _extra_files_by_table(root: Path, extra_files: Iterable[Path]) -> tuple[
        dict[str, list[Path]], list[Problem]]:
    """Group extra files by table (their folder's name); files already in ``root`` are skipped."""
    grouped: dict[str, list[Path]] = {}
    problems = []
    for path in extra_files:
        table = path.parent.name
        if table not in TABLE_FOLDERS:
            problems.append(Problem(str(path), 0, "(file)",
                                    f"cannot tell its table from folder {table!r}; put it in a "
                                    f"folder named one of {', '.join(sorted(TABLE_FOLDERS))}"))
        elif path.resolve().parent != (root / table).resolve():
            grouped.setdefault(table, []).append(path)
    return grouped, problems


def _add_entities(table: EntityTable, rows: list[Row], problems: list[Problem], ds: Dataset) -> None:
    """Validate the rows of one entity table into ``ds``. The rows of a file whose header is
    wrong only say which ids it meant to define, so that references to them are not reported."""
    bad_headers = {p.file for p in problems if p.line == 1}
    node_type = table.model.node_type
    for row in rows:
        if row.file in bad_headers:
            if "id" in row.cells:
                ds.broken.add(entity_id(node_type, row.cells["id"]))
            else:
                ds.incomplete.setdefault(node_type, Problem(row.file, 1, "id", "the file has no id column"))
            continue
        payload, found = _entity_payload(table, row)
        entity, more = _validated(table.model, payload, row, table.renames)
        ds.problems.extend(found + more)
        if entity is not None and not found:
            ds.add(entity, Origin(row.file, row.line))
        elif "id" in payload:
            ds.broken.add(payload["id"])


def _table_state(root: Path, table: EntityTable, problems: list[Problem], ds: Dataset) -> None:
    """Mark the table incomplete when rows were lost (no folder, a file unreadable or cut short)."""
    folder = root / table.folder
    lost = next((p for p in problems if loses_rows(p)), None)
    if not folder.is_dir():
        lost = Problem(str(folder), 0, "(folder)", f"there is no {table.folder}/ folder")
    if lost:
        ds.incomplete.setdefault(table.model.node_type, lost)


def load(root: Path, extra_files: Iterable[Path] = ()) -> Dataset:
    """Read every table of ``root`` (plus ``extra_files``, each in a folder named after its
    table) into a Dataset whose ``problems`` list everything unreadable or invalid."""
    ds = Dataset()
    missing = missing_root(root)
    if missing:
        ds.problems.append(missing)
        return ds
    extra, ds.problems = _extra_files_by_table(root, extra_files)
    ds.problems += layout_problems(root, known=KNOWN_FOLDERS, read_by_name={
        LOOKUPS_FOLDER: set(LOOKUP_COLUMNS), **dict.fromkeys(OTHER_FOLDERS)})
    for table in ENTITY_TABLES:
        rows, problems = _table_rows(root, table.folder, extra.get(table.folder, []),
                                     table.columns, table.required)
        ds.problems.extend(problems)
        _table_state(root, table, problems, ds)
        _add_entities(table, rows, problems, ds)
    read: list[Problem] = []  # a million relation rows are validated as they are read, never all held
    relation_blocks = _iter_blocks(root, extra.get(RELATIONS_FOLDER, []), read)
    _add_relations(_with_header(relation_blocks, read), ds)
    ds.problems.extend(read)
    _add_derived_relations(ds)
    return ds
