"""The ETO / CSET "Advanced Semiconductor Supply Chain Dataset" (eto-chip-explorer ``data/``).

Its licence (CC BY-NC 4.0) forbids shipping it: users download it and pass the folder as
``--with eto=PATH``. ``PATH`` holds ``stages.csv``, ``inputs.csv``, ``providers.csv``,
``provision.csv`` and ``sequence.csv``. Stages and inputs become segments (an input's parent is
what it ``is_type_of``, else its stage); ``goes_into`` becomes ``input_to``; each organisation's
provision becomes ``participates_in`` with its ``share_provided`` percentage (blank: no weight)
as ``market_share`` for that year. Provider types go through ``lookups/eto_provider_types.csv``:
country providers (ISO-3 names) are aggregates, not entities, and their rows are skipped;
organisations' ISO-3 countries go through ``lookups/country_codes.csv``.

Examples
--------
>>> from computechain.loaders.csvtable import Row
>>> cells = Cells(Row("provision.csv", 3, {"year": "2021"}))
>>> _year_bounds(cells)
(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import (
    Basis,
    NodeType,
    Relation,
    RelationKind,
    Segment,
    Weight,
    WeightMeaning,
    entity_id,
    relation_id,
)
from computechain.loaders.common import Cells, commit_of, company_of, counted, dataset_source, slugify
from computechain.loaders.csvtable import Row, read_csv

DATASET = "eto"
FILES = {
    "stages.csv": (("stage_id", "stage_name", "description"), ("stage_id", "stage_name")),
    "inputs.csv": (("input_id", "input_name", "type", "stage_name", "stage_id", "description", "year"),
                   ("input_id", "input_name", "type", "stage_name", "stage_id", "description", "year")),
    "providers.csv": (("provider_name", "alias", "provider_id", "provider_type", "country"),
                      ("provider_name", "alias", "provider_id", "provider_type", "country")),
    "provision.csv": (("provider_name", "provider_id", "provided_name", "provided_id", "share_provided",
                       "year", "source"),
                      ("provider_name", "provider_id", "provided_name", "provided_id", "share_provided",
                       "year", "source")),
    "sequence.csv": (("input_name", "input_id", "goes_into_name", "goes_into_id", "is_type_of_name",
                      "is_type_of_id"), ("input_name", "input_id", "goes_into_name", "goes_into_id")),
}
EXPECTED_ROWS = dict.fromkeys(FILES, 1)
ROLE = "provider"  # ETO does not classify its organisations; see lookups/external_roles.csv


def _year_bounds(cells: Cells) -> tuple[date, date] | None:
    year = cells.number("year", required=True)
    return (date(int(year), 1, 1), date(int(year), 12, 31)) if year else None


def _segments(rows: dict[str, list[Row]], source_id: str, ds: Dataset) -> dict[str, str]:
    """Stages and inputs as segments; return ETO id -> segment id."""
    ids = {r.cells[k]: entity_id(NodeType.SEGMENT, slugify(r.cells[n]))
           for f, k, n in (("stages.csv", "stage_id", "stage_name"), ("inputs.csv", "input_id", "input_name"))
           for r in rows[f] if k in r.cells and n in r.cells}
    kinds = {r.cells["input_id"]: r.cells.get("is_type_of_id") for r in rows["sequence.csv"] if "input_id" in r.cells}
    for row in rows["stages.csv"] + rows["inputs.csv"]:
        cells = Cells(row)
        is_stage = row.file.endswith("stages.csv")
        key = cells.text("stage_id" if is_stage else "input_id")
        name = cells.text("stage_name" if is_stage else "input_name")
        parent = None if is_stage else kinds.get(key or "") or row.cells.get("stage_id")
        if parent and parent not in ids:
            cells.fail("stage_id", f"unknown id {parent!r}; not in stages.csv or inputs.csv")
        ds.problems.extend(cells.problems)
        if key and name and not cells.problems:
            ds.add(Segment(id=ids[key], name=name, description=row.cells.get("description"),
                           parent=ids.get(parent or ""), sources=(source_id,)), Origin(row.file, row.line))
    return ids


def _companies(rows: list[Row], source_id: str, ds: Dataset) -> dict[str, str]:
    """Organisations as companies; return ETO provider id -> company id (countries are skipped)."""
    ids = {}
    for row in rows:
        cells = Cells(row)
        kind = cells.looked_up("provider_type", "eto_provider_types")
        if kind and kind["kind"] == "company":
            country = cells.looked_up("country", "country_codes", key="iso3")
            name, key = cells.text("provider_name"), cells.text("provider_id")
            if country and name and key and not cells.problems:
                company = company_of({"name": name, "country": country["iso2"], "roles": ROLE}, source_id)
                alias = row.cells.get("alias")
                ds.add(company.model_copy(update={"aliases": (alias,) if alias else ()}), Origin(row.file, row.line))
                ids[key] = company.id
        ds.problems.extend(cells.problems)
    return ids


def _share(row: Row, segments: dict[str, str], companies: dict[str, str], source_id: str, ds: Dataset) -> None:
    cells = Cells(row)
    provider, provided = cells.text("provider_id"), cells.text("provided_id")
    share, period = cells.number("share_provided", percent=True), _year_bounds(cells)
    if share is not None and not 0 <= share <= 1:
        cells.fail("share_provided", f"share {row.cells['share_provided']!r} is outside 0-100 %")
    if provided and provided not in segments:
        cells.fail("provided_id", f"unknown id {provided!r}; not in stages.csv or inputs.csv")
    ds.problems.extend(cells.problems)
    if cells.problems or provider not in companies or not provided or not period:
        return  # a country's aggregate share, or a row already reported
    weights = (Weight(meaning=WeightMeaning.MARKET_SHARE, value=share, basis=Basis.REPORTED,
                      basis_note=f"ETO share_provided {row.cells['share_provided']}"),) if share is not None else ()
    kind, source, target = RelationKind.PARTICIPATES_IN, companies[provider], segments[provided]
    ds.add(Relation(id=relation_id(kind, source, target, None, period[0], valid_to=period[1], dataset=DATASET),
                    kind=kind, source=source, target=target, weights=weights, as_of=period[1], valid_from=period[0],
                    valid_to=period[1], sources=(source_id,), dataset=DATASET, note=row.cells.get("source")),
           Origin(row.file, row.line))


def _flow(row: Row, segments: dict[str, str], as_of: date, source_id: str, ds: Dataset) -> None:
    """``input_to`` from an input to what it goes into."""
    cells = Cells(row)
    ends = [cells.text(column) for column in ("input_id", "goes_into_id")]
    for column, key in zip(("input_id", "goes_into_id"), ends, strict=True):
        if key and key not in segments:
            cells.fail(column, f"unknown id {key!r}; not in stages.csv or inputs.csv")
    ds.problems.extend(cells.problems)
    if not cells.problems:
        kind, source, target = RelationKind.INPUT_TO, segments[ends[0] or ""], segments[ends[1] or ""]
        ds.add(Relation(id=relation_id(kind, source, target, None, None, dataset=DATASET), kind=kind, source=source,
                        target=target, as_of=as_of, sources=(source_id,), dataset=DATASET), Origin(row.file, row.line))


def load(path: str) -> Dataset:
    """Read the ETO folder ``path`` into a Dataset (problems collected, not raised)."""
    root, ds = Path(path), Dataset()
    rows: dict[str, list[Row]] = {}
    for name, (columns, required) in FILES.items():
        rows[name], problems = read_csv(root / name, columns, required)
        ds.problems.extend(problems)
    years = [r.cells["year"] for r in rows["provision.csv"] if "year" in r.cells]
    source = dataset_source("eto-chip-explorer", "ETO / CSET Advanced Semiconductor Supply Chain Dataset",
                            "Emerging Technology Observatory (CSET)", max(years, default="2022"),
                            "https://github.com/georgetown-cset/eto-chip-explorer", commit_of(root))
    ds.add(source, Origin(str(root), 0))
    segments = _segments(rows, source.id, ds)
    companies = _companies(rows["providers.csv"], source.id, ds)
    for row in rows["provision.csv"]:
        _share(row, segments, companies, source.id, ds)
    as_of = date(int(max(years, default="2022")), 12, 31)
    for row in rows["sequence.csv"]:
        _flow(row, segments, as_of, source.id, ds)
    ds.problems.extend(counted({n: len(r) for n, r in rows.items()}, EXPECTED_ROWS, root))
    return ds
