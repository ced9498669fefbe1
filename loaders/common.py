"""What the external-source loaders (``--with NAME=PATH``) share: lookups kept as data, strict
cell parsing that reports ``file:line: field``, expected row counts, and provisional entities.

Each loader reads its source's vocabulary (company names, country codes, confidence tags)
through lookup tables in ``seed/lookups/`` rather than ``if`` chains, so a new value in a
source fails loudly with the file and line and says which table to extend.

Examples
--------
>>> from computechain.loaders.csvtable import Row
>>> row = Row("owners.csv", 7, {"End date": "12/31/2025", "Share": "61%"})
>>> cells = Cells(row)
>>> cells.us_date("End date"), cells.number("Share", percent=True)
(datetime.date(2025, 12, 31), 0.61)
>>> cells.us_date("Start date"), [str(p) for p in cells.problems]
(None, ['owners.csv:7: Start date: missing value'])
>>> slugify("Meta Platforms, Inc.")
'meta-platforms-inc'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from computechain.errors import DataValidationError, Problem
from computechain.graph.schema import Company, NodeType, Source, date_problem, entity_id, parse_number
from computechain.graph.vocabulary import Vocabulary
from computechain.loaders.csvtable import Row, read_csv

LOOKUP_COLUMNS = {
    "epoch_names": ("epoch_name", "kind", "name", "country", "roles", "listings", "note"),
    "epoch_confidence": ("tag", "confidence"),
    "country_codes": ("iso2", "iso3", "name"),
    "external_roles": ("id", "name"),
    "eto_provider_types": ("provider_type", "kind", "note"),
}


def slugify(text: str) -> str:
    """A lowercase ASCII slug of ``text`` (the readable part of a minted id)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "unnamed"


@cache
def lookup(name: str, key: str | None = None) -> dict[str, dict[str, str]]:
    """Rows of ``seed/lookups/<name>.csv`` keyed by ``key`` (default: the first column).

    >>> lookup("country_codes", "iso3")["TWN"]["iso2"]
    'TW'
    """
    columns = LOOKUP_COLUMNS[name]
    path = Path(str(resources.files("computechain.seed"))) / "lookups" / f"{name}.csv"
    rows, problems = read_csv(path, columns, columns[:1])
    if problems:
        raise DataValidationError(problems)
    key = key or columns[0]
    return {row.cells[key]: row.cells for row in rows if key in row.cells}


def extend_vocabulary(vocab: Vocabulary) -> Vocabulary:
    """The seed's vocabulary plus the countries and roles external sources introduce."""
    countries = {row["iso2"]: row["name"] for row in lookup("country_codes").values()}
    return replace(vocab, countries={**countries, **vocab.countries},
                   roles=vocab.roles | set(lookup("external_roles")))


@dataclass
class Cells:
    """Parse one row's cells; every failure becomes a problem naming file, line and column."""

    row: Row
    problems: list[Problem] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.file, self.row.line, column, message))

    def text(self, column: str, *, required: bool = True) -> str | None:
        value = self.row.cells.get(column)
        if value is None and required:
            self.fail(column, "missing value")
        return value

    def number(self, column: str, *, required: bool = False, percent: bool = False) -> float | None:
        raw = self.text(column, required=required)
        if raw is None:
            return None
        cleaned = raw.replace(",", "")
        if percent:
            cleaned = cleaned.removesuffix("%")
        try:
            value = parse_number(cleaned)
        except ValueError:
            self.fail(column, f"{raw!r} is not a number")
            return None
        return value / 100 if percent else value

    def us_date(self, column: str) -> date | None:
        """A ``M/D/YYYY`` date (Epoch's format)."""
        raw = self.text(column)
        if raw is None:
            return None
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
        if match:
            try:
                day = date(int(match[3]), int(match[1]), int(match[2]))
            except ValueError:
                pass  # e.g. 2/30/2025: reported below like any other bad date
            else:
                problem = date_problem(day, reported=False)  # e.g. 1/1/0001
                if problem is None:
                    return day
                self.fail(column, f"{raw!r}: {problem}")
                return None
        self.fail(column, f"{raw!r} is not a M/D/YYYY date")
        return None

    def looked_up(self, column: str, table: str, *, key: str | None = None,
                  value: str | None = None) -> dict[str, str] | None:
        """The row of lookup ``table`` whose ``key`` column equals the cell (or ``value``);
        an unknown value is a problem naming the table to extend."""
        value = value if value is not None else self.text(column)
        if value is None:
            return None
        rows = lookup(table, key)
        if value not in rows:
            self.fail(column, f"unknown value {value!r}; known: {', '.join(sorted(rows))} "
                              f"(add it to lookups/{table}.csv)")
        return rows.get(value)


def counted(rows_by_file: dict[str, int], expected: dict[str, int], root: Path) -> list[Problem]:
    """Files with fewer rows than expected (a source that shrank or changed shape)."""
    return [Problem(str(root / name), 0, "(file)", f"expected at least {minimum} rows, found {found}")
            for name, minimum in expected.items()
            if (found := rows_by_file.get(name, 0)) < minimum]


def commit_of(root: Path) -> str | None:
    """The git commit of a data folder: a 40-hex id in its README.md, else its ``.git/HEAD``."""
    readme = root / "README.md"
    if readme.is_file():
        found = re.search(r"\b[0-9a-f]{40}\b", readme.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found[0]
    head = root / ".git" / "HEAD"
    if head.is_file():
        ref = head.read_text(encoding="utf-8").strip()
        target = root / ".git" / ref.removeprefix("ref: ") if ref.startswith("ref: ") else None
        return target.read_text(encoding="utf-8").strip() if target and target.is_file() else ref
    return None


def dataset_source(slug: str, title: str, publisher: str, when: str, url: str,
                   commit: str | None) -> Source:
    """The Source record citing a whole dataset (at a commit when known)."""
    return Source(id=entity_id(NodeType.SOURCE, slug), name=f"{title} @ {commit[:7]}" if commit else title,
                  publisher=publisher, date=when, url=f"{url}/tree/{commit}" if commit else url, kind="dataset",
                  note=f"commit {commit}" if commit else None)


def company_of(entry: dict[str, str], source_id: str) -> Company:
    """A provisional company from a lookup row (name, country, roles, listings); resolution
    onto the seed later replaces it by the seed's entity when one matches."""
    listings = [dict(zip(("exchange", "ticker"), item.split(":", 1), strict=True))
                for item in entry.get("listings", "").split(";") if item]
    return Company.model_validate({
        "id": entity_id(NodeType.COMPANY, slugify(entry["name"])), "name": entry["name"],
        "country": entry["country"], "roles": entry["roles"].split(";"), "listings": listings,
        "sources": [source_id], "note": entry.get("note")})
