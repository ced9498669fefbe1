"""Epoch AI "AI chip owners" (github.com/epoch-research/ai-chip-counts, MIT): who owns the chips.

``PATH`` is the repository folder (``owners_csv_export/`` and ``csv_export/``). Every row of the
owners' *cumulative totals* is checked; the longest complete window of each maker and owner
(2022-2025 for Nvidia) becomes a ``supplies`` relation chip maker -> owner whose weight
``share_of_supplier_output`` is the owner's share of the maker's H100-equivalents over that
window: owner median / maker total median, with the owner's p5 and p95 over that total as low
and high. Rows flagged ``Incomplete`` (a partial quarter) are checked but not used. Windows
that start after the maker's series (CoreWeave from 2023, Nvidia from 2022) divide by the
difference of two cumulative totals. Aggregates (``China``, ``Other``) and a
maker's own use (Google's TPUs, Amazon's Trainium) are not supply relations and are skipped.

Examples
--------
>>> _total({("Nvidia", date(2022, 1, 1), date(2023, 12, 31)): 100.0,
...         ("Nvidia", date(2022, 1, 1), date(2022, 12, 31)): 30.0},
...        "Nvidia", date(2023, 1, 1), date(2023, 12, 31))
70.0
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from computechain.errors import Problem
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import (
    Basis,
    Company,
    Relation,
    RelationKind,
    Weight,
    WeightMeaning,
    date_problem,
    relation_id,
)
from computechain.loaders.common import Cells, commit_of, company_of, counted, dataset_source
from computechain.loaders.csvtable import Row, read_csv
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups

DATASET = "epoch-chips"
PRODUCT = "segment:ai-accelerators"
OWNERS = "owners_csv_export/"
# file -> the fewest rows it may have (the copy at commit d1b1bc3 has exactly these)
OWNER_FILES = {
    f"{OWNERS}nvidia_owners_cumulative_totals.csv": 102, f"{OWNERS}nvidia_owners_OTHER_cumulative_totals.csv": 17,
    f"{OWNERS}amd_owners_cumulative_totals.csv": 33, f"{OWNERS}tpu_owners_cumulative_totals.csv": 13,
    f"{OWNERS}trainium_owners_cumulative_totals.csv": 8,
    f"{OWNERS}coreweave/coreweave_owners_cumulative_totals.csv": 12,
}
TOTAL_FILES = {f"csv_export/{maker}_cumulative_totals.csv": rows
               for maker, rows in (("nvidia", 17), ("amd", 8), ("tpu", 13), ("trainium", 8))}
MEDIAN, P5, P95 = "Compute estimate in H100e (median)", "H100e (5th percentile)", "H100e (95th percentile)"
OWNER_REQUIRED = ("Name", "Chip manufacturer", "Owner", "Start date", "End date", MEDIAN, P5, P95)
FIGURES = tuple(f"{what}{pct}" for what in ("Number of Units", "Number of units", "Total TDP (W)", "Power in MW")
                for pct in ("", " (median)", " (5th percentile)", " (95th percentile)"))
OPTIONAL = (*FIGURES, "Compute estimate in H100e (5th percentile)", "Compute estimate in H100e (95th percentile)",
            "Chip type", "Incomplete", "Source / Link", "Notes")
TOTAL_REQUIRED = ("Name", "Chip manufacturer", "Start date", "End date", MEDIAN)
Totals = dict[tuple[str, date, date], float]


def _total(totals: Totals, maker: str, start: date, end: date) -> float | None:
    """The maker's output over ``start..end`` from its cumulative totals."""
    if (maker, start, end) in totals:
        return totals[(maker, start, end)]
    for (name, first, last), value in totals.items():
        before = totals.get((name, first, start - timedelta(days=1)))
        if name == maker and last == end and first < start and before is not None:
            return value - before
    return None


def _read_totals(root: Path, counts: dict[str, int], ds: Dataset) -> Totals:
    totals: Totals = {}
    for name in TOTAL_FILES:
        rows, problems = read_csv(root / name, (*TOTAL_REQUIRED, P5, P95, *OPTIONAL), TOTAL_REQUIRED)
        ds.problems.extend(problems)
        counts[name] = len(rows)
        for row in rows:
            cells = Cells(row)
            maker, start, end = cells.text("Chip manufacturer"), cells.us_date("Start date"), cells.us_date("End date")
            median = cells.number(MEDIAN, required=True)
            ds.problems.extend(cells.problems)
            if maker and start and end and median is not None:
                totals[(maker, start, end)] = median
    return totals


Supply = tuple[Relation, Company, Company, Row]


