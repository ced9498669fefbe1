"""A user's own relation table (CSV or Excel) read through a small YAML column mapping.

``--with table=PATH:MAPPING``. The mapping names, for each relation field, the column that holds
it (``columns``), or a constant for every row (``kind``, ``weight_meaning``, ``basis``,
``as_of``, ``product``); it cites one source for all rows, or, with a ``source_url`` column,
one source per row (the mapping's citation at that row's URL); ``ignore`` lists columns to skip;
any other column fails, like a missing mapped column. What analysts write is accepted:

- endpoints are company names as spelled ("Nvidia Corp", "Alphabet (Google)", 寒武纪), resolved
  onto the graph by :mod:`computechain.loaders.fold`; unknown companies are added with the
  mapping's ``country`` and ``roles``, which are assumptions, not evidence against a merge;
  full ids (``company:nvidia``) are taken as they are;
- a product is a segment id or words ("HBM3E", "AI servers", "wafer foundry", "custom AI
  accelerators (TPU)") that must name a segment of the graph (name, alias or Chinese name, or a
  name inside the words), else the row fails with a did-you-mean;
- the ``as_of`` cell is a date or a period: a year (``2024``), a quarter (``2024Q3``) or a
  month, which becomes ``valid_from`` .. ``valid_to`` (a figure for a period, see
  docs/methodology.md, Time);
- weights are fractions, or percentages with ``%`` ("25%"), or all percentages with
  ``percent: true``.

Example mapping::

    kind: supplies
    weight_meaning: share_of_customer_spend
    basis: estimate
    country: US
    roles: [chip-designer]
    source: {id: my-suppliers-2025, title: My supplier list, publisher: Me, date: "2025", kind: research}
    columns: {source: Supplier, target: Customer, product: Segment, weight: Share, as_of: Date,
              basis_note: How, source_listing: Ticker}
    ignore: [Internal code]

Examples
--------
>>> mapping = Mapping.model_validate({"kind": "owns", "country": "US", "roles": ["investor"],
...     "source": {"id": "s", "title": "T", "publisher": "P", "date": "2025", "kind": "research"},
...     "columns": {"source": "Parent", "target": "Child", "as_of": "Date"}})
>>> mapping.headers()
['Parent', 'Child', 'Date']
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from computechain.errors import DataValidationError, Problem
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import (
    Basis,
    NodeType,
    Relation,
    RelationKind,
    Segment,
    Slug,
    Source,
    WeightMeaning,
    entity_id,
    relation_id,
)
from computechain.loaders.common import Cells, ExternalDataset, company_of, slugify
from computechain.loaders.csvtable import Row, read_csv
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups

DATASET = "table"
Column = Literal["source", "target", "kind", "product", "weight", "low", "high", "basis", "basis_note", "as_of",
                 "valid_from", "valid_to", "note", "source_country", "target_country", "source_listing",
                 "target_listing", "source_url"]
WEIGHT_FIELDS = ("weight", "low", "high")


class Mapping(BaseModel):
    """The YAML mapping of a user table (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    dataset: Slug = DATASET
    kind: RelationKind | None = None
    weight_meaning: WeightMeaning | None = None
    basis: Basis | None = None
    as_of: date | None = None
    product: str | None = None
    percent: bool = False
    country: str | None = None
    roles: tuple[str, ...] = ()
    source: dict[str, str]
    columns: dict[Column, str] = Field(min_length=1)
    ignore: tuple[str, ...] = ()

    def headers(self) -> list[str]:
        return list(self.columns.values())


def read_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file; problems name the file and the bad key."""
    try:
        return Mapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError as exc:  # a YAML date that is no date (2025-02-30), raised while parsing
        if isinstance(exc, ValidationError):
            raise DataValidationError([Problem(str(path), 0, ".".join(map(str, e["loc"])) or "(mapping)", e["msg"])
                                       for e in exc.errors()]) from exc
        raise DataValidationError([Problem(str(path), 0, "(file)", f"not a valid mapping: {exc}")]) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise DataValidationError([Problem(str(path), 0, "(file)", f"cannot read: {exc}")]) from exc


def _rows(path: Path, mapping: Mapping) -> tuple[list[Row], list[Problem]]:
    """Rows of a CSV or Excel file (Excel goes through CSV so both are checked alike)."""
    columns, required = (*mapping.headers(), *mapping.ignore), mapping.headers()
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return read_csv(path, columns, required)
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "sheet.csv"
        try:
            pd.read_excel(path, dtype=str, header=None).to_csv(sheet, index=False, header=False)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # e.g. a CSV renamed .xlsx
            return [], [Problem(str(path), 0, "(file)", f"cannot read as an Excel workbook: {exc}")]
        rows, problems = read_csv(sheet, columns, required)
    return ([r._replace(file=str(path)) for r in rows], [replace(p, file=str(path)) for p in problems])


def _endpoint(cells: Cells, end: Literal["source", "target"], mapping: Mapping, source_id: str,
              ds: ExternalDataset) -> str | None:
    """The id of an endpoint: a full id as given, or a (provisional) company named by the cell."""
    column = mapping.columns.get(end)
    value = cells.text(column or end)
    if value is None or value.split(":", 1)[0] in {t.value for t in NodeType}:
        return value
    columns: dict[str, str] = {str(k): v for k, v in mapping.columns.items()}
    stated = cells.row.cells.get(columns.get(f"{end}_country", ""))
    country = stated or mapping.country
    listing = cells.row.cells.get(columns.get(f"{end}_listing", ""), "")
    try:
        company = company_of({"name": value, "country": country or "", "roles": ";".join(mapping.roles),
                              "listings": listing}, source_id)
    except ValidationError as exc:
        why = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        cells.fail(column or end, f"cannot make a company of {value!r}: {why} (set country and roles in the mapping)")
        return None
    except ValueError:  # a listing without ':'
        cells.fail(columns.get(f"{end}_listing", end), f"{listing!r} is not EXCHANGE:TICKER (e.g. NASDAQ:NVDA)")
        return None
    if company.id not in ds.entities:
        ds.add(company, Origin(cells.row.file, cells.row.line))
        if not stated:  # the mapping's defaults: no evidence for or against a merge
            ds.assumed.add(company.id)
    return company.id


def _dates(cells: Cells, mapping: Mapping) -> dict[str, Any]:
    """as_of, valid_from and valid_to of a row: a period in the as_of cell bounds the figure."""
    dates: dict[str, Any] = {"as_of": mapping.as_of}
    for name in ("as_of", "valid_from", "valid_to"):
        column = mapping.columns.get(name)
        period = cells.period(column) if column else None
        if period and name == "as_of":
            dates |= {"as_of": period[1]} | ({"valid_from": period[0], "valid_to": period[1]}
                                             if period[0] != period[1] else {})
        elif period:
            dates[name] = period[0] if name == "valid_from" else period[1]
    return dates


def _product(cells: Cells, mapping: Mapping, source_id: str, ds: ExternalDataset) -> str | None:
    """The product's segment id: an id as given, or a provisional segment named by the words,
    which resolution must find in the graph (:attr:`ExternalDataset.required`)."""
    column = mapping.columns.get("product")
    value = cells.row.cells.get(column) if column else None
    value = value or mapping.product
    if value is None or value.startswith(f"{NodeType.SEGMENT.value}:"):
        return value
    segment = Segment(id=entity_id(NodeType.SEGMENT, slugify(value)), name=value, sources=(source_id,))
    if segment.id not in ds.entities:
        ds.add(segment, Origin(cells.row.file, cells.row.line))
        ds.required[segment.id] = column or "product"
    return segment.id


def _source(cells: Cells, mapping: Mapping, cited: Source, ds: ExternalDataset) -> str:
    """The row's source: the mapping's citation, at the row's own URL when a column gives one."""
    column = mapping.columns.get("source_url")
    url = cells.row.cells.get(column) if column else None
    if not url:
        return cited.id
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    source = cited.model_copy(update={"id": f"{cited.id}-{digest}", "url": url})
    if source.id not in ds.entities:
        ds.add(source, Origin(cells.row.file, cells.row.line))
    return source.id


def _payload(cells: Cells, mapping: Mapping) -> dict[str, Any]:
    cell = {field: cells.row.cells.get(column) for field, column in mapping.columns.items()}
    weights = {f: cells.number(mapping.columns[f], percent=mapping.percent)
               for f in WEIGHT_FIELDS if f in mapping.columns}
    payload: dict[str, Any] = {
        "kind": cell.get("kind") or mapping.kind, **_dates(cells, mapping), "note": cell.get("note"),
        "dataset": mapping.dataset,
    }
    if weights.get("weight") is not None:
        payload["weights"] = [{"meaning": mapping.weight_meaning, "value": weights["weight"],
                               "low": weights.get("low"), "high": weights.get("high"),
                               "basis": cell.get("basis") or mapping.basis, "basis_note": cell.get("basis_note")}]
    return payload


def load(spec: str, lookups: Lookups = DEFAULT_LOOKUPS) -> Dataset:
    """Read ``PATH:MAPPING`` (a CSV or Excel table and its YAML mapping) into a Dataset."""
    table_path, sep, mapping_path = spec.rpartition(":")
    if not sep:
        raise DataValidationError([Problem(spec, 0, "(spec)", "expected PATH:MAPPING (a table and its YAML mapping)")])
    mapping = read_mapping(Path(mapping_path))
    ds = ExternalDataset()
    cited = {k: v for k, v in mapping.source.items() if k != "title"}
    try:
        source = Source.model_validate({**cited, "id": entity_id(NodeType.SOURCE, cited.get("id", "")),
                                        "name": mapping.source.get("title", "")})
    except ValidationError as exc:
        raise DataValidationError([Problem(mapping_path, 0, f"source.{e['loc'][0]}", e["msg"])
                                   for e in exc.errors()]) from exc
    ds.add(source, Origin(mapping_path, 0))
    rows, ds.problems = _rows(Path(table_path), mapping)
    fields = {"weights": mapping.columns.get("weight", "weight_meaning")}
    for row in rows:
        cells = Cells(row, lookups)
        ends = {end: _endpoint(cells, end, mapping, source.id, ds) for end in ("source", "target")}
        payload = {**_payload(cells, mapping), **ends, "product": _product(cells, mapping, source.id, ds),
                   "id": "(pending)", "sources": [_source(cells, mapping, source, ds)]}
        try:
            rel = Relation.model_validate(payload)
        except ValidationError as exc:
            reported = {p.field for p in cells.problems}
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "(row)"
                column = fields.get(name) or mapping.columns.get(name, name)  # type: ignore[call-overload]
                if column not in reported:  # a cell already reported (an unreadable date) is not reported twice
                    cells.fail(column, err["msg"])
        else:
            if not cells.problems:
                ds.add(rel.model_copy(update={"id": relation_id(rel.kind, rel.source, rel.target, rel.product,
                                                                rel.valid_from, valid_to=rel.valid_to,
                                                                dataset=rel.dataset)}), Origin(row.file, row.line))
        ds.problems.extend(cells.problems)
    return ds
