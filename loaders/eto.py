"""The ETO / CSET "Advanced Semiconductor Supply Chain Dataset" (eto-chip-explorer ``data/``).

Its licence (CC BY-NC 4.0) forbids shipping it: users download it and pass the folder as
``--with eto=PATH``. ``PATH`` holds ``stages.csv``, ``inputs.csv``, ``providers.csv``,
``provision.csv`` and ``sequence.csv`` in the layout of the public release (August 2026:
126 inputs, 403 provider rows, 1,300 provision rows, 139 sequence rows), quirks included:

- ``stages.csv`` and ``inputs.csv`` carry chart metadata (``market_share_chart_*``): declared
  here as known and deliberately ignored; any other unknown column still fails.
- Stages and inputs become segments. A ``sequence.csv`` row with ``is_type_of_id`` says what an
  input is a kind of (EUV lithography tools are lithography tools): that is the segment's
  ``parent`` (the taxonomy), not a flow; a row with ``goes_into_id`` becomes ``input_to``. An
  input with neither keeps its stage as parent.
- ``providers.csv`` repeats a provider id on one row per alias (Canon with Canon ANELVA and
  Canon Machinery): one company with every alias; rows of one id must agree on type and country.
- Provider types go through ``lookups/eto_provider_types.csv``: country providers (ISO-3 names)
  are aggregates, not entities, and their rows are skipped; so are the placeholder providers of
  ``lookups/eto_placeholders.csv`` ("Various companies"), whose share is the unnamed rest.
  Organisations' ISO-3 countries go through ``lookups/country_codes.csv`` (add rows with
  ``--lookups DIR``).
- ``share_provided`` is a rounded percentage: the organisations' shares of one input in one
  year may sum to a little over 100 % (100.1 %). Up to :data:`ROUNDING` over, the shares are
  scaled down to sum to 100 % and each weight's ``basis_note`` says so with ETO's figure; beyond
  it the sum is a problem.
- Each provision row has a year: ``participates_in`` with ``market_share`` for that calendar
  year (``valid_from`` 1 January, ``valid_to`` 31 December). Read with the period rule of
  docs/methodology.md (Time): the figure is seen on any date from the period's start until a
  newer figure for the same company and segment supersedes it.
- ETO segments that are the same market as a seed segment (Photoresists, Wafer, Test tools ...)
  are mapped onto it by ``lookups/aliases.csv`` during entity resolution.

Examples
--------
>>> from computechain.loaders.csvtable import Row
>>> _year(Cells(Row("provision.csv", 3, {"year": "2021"})))
(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
>>> cells = Cells(Row("provision.csv", 4, {"year": "1e309"}))
>>> _year(cells), [str(p) for p in cells.problems]
(None, ["provision.csv:4: year: '1e309' is not a year between 1900 and 2100 (e.g. 2025)"])
"""

from __future__ import annotations

from collections import defaultdict
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
from computechain.loaders.common import YEARS, Cells, commit_of, company_of, counted, dataset_source, period_of, slugify
from computechain.loaders.csvtable import Row, read_csv
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups

DATASET = "eto"
CHART = ("market_share_chart_global_market_size_info", "market_share_chart_caption", "market_share_chart_source",
         "market_share_chart_year")
# file -> (columns read, columns known and ignored on purpose, mandatory columns)
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "stages.csv": (("stage_id", "stage_name", "description"), CHART, ("stage_id", "stage_name")),
    "inputs.csv": (("input_id", "input_name", "type", "stage_id", "description"), ("stage_name", "year", *CHART),
                   ("input_id", "input_name", "type", "stage_name", "stage_id", "description", "year")),
    "providers.csv": (("provider_name", "alias", "provider_id", "provider_type", "country"), (),
                      ("provider_name", "alias", "provider_id", "provider_type", "country")),
    "provision.csv": (("provider_id", "provided_id", "share_provided", "year", "source"),
                      ("provider_name", "provided_name"),
                      ("provider_name", "provider_id", "provided_name", "provided_id", "share_provided", "year",
                       "source")),
    "sequence.csv": (("input_id", "goes_into_id", "is_type_of_id"), ("input_name", "goes_into_name", "is_type_of_name"),
                     ("input_name", "input_id", "goes_into_name", "goes_into_id", "is_type_of_name", "is_type_of_id")),
}
EXPECTED_ROWS = dict.fromkeys(FILES, 1)
ROLE = "provider"  # ETO does not classify its organisations; see lookups/external_roles.csv
ROUNDING = 0.005  # shares of one whole may sum to 100.5 % (rounded percentages)