def _supply(row: Row, totals: Totals, source_id: str, ds: Dataset, lookups: Lookups) -> Supply | None:
    """The relation (and its provisional companies) of one owner row; its problems go to ``ds``."""
    cells = Cells(row, lookups)
    maker, owner = cells.looked_up("Chip manufacturer", "epoch_names"), cells.looked_up("Owner", "epoch_names")
    start, end = cells.us_date("Start date"), cells.us_date("End date")
    median, low, high = (cells.number(column, required=True) for column in (MEDIAN, P5, P95))
    total = _total(totals, row.cells.get("Chip manufacturer", ""), start, end) if start and end else None
    if maker and owner and start and end and median is not None and not total:
        cells.fail("End date", f"no {row.cells['Chip manufacturer']} total for {start}..{end} in csv_export/")
    ds.problems.extend(cells.problems)
    if cells.problems or not (maker and owner and start and end and median is not None and total):
        return None
    if owner["kind"] == "aggregate" or owner["name"] == maker["name"]:
        return None
    note = (f"Epoch AI median {median:,.0f} H100e (p5 {low:,.0f}, p95 {high:,.0f}) of the maker's "
            f"{total:,.0f} H100e over {start}..{end}; low/high are the owner's p5/p95 over that total")
    seller, buyer, kind = company_of(maker, source_id), company_of(owner, source_id), RelationKind.SUPPLIES
    try:
        weight = Weight(meaning=WeightMeaning.SHARE_OF_SUPPLIER_OUTPUT, value=median / total,
                        low=(low or 0) / total, high=(high or 0) / total, basis=Basis.ESTIMATE, basis_note=note)
        relation = Relation(id=relation_id(kind, seller.id, buyer.id, PRODUCT, start, valid_to=end, dataset=DATASET),
                            kind=kind, source=seller.id, target=buyer.id, product=PRODUCT, weights=(weight,),
                            as_of=end, valid_from=start, valid_to=end, sources=(source_id,), dataset=DATASET)
    except ValidationError as exc:  # a share past 1, an end date past today + 1 year ...
        error = exc.errors()[0]
        column = "End date" if error["loc"] and error["loc"][0] == "as_of" else MEDIAN
        ds.problems.append(Problem(row.file, row.line, column, error["msg"].removeprefix("Value error, ")))
        return None
    return relation, seller, buyer, row


def _latest(supplies: list[Supply]) -> list[Supply]:
    """Per maker, owner and window start, the longest window that is not a partial quarter: the
    cumulative windows nest, so keeping them all would give a date several shares of one pair."""
    best: dict[tuple[str, str, date | None], Supply] = {}
    for supply in supplies:
        rel, row = supply[0], supply[3]
        key = (rel.source, rel.target, rel.valid_from)
        if not row.cells.get("Incomplete") and (key not in best or rel.as_of > best[key][0].as_of):
            best[key] = supply
    return list(best.values())


def _generated_on(rows: list[Row], ds: Dataset) -> str:
    """The latest 'Estimates generated on: MM-DD-YYYY' of the rows' notes, as an ISO date (a date
    that is not a real one, or out of range, is a problem at its row)."""
    days = []
    for row in rows:
        found = re.search(r"generated on: (\d\d)-(\d\d)-(\d{4})", row.cells.get("Notes", ""))
        if found:
            try:
                day = date(int(found[3]), int(found[1]), int(found[2]))
            except ValueError:
                ds.problems.append(Problem(row.file, row.line, "Notes", f"{found[0]!r} is not a calendar date"))
                continue
            problem = date_problem(day, reported=True)
            if problem:
                ds.problems.append(Problem(row.file, row.line, "Notes", problem))
            else:
                days.append(day.isoformat())
    return max(days, default="2026")


def load(path: str, lookups: Lookups = DEFAULT_LOOKUPS) -> Dataset:
    """Read the Epoch chip-owner folder ``path`` into a Dataset (problems collected, not raised)."""
    root = Path(path)
    ds, counts = Dataset(), dict[str, int]()
    totals = _read_totals(root, counts, ds)
    rows: list[Row] = []
    for name in OWNER_FILES:
        file_rows, problems = read_csv(root / name, (*OWNER_REQUIRED, *OPTIONAL), OWNER_REQUIRED)
        ds.problems.extend(problems)
        counts[name] = len(file_rows)
        rows += file_rows
    source = dataset_source("epoch-ai-chip-counts", "Epoch AI, AI chip owners estimates", "Epoch AI",
                            _generated_on(rows, ds), "https://github.com/epoch-research/ai-chip-counts",
                            commit_of(root))
    ds.add(source, Origin(str(root), 0))
    supplies = [supply for row in rows if (supply := _supply(row, totals, source.id, ds, lookups))]
    for rel, seller, buyer, row in _latest(supplies):
        for company in (seller, buyer):
            if company.id not in ds.entities:
                ds.add(company, Origin(row.file, row.line))
        ds.add(rel, Origin(row.file, row.line))
    ds.problems.extend(counted(counts, {**OWNER_FILES, **TOTAL_FILES}, root))
    return ds
