"""What the external-source loaders (``--with NAME=PATH``) share: lookups kept as data, strict
cell parsing that reports ``file:line: field``, expected row counts, and provisional entities.

Each loader reads its source's vocabulary (company names, country codes, confidence tags)
through lookup tables (:class:`~computechain.loaders.lookups.Lookups`) rather than ``if``
chains, so a new value in a source fails loudly with the file and line and says which table to
extend.

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

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from computechain.errors import Problem
from computechain.graph.dataset import Dataset
from computechain.graph.schema import Company, NodeType, Source, date_problem, entity_id, parse_number
from computechain.loaders.csvtable import Row
from computechain.loaders.lookups import DEFAULT_LOOKUPS, Lookups

YEARS = (1900, 2100)  # a year outside is a typo (99999) or a placeholder (0001), not a period


def slugify(text: str) -> str:
    """A lowercase ASCII slug of ``text`` (the readable part of a minted id). A name with no
    ASCII letter or digit (寒武纪) gets a stable slug from a hash of the name, so two such names
    never share an id.

    >>> slugify("寒武纪") == slugify("寒武纪") != slugify("海光信息")
    True
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x-" + hashlib.sha256(unicodedata.normalize("NFKC", text).encode()).hexdigest()[:10]


def period_of(raw: str) -> tuple[date, date] | None:
    """The period a cell names: a year (``2024``), a quarter (``2024Q3``, ``2024-Q3``, ``Q3 2024``),
    a month (``2024-06``) or a day (``2024-06-30``); None when it names none.

    >>> period_of("2024Q3"), period_of("2024")[1], period_of("twenty")
    ((datetime.date(2024, 7, 1), datetime.date(2024, 9, 30)), datetime.date(2024, 12, 31), None)
    """
    text = raw.strip().upper().replace(" ", "")
    try:
        if match := re.fullmatch(r"(\d{4})", text):
            year = int(match[1])
            start, end = date(year, 1, 1), date(year, 12, 31)
        elif match := re.fullmatch(r"(?:(\d{4})-?Q([1-4])|Q([1-4])-?(\d{4}))", text):
            year, quarter = int(match[1] or match[4]), int(match[2] or match[3])
            start = date(year, 3 * quarter - 2, 1)
            end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(days=1)
        elif match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            start = date(int(match[1]), int(match[2]), 1)
            end = date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            start = end = date.fromisoformat(text)
        else:
            return None
    except ValueError:  # month 13, day 30 of February
        return None
    return (start, end) if YEARS[0] <= start.year <= YEARS[1] else None


@dataclass
class ExternalDataset(Dataset):
    """A loader's dataset plus what resolution must know of some entities: the ids whose country
    and roles the loader assumed (a table mapping's defaults), which are no evidence; and the ids
    that must resolve onto an entity of the graph (a product named in words), with the column
    to blame when one does not."""

    assumed: set[str] = field(default_factory=set)
    required: dict[str, str] = field(default_factory=dict)


@dataclass
class Cells:
    """Parse one row's cells; every failure becomes a problem naming file, line and column."""

    row: Row
    lookups: Lookups = DEFAULT_LOOKUPS
    problems: list[Problem] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row.file, self.row.line, column, message))

    def text(self, column: str, *, required: bool = True) -> str | None:
        value = self.row.cells.get(column)
        if value is None and required:
            self.fail(column, "missing value")
        return value

    def number(self, column: str, *, required: bool = False, percent: bool = False) -> float | None:
        """A finite decimal number; a cell ending in ``%`` (or any cell when ``percent``) is a
        percentage and is divided by 100."""
        raw = self.text(column, required=required)
        if raw is None:
            return None
        cleaned = raw.replace(",", "").strip()
        percent = percent or cleaned.endswith("%")
        cleaned = cleaned.removesuffix("%").strip()
        try:
            value = parse_number(cleaned)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):  # 1e309 overflows to inf; 0_1 is a Python literal, not a number
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

    def period(self, column: str, *, required: bool = True) -> tuple[date, date] | None:
        """The period of a year, quarter, month or day cell (see :func:`period_of`)."""
        raw = self.text(column, required=required)
        if raw is None:
            return None
        found = period_of(raw)
        if found is None:
            self.fail(column, f"{raw!r} is not a year, quarter or date in {YEARS[0]}-{YEARS[1]} "
                              "(e.g. 2024, 2024Q3, 2024-06-30)")
        return found

    def looked_up(self, column: str, table: str, *, key: str | None = None,
                  value: str | None = None) -> dict[str, str] | None:
        """The row of lookup ``table`` whose ``key`` column equals the cell (or ``value``);
        an unknown value is a problem naming the table to extend."""
        value = value if value is not None else self.text(column)
        if value is None:
            return None
        rows = self.lookups.table(table, key)
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
