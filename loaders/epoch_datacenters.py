"""Epoch AI "Frontier AI data centers" (epoch.ai/data/ai-data-centers, CC BY 4.0): sites and who
owns, uses, finances, powers and builds them.

``PATH`` is the folder holding ``data_centers.csv`` (one row per campus). Each row becomes a
``site`` node (country, H100-equivalents, power, capital cost, chip types, evidence links) and
relations ``operates`` (Owner), ``uses`` (Users), ``invests_in`` (Investors), ``powers`` (Energy
companies) and ``builds`` (Construction companies). Epoch's confidence tags (``#likely``) go
through ``lookups/epoch_confidence.csv`` onto each relation's ``confidence``; company names go
through ``lookups/epoch_names.csv`` and country names through ``lookups/country_codes.csv``.
The relations hold as of the date the file was retrieved (its folder README's "retrieved"
date, else the file's modification date).

Examples
--------
>>> [(name, tag) for name, tag in _tagged("OpenAI #likely, Microsoft #confident, Cursor")]
[('OpenAI', '#likely'), ('Microsoft', '#confident'), ('Cursor', None)]
>>> _links("- [WSJ profile](https://wsj.com/x) \\n- [Filing](https://sec.gov/y)")
('https://wsj.com/x', 'https://sec.gov/y')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import NodeType, Relation, RelationKind, Site, date_problem, entity_id, relation_id
from computechain.loaders.common import Cells, company_of, counted, dataset_source, slugify
from computechain.loaders.csvtable import read_csv
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups

DATASET = "epoch-datacenters"
FILE = "data_centers.csv"
EXPECTED_ROWS = {FILE: 83}
H100E, POWER, CAPEX = ("Current H100 equivalents", "Current power (MW)",
                       "Current total capital cost (2025 USD billions)")
COLUMNS = ("Name", H100E, POWER, CAPEX, "Owner", "Users", "Selected Sources", "Calculations sheet", "Project",
           "Current chip types", "All chip types", "Investors", "Construction companies", "Energy companies",
           "Country", "Address")
RELATION_COLUMNS = {"Owner": RelationKind.OPERATES, "Users": RelationKind.USES,
                    "Investors": RelationKind.INVESTS_IN, "Energy companies": RelationKind.POWERS,
                    "Construction companies": RelationKind.BUILDS}


def _tagged(cell: str) -> Iterator[tuple[str, str | None]]:
    """(name, confidence tag or None) for each comma-separated item of a cell."""
    for item in cell.split(","):
        match = re.fullmatch(r"\s*(.*?)\s*(#\w+)?\s*", item)
        if match and match[1]:
            yield match[1], match[2]


def _links(cell: str) -> tuple[str, ...]:
    """The URLs of a markdown list of links."""
    return tuple(re.findall(r"\]\((\S+?)\)", cell))


def _retrieved(root: Path, ds: Dataset) -> date | None:
    """The README's "retrieved YYYY-MM-DD", else the file's modification date; None (and a
    problem) when that is not a real date or lies outside the dates data may have."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else ""
    found = re.search(r"retrieved (\d{4}-\d{2}-\d{2})", text)
    where = Origin(str(readme), text.count("\n", 0, found.start()) + 1) if found else Origin(str(root / FILE), 0)
    try:
        day = date.fromisoformat(found[1]) if found else date.fromtimestamp((root / FILE).stat().st_mtime)
    except ValueError:
        ds.problems.append(where.problem("retrieved", f"{found[1] if found else ''!r} is not a calendar date"))
        return None
    problem = date_problem(day, reported=True)
    if problem:
        ds.problems.append(where.problem("retrieved", problem))
        return None
    return day


def _site(cells: Cells, source_id: str) -> Site | None:
    name = cells.text("Name")
    country = cells.looked_up("Country", "country_codes", key="name")
    figures = {field: cells.number(column) for field, column in
               (("h100e", H100E), ("power_mw", POWER), ("capex_usd_bn", CAPEX))}
    if not name or not country:
        return None
    cell = cells.row.cells
    try:
        return Site(id=entity_id(NodeType.SITE, slugify(name)), name=name, country=country["iso2"],
                    address=cell.get("Address"), project=next(_tagged(cell.get("Project", "")), (None,))[0],
                    chip_types=tuple(t for t, _ in _tagged(cell.get("Current chip types", ""))),
                    links=_links(cell.get("Selected Sources", "")), sources=(source_id,), **figures)
    except ValidationError as exc:
        for err in exc.errors():
            cells.fail(str(err["loc"][0]) if err["loc"] else "(row)", err["msg"])
        return None


def _relations(cells: Cells, site: str, source_id: str, as_of: date, ds: Dataset) -> None:
    """The site's relations to the companies named in its relation columns."""
    origin = Origin(cells.row.file, cells.row.line)
    for column, kind in RELATION_COLUMNS.items():
        for name, tag in _tagged(cells.row.cells.get(column, "")):
            entry = cells.looked_up(column, "epoch_names", value=name)
            confidence = cells.looked_up(column, "epoch_confidence", value=tag) if tag else None
            if entry is None or (tag and confidence is None):
                continue
            company = company_of(entry, source_id)
            if company.id not in ds.entities:
                ds.add(company, origin)
            ds.add(Relation(id=relation_id(kind, company.id, site, None, None, dataset=DATASET), kind=kind,
                            source=company.id, target=site, as_of=as_of, sources=(source_id,),
                            dataset=DATASET, confidence=confidence["confidence"] if confidence else None),
                   origin)


def load(path: str, lookups: Lookups = DEFAULT_LOOKUPS) -> Dataset:
    """Read the Epoch data-centre folder ``path`` into a Dataset (problems collected, not raised)."""
    root = Path(path)
    ds = Dataset()
    rows, ds.problems = read_csv(root / FILE, COLUMNS, COLUMNS)
    as_of = _retrieved(root, ds) if (root / FILE).is_file() else None
    if as_of is None:
        return ds
    source = dataset_source("epoch-ai-data-centers", f"Epoch AI, Frontier AI Data Centers (retrieved {as_of})",
                            "Epoch AI", as_of.isoformat(), "https://epoch.ai/data/ai-data-centers", None)
    ds.add(source, Origin(str(root / FILE), 0))
    for row in rows:
        cells = Cells(row, lookups)
        site, site_id = _site(cells, source.id), entity_id(NodeType.SITE, slugify(row.cells.get("Name", "")))
        if site is not None:
            ds.add(site, Origin(row.file, row.line))
        else:  # its relations are still checked; references to it are not reported again
            ds.broken.add(site_id)
        _relations(cells, site_id, source.id, as_of, ds)
        ds.problems.extend(cells.problems)
    ds.problems.extend(counted({FILE: len(rows)}, EXPECTED_ROWS, root))
    return ds
