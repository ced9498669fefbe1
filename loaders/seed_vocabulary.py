"""Read a seed's controlled vocabularies (``lookups/*.csv``) into a :class:`Vocabulary`.

Every value is checked when the lookups load: a row without its code is a problem, and each
exchange's ticker pattern is compiled then, so an invalid regular expression, or one whose
nested quantifiers could backtrack for minutes (``(a+)+``), is reported at its line instead of
failing later on the first ticker it meets.

Examples
--------
>>> pattern_problem(r"^(60|68)\\d{4}$") is None
True
>>> pattern_problem("^(")
'not a valid regular expression: missing ), unterminated subpattern at position 1'
>>> pattern_problem(r"^(\\d+)+$").split(",")[0]
'a repeated group holds a repetition or alternatives (as in (a+)+ or (a|ab)*)'
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from pathlib import Path
from typing import Any

from computechain.errors import DataValidationError, Problem
from computechain.graph.vocabulary import Vocabulary
from computechain.loaders.csvtable import read_csv
from computechain.loaders.layout import missing_root

LOOKUPS_FOLDER = "lookups"
LOOKUP_COLUMNS = {
    "countries": ("code", "name", "name_zh"),
    "exchanges": ("code", "name", "country", "ticker_pattern"),
    "roles": ("id", "name"),
    "source_kinds": ("id", "name"),
    "region_kinds": ("id", "name"),
}
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


def load_vocabulary(root: Path) -> Vocabulary:
    """Read ``root/lookups/*.csv`` (countries, exchanges, roles, source and region kinds)."""
    missing = missing_root(root) or missing_root(root / LOOKUPS_FOLDER)
    if missing:
        raise DataValidationError([missing])
    tables: dict[str, dict[str, dict[str, str]]] = {}
    problems: list[Problem] = []
    for name, columns in LOOKUP_COLUMNS.items():
        rows, found = read_csv(root / LOOKUPS_FOLDER / f"{name}.csv", columns, columns[:2])
        problems += found
        tables[name] = {}
        for row in rows:
            problems += [Problem(row.file, row.line, column, "missing value")
                         for column in columns[:2] if column not in row.cells]
            pattern = row.cells.get("ticker_pattern")
            problem = pattern_problem(pattern) if pattern is not None else None
            if problem:
                problems.append(Problem(row.file, row.line, "ticker_pattern", f"{problem} (got {pattern!r})"))
            tables[name][row.cells.get(columns[0], "")] = row.cells
    if problems:
        raise DataValidationError(problems)
    return Vocabulary(
        countries={code: row["name"] for code, row in tables["countries"].items()},
        exchanges={code: row.get("ticker_pattern", ".*") for code, row in tables["exchanges"].items()},
        roles=set(tables["roles"]),
        source_kinds=set(tables["source_kinds"]),
        region_kinds=set(tables["region_kinds"]),
    )
