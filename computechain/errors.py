"""The one exception hierarchy of computechain.

Every error a user can cause derives from :class:`ComputechainError`, so a script can catch
them all, and the CLI turns them into a clean message and a non-zero exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class ComputechainError(Exception):
    """Root of every computechain error."""


class SchemaError(ComputechainError):
    """A declaration keyed by the schema is inconsistent or incomplete: the schema itself, or an
    export's style table (raised when the module is imported)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one data file, located by file, line and field.

    Examples
    --------
    >>> str(Problem("seed/companies/a.csv", 7, "country", "unknown value 'XX'"))
    "seed/companies/a.csv:7: country: unknown value 'XX'"
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class DataValidationError(ComputechainError):
    """Input data failed validation; carries every problem found in one run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the input data:\n{lines}")


class UnknownSourceError(ComputechainError):
    """A ``--with NAME=PATH`` names no registered data source."""


class RelationKindError(ComputechainError, ValueError):
    """A relation kind that the schema does not declare."""


class UnknownEntityError(ComputechainError, LookupError):
    """A name, alias, ticker or id matched no entity of the graph."""

    def __init__(self, name: str, suggestions: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No entity matches {name!r}.{hint} Try `computechain search {name}`.")


class AmbiguousEntityError(ComputechainError, LookupError):
    """A name matched several entities; the user must pick one by id."""

    def __init__(self, name: str, candidates: Iterable[str]) -> None:
        self.name = name
        self.candidates = sorted(candidates)
        super().__init__(
            f"{name!r} matches several entities: {', '.join(self.candidates)}. Use an id."
        )


class SelectionError(ComputechainError):
    """Selection options (``--focus``, ``--trace``, ``--segment``, ``--listed``) that cannot be applied."""


class QueryError(ComputechainError):
    """A query cannot be answered as asked (a bad parameter, a name of the wrong type ...)."""


class ConvergenceError(QueryError):
    """A solve does not converge on this graph: demand propagation (a cycle passes on all of its
    spend) or RAS balancing (the figures it must meet contradict each other)."""


class MissingDataError(ComputechainError):
    """The graph lacks a figure an answer needs (an FX rate for a currency and year): the data must
    be completed, not the command line."""


class ExportError(ComputechainError):
    """A graph cannot be exported as asked (too large for the format, unknown option ...)."""


class MissingDependencyError(ExportError):
    """A package an export needs is missing or unusable (the vis-network build of pyvis ...)."""


class OutputError(ExportError):
    """An output file or folder cannot be written (not a regular file, read-only, disk full ...)."""


class Neo4jUnavailableError(ComputechainError):
    """No Neo4j server answers at the given URI, or it refused the credentials, or it went away."""


class WriteQueryRefusedError(ComputechainError):
    """A user's Cypher query was refused: the server's plan says it writes, reads files or URLs
    (LOAD CSV), administers the server, or calls a procedure outside the read-only allow-list."""


class QueryTimeoutError(ComputechainError):
    """A user's Cypher query ran past its time limit and was stopped by the server."""