def _year(cells: Cells) -> tuple[date, date] | None:
    """The calendar year of a provision row."""
    raw = cells.text("year")
    period = period_of(raw) if raw else None
    if raw and (period is None or (period[0].month, period[0].day, period[1].month, period[1].day) != (1, 1, 12, 31)):
        cells.fail("year", f"{raw!r} is not a year between {YEARS[0]} and {YEARS[1]} (e.g. 2025)")
        return None
    return period


def _segments(rows: dict[str, list[Row]], source_id: str, ds: Dataset) -> dict[str, str]:
    """Stages and inputs as segments; return ETO id -> segment id."""
    ids = {r.cells[k]: entity_id(NodeType.SEGMENT, slugify(r.cells[n]))
           for f, k, n in (("stages.csv", "stage_id", "stage_name"), ("inputs.csv", "input_id", "input_name"))
           for r in rows[f] if k in r.cells and n in r.cells}
    kinds = {r.cells["input_id"]: r.cells["is_type_of_id"] for r in rows["sequence.csv"]
             if "input_id" in r.cells and "is_type_of_id" in r.cells}
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


def _organisations(rows: list[Row], lookups: Lookups) -> tuple[dict[str, list[Row]], set[str]]:
    """Organisation rows by provider id (one row per alias), and the placeholders' ids; country
    providers are dropped."""
    placeholders = lookups.table("eto_placeholders")
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        kind = Cells(row, lookups).looked_up("provider_type", "eto_provider_types")
        if kind is None or kind["kind"] == "company":
            grouped[row.cells.get("provider_id", "")].append(row)
    return grouped, {key for key, group in grouped.items() if group[0].cells.get("provider_name") in placeholders}


def _companies(rows: list[Row], source_id: str, ds: Dataset, lookups: Lookups) -> dict[str, str | None]:
    """Organisations as companies, one per provider id with every alias; return id -> company id
    (None for a placeholder)."""
    grouped, placeholders = _organisations(rows, lookups)
    ids: dict[str, str | None] = dict.fromkeys(placeholders)
    for key, group in grouped.items():
        if key in placeholders:
            continue
        first, cells = group[0], Cells(group[0], lookups)
        cells.looked_up("provider_type", "eto_provider_types")
        country, name = cells.looked_up("country", "country_codes", key="iso3"), cells.text("provider_name")
        cells.text("provider_id")
        for row in group[1:]:
            for column in ("provider_name", "provider_type", "country"):
                if row.cells.get(column) != first.cells.get(column):
                    Cells(row, lookups, cells.problems).fail(
                        column, f"provider {key} is {first.cells.get(column)!r} at line {first.line}, "
                                f"{row.cells.get(column)!r} here (one provider id, one {column})")
        ds.problems.extend(cells.problems)
        if country and name and key and not cells.problems:
            company = company_of({"name": name, "country": country["iso2"], "roles": ROLE}, source_id)
            aliases = tuple(dict.fromkeys(a for r in group if (a := r.cells.get("alias")) and a != name))
            ds.add(company.model_copy(update={"aliases": aliases}), Origin(first.file, first.line))
            ids[key] = company.id
    return ids


Share = tuple[Row, str | None, str, float | None, tuple[date, date]]


def _share(row: Row, segments: dict[str, str], companies: dict[str, str | None], lookups: Lookups,
           ds: Dataset) -> Share | None:
    """(row, company, segment, share, year) of an organisation's provision row (company None for
    a placeholder); None for a country's aggregate, or a row already reported."""
    cells = Cells(row, lookups)
    provider, provided = cells.text("provider_id"), cells.text("provided_id")
    share, period = cells.number("share_provided", percent=True), _year(cells)
    if share is not None and not 0 <= share <= 1:
        cells.fail("share_provided", f"share {row.cells['share_provided']!r} is outside 0-100 %")
    if provided and provided not in segments:
        cells.fail("provided_id", f"unknown id {provided!r}; not in stages.csv or inputs.csv")
    ds.problems.extend(cells.problems)
    if cells.problems or provider not in companies or not provided or not period:
        return None
    return row, companies[provider or ""], segments[provided], share, period


def _factors(shares: list[Share], ds: Dataset) -> dict[tuple[str, date], float]:
    """Per (segment, year) the factor that brings the organisations' rounded shares (placeholders
    included: they are the unnamed rest of the same whole) back to 100 % when they sum to at most
    100 % + :data:`ROUNDING`; a larger sum is a problem at its last row."""
    totals: dict[tuple[str, date], float] = defaultdict(float)
    last: dict[tuple[str, date], Row] = {}
    for row, _, segment, share, period in shares:
        totals[(segment, period[0])] += share or 0.0
        last[(segment, period[0])] = row
    factors = {}
    for key, total in totals.items():
        if total > 1 + ROUNDING + 1e-9:
            row = last[key]
            ds.problems.append(Origin(row.file, row.line).problem(
                "share_provided", f"the organisations' shares of {row.cells.get('provided_id')} in {key[1].year} "
                                  f"sum to {100 * total:.1f} %, more than 100 % plus {100 * ROUNDING:.1f} points "
                                  "of rounding"))
        elif total > 1:
            factors[key] = 1 / total
    return factors


