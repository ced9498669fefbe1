"""How a computechain error ends a command: the one home of the exit-code rule.

A *runtime* failure (the command line was fine, the work failed: bad or missing data, a server
that is down or went away, a model that does not converge, an output that cannot be written, a query
past its time limit, a missing or broken package, an inconsistent schema) prints one plain
message and exits 1. Every other computechain error
names something wrong on the command line (an unknown name, a refused query, clashing
options) and exits 2 with click's usage hint, as click's own usage errors do.

Examples
--------
>>> from computechain.errors import Neo4jUnavailableError, UnknownEntityError
>>> type(click_error(Neo4jUnavailableError("Neo4j went away"))).__name__
'ClickException'
>>> click_error(UnknownEntityError("Acme")).exit_code
2
"""

from __future__ import annotations

import click

from computechain.errors import (
    ComputechainError,
    ConvergenceError,
    DataValidationError,
    MissingDataError,
    MissingDependencyError,
    Neo4jUnavailableError,
    OutputError,
    QueryTimeoutError,
    SchemaError,
)

RUNTIME_ERRORS: tuple[type[ComputechainError], ...] = (
    DataValidationError, Neo4jUnavailableError, OutputError, ConvergenceError, QueryTimeoutError, SchemaError,
    MissingDependencyError, MissingDataError)


class DataProblems(click.ClickException):
    """Every problem of the input data, one per line, without click's ``Error:`` prefix."""

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def click_error(exc: ComputechainError) -> click.ClickException:
    """The click exception that ends a command on ``exc``: exit 1 for runtime failures, 2 for usage."""
    if isinstance(exc, DataValidationError):
        return DataProblems(str(exc))
    if isinstance(exc, RUNTIME_ERRORS):
        return click.ClickException(str(exc))
    return click.UsageError(str(exc))
