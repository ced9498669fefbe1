"""Every lookup table as one object: the seed's ``lookups/``, the shipped external lookups, and
the user's own folders of extra rows.

A lookup is a small CSV table keyed by its first column (countries, exchanges, the external
sources' name and code tables, the alias table entity resolution reads). :class:`Lookups` reads
each table from the seed's ``lookups/`` folder (the shipped one has them all; a custom
``--seed`` may hold only the vocabulary tables, the rest then come from the shipped seed) and
then from each folder of ``extra`` (``--lookups DIR``), whose rows add to the table: a row whose
key is already known replaces it, so a user can add Luxembourg to ``country_codes.csv`` or fix
an exchange's ticker pattern without editing the installed package. A table the folders do
not hold is simply not extended. Ticker patterns are compiled when the table is read: a bad
(or pathologically slow) pattern fails with its file and line before any data is checked.

Examples
--------
>>> import tempfile, pathlib
>>> mine = pathlib.Path(tempfile.mkdtemp())
>>> _ = (mine / "country_codes.csv").write_text("iso2,iso3,name\\nLU,LUX,Luxembourg\\n", encoding="utf-8")
>>> lookups = Lookups(extra=(mine,))
>>> lookups.table("country_codes", "iso3")["LUX"]["iso2"], lookups.table("country_codes", "iso3")["TWN"]["iso2"]
('LU', 'TW')
>>> "LU" in lookups.vocabulary(external=True).countries
True
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from computechain.errors import DataValidationError, Problem
from computechain.graph.vocabulary import Vocabulary
from computechain.loaders.csvtable import Row, read_csv

# table -> its columns (the first is the key; the first two are mandatory)
LOOKUPS_FOLDER = "lookups"
LOOKUP_COLUMNS: dict[str, tuple[str, ...]] = {
    # the seed's vocabulary (checked by graph/checks.py)
    "countries": ("code", "name", "name_zh"),
    "exchanges": ("code", "name", "country", "ticker_pattern"),
    "roles": ("id", "name"),
    "source_kinds": ("id", "name"),
    "region_kinds": ("id", "name"),
    # what the external loaders and entity resolution read
    "country_codes": ("iso2", "iso3", "name"),
    "external_roles": ("id", "name"),
    "epoch_names": ("epoch_name", "kind", "name", "country", "roles", "listings", "note"),
    "epoch_confidence": ("tag", "confidence"),
    "eto_provider_types": ("provider_type", "kind", "note"),
    "eto_placeholders": ("provider_name", "note"),
    "aliases": ("name", "id", "dataset", "note"),
    "legal_forms": ("form", "language"),
    "place_names": ("name", "language", "note"),
}
REQUIRED_COLUMNS = {"aliases": ("name", "id")}


def shipped_seed() -> Path:
    """The seed folder shipped inside the installed package."""
    return Path(str(resources.files("computechain.seed")))


_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}
_GROUPS = {sre_parse.SUBPATTERN, sre_parse.ATOMIC_GROUP, sre_parse.ASSERT, sre_parse.ASSERT_NOT}


def _backtracks(items: Any, *, repeated: bool) -> bool:
    """Whether a parsed pattern repeats (more than once) a part that itself repeats or branches."""
    for op, arg in items:
        if op in _REPEATS:
            _, high, body = arg
            repeats = high is sre_parse.MAXREPEAT or high > 1
            if (repeats and repeated) or _backtracks(body, repeated=repeated or repeats):
                return True
        elif op is sre_parse.BRANCH:
            if repeated or any(_backtracks(branch, repeated=False) for branch in arg[1]):
                return True
        elif op in _GROUPS and _backtracks(arg if op is sre_parse.ATOMIC_GROUP else arg[-1], repeated=repeated):
            return True
    return False


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a ticker pattern, or None when it can."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    if _backtracks(sre_parse.parse(pattern), repeated=False):
        return ("a repeated group holds a repetition or alternatives (as in (a+)+ or (a|ab)*), which can "
                "take minutes to match; repeat only characters and classes")
    return None


def _row_problems(row: Row, key_columns: Sequence[str]) -> list[Problem]:
    """A row without its key columns' values, or with a ticker pattern that is not usable."""
    problems = [Problem(row.file, row.line, column, "missing value")
                for column in key_columns if column not in row.cells]
    pattern = row.cells.get("ticker_pattern")
    problem = pattern_problem(pattern) if pattern is not None else None
    if problem:
        problems.append(Problem(row.file, row.line, "ticker_pattern", f"{problem} (got {pattern!r})"))
    return problems