def _participations(rows: list[Row], segments: dict[str, str], companies: dict[str, str | None], lookups: Lookups,
                    source_id: str, ds: Dataset) -> None:
    """``participates_in`` for every organisation's provision row, rounding absorbed (module doc)."""
    shares = [s for row in rows if (s := _share(row, segments, companies, lookups, ds))]
    factors = _factors(shares, ds)
    kind = RelationKind.PARTICIPATES_IN
    for row, company, segment, share, (start, end) in shares:
        if company is None:
            continue  # a placeholder's share: the unnamed rest of the market
        weights: tuple[Weight, ...] = ()
        if share is not None:
            factor = factors.get((segment, start), 1.0)
            note = f"ETO share_provided {row.cells['share_provided']} ({start.year})"
            if factor != 1.0:
                note += (f"; ETO's shares of this input sum to {100 / factor:.1f} % (rounded percentages), "
                         f"scaled by 1/{1 / factor:.4g} to sum to 100 %")
            weights = (Weight(meaning=WeightMeaning.MARKET_SHARE, value=min(1.0, share * factor), basis=Basis.REPORTED,
                              basis_note=note),)
        ds.add(Relation(id=relation_id(kind, company, segment, None, start, valid_to=end, dataset=DATASET), kind=kind,
                        source=company, target=segment, weights=weights, as_of=end, valid_from=start, valid_to=end,
                        sources=(source_id,), dataset=DATASET, note=row.cells.get("source")),
               Origin(row.file, row.line))


def _flow(row: Row, segments: dict[str, str], as_of: date, source_id: str, ds: Dataset) -> None:
    """``input_to`` from an input to what it goes into (a row naming only ``is_type_of_id`` is
    taxonomy, read by :func:`_segments`)."""
    cells = Cells(row)
    key, target, kind_of = cells.text("input_id"), row.cells.get("goes_into_id"), row.cells.get("is_type_of_id")
    if target is None and kind_of is None:
        cells.fail("goes_into_id", "missing value (a row names what the input goes into or is a type of)")
    for column, ref in (("input_id", key), ("goes_into_id", target), ("is_type_of_id", kind_of)):
        if ref and ref not in segments:
            cells.fail(column, f"unknown id {ref!r}; not in stages.csv or inputs.csv")
    ds.problems.extend(cells.problems)
    if not cells.problems and key and target:
        kind, source, sink = RelationKind.INPUT_TO, segments[key], segments[target]
        ds.add(Relation(id=relation_id(kind, source, sink, None, None, dataset=DATASET), kind=kind, source=source,
                        target=sink, as_of=as_of, sources=(source_id,), dataset=DATASET), Origin(row.file, row.line))


def load(path: str, lookups: Lookups = DEFAULT_LOOKUPS) -> Dataset:
    """Read the ETO folder ``path`` into a Dataset (problems collected, not raised)."""
    root, ds = Path(path), Dataset()
    rows: dict[str, list[Row]] = {}
    for name, (read, ignored, required) in FILES.items():
        rows[name], problems = read_csv(root / name, (*read, *ignored), required)
        ds.problems.extend(problems)
    years = sorted(p[0].year for r in rows["provision.csv"] if (p := period_of(r.cells.get("year", ""))))
    source = dataset_source("eto-chip-explorer", "ETO / CSET Advanced Semiconductor Supply Chain Dataset",
                            "Emerging Technology Observatory (CSET)", str(years[-1] if years else 2022),
                            "https://github.com/georgetown-cset/eto-chip-explorer", commit_of(root))
    ds.add(source, Origin(str(root), 0))
    segments = _segments(rows, source.id, ds)
    companies = _companies(rows["providers.csv"], source.id, ds, lookups)
    _participations(rows["provision.csv"], segments, companies, lookups, source.id, ds)
    # the sequence is undated: it holds from the start of the earliest year the data covers
    flows_from = date(years[0] if years else 2022, 1, 1)
    for row in rows["sequence.csv"]:
        _flow(row, segments, flows_from, source.id, ds)
    ds.problems.extend(counted({n: len(r) for n, r in rows.items()}, EXPECTED_ROWS, root))
    return ds