class Lookups:
    """The lookup tables of one load (see the module docstring)."""

    def __init__(self, seed: Path | None = None, extra: Sequence[Path] = ()) -> None:
        self.folders = [*dict.fromkeys([(seed or shipped_seed()) / "lookups", shipped_seed() / "lookups"])]
        self.extra = [Path(folder) for folder in extra]
        self._rows: dict[str, list[Row]] = {}
        missing = [folder for folder in self.extra if not folder.is_dir()]
        if missing:
            raise DataValidationError([Problem(str(f), 0, "(folder)", "--lookups: no such folder") for f in missing])
        unknown = [p for folder in self.extra for p in sorted(folder.glob("*.csv")) if p.stem not in LOOKUP_COLUMNS]
        if unknown:
            raise DataValidationError([Problem(str(p), 0, "(file)", "not a lookup table; known tables: "
                                               + ", ".join(f"{name}.csv" for name in LOOKUP_COLUMNS))
                                       for p in unknown])

    def rows(self, name: str) -> list[Row]:
        """Every row of table ``name``: the first seed folder holding it, then the extra folders."""
        if name not in self._rows:
            columns = LOOKUP_COLUMNS[name]
            required = REQUIRED_COLUMNS.get(name, columns[:2])
            base = next((f / f"{name}.csv" for f in self.folders if (f / f"{name}.csv").is_file()),
                        self.folders[0] / f"{name}.csv")
            paths = [base, *(p for f in self.extra if (p := f / f"{name}.csv").is_file())]
            rows: list[Row] = []
            problems: list[Problem] = []
            for path in paths:
                more_rows, more = read_csv(path, columns, required)
                rows += more_rows
                problems += more
            problems += [found for row in rows for found in _row_problems(row, required)]
            if problems:
                raise DataValidationError(problems)
            self._rows[name] = rows
        return self._rows[name]

    def table(self, name: str, key: str | None = None) -> dict[str, dict[str, str]]:
        """Rows of table ``name`` keyed by column ``key`` (default: the first); later rows win.

        >>> Lookups().table("country_codes", "iso3")["NLD"]["name"]
        'Netherlands'
        """
        key = key or LOOKUP_COLUMNS[name][0]
        return {row.cells[key]: row.cells for row in self.rows(name) if key in row.cells}

    def vocabulary(self, *, external: bool = False) -> Vocabulary:
        """The controlled vocabulary the whole-graph checks use: the seed's countries, exchanges,
        roles, source and region kinds, plus (``external``, once a ``--with`` source is loaded)
        the countries of ``country_codes.csv`` and the roles of ``external_roles.csv``."""
        countries = {code: row["name"] for code, row in self.table("countries").items()}
        added = {row["iso2"]: row["name"] for row in self.table("country_codes").values()} if external else {}
        return Vocabulary(
            countries={**added, **countries},
            exchanges={code: row.get("ticker_pattern", ".*") for code, row in self.table("exchanges").items()},
            roles=set(self.table("roles")) | (set(self.table("external_roles")) if external else set()),
            source_kinds=set(self.table("source_kinds")),
            region_kinds=set(self.table("region_kinds")),
        )


DEFAULT_LOOKUPS = Lookups()
