"""Print a DataFrame as a rich table, CSV or a JSON array of row objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import click
import pandas as pd
from rich.console import Console
from rich.table import Table
from rich.text import Text

from computechain.exports.controls import escape_controls, escape_value

Format = Literal["table", "csv", "json"]
FORMATS = ("table", "csv", "json")

COLUMNS_KEY = "computechain_columns"


def _remember_columns(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[COLUMNS_KEY] = [c.strip() for c in value.split(",") if c.strip()]


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|csv|json`` (passed as ``fmt``) and ``--columns A,B`` (applied by :func:`emit`)."""
    command = click.option(
        "--columns", default=None, expose_value=False, callback=_remember_columns, metavar="A,B",
        help="Print only these columns, in this order.")(command)
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format: a table for people, csv or json (an array of row objects) for programs.",
    )(command)


def _chosen_columns(frame: pd.DataFrame) -> pd.DataFrame:
    ctx = click.get_current_context(silent=True)
    wanted = ctx.meta.get(COLUMNS_KEY) if ctx else None
    if not wanted:
        return frame
    unknown = [c for c in wanted if c not in frame.columns]
    if unknown:
        raise click.UsageError(f"unknown column(s) {', '.join(unknown)}; this table has: {', '.join(frame.columns)}")
    return frame[wanted]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-ready objects, exactly as ``--format json`` prints them
    (NaN as null, dates as text, floats to pandas' ten significant digits).

    >>> json_records(pd.DataFrame({"id": ["company:acme"], "share": [float("nan")]}))
    [{'id': 'company:acme', 'share': None}]
    """
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", force_ascii=False))
    return records


def emit(frame: pd.DataFrame, fmt: Format, title: str | None = None, *, main: bool = True) -> None:
    """Write ``frame`` to stdout in ``fmt``; a command's main table shows only the ``--columns``
    asked for (secondary tables, such as evidence, pass ``main=False``). Control characters in
    text are shown as ``\\xNN``, never sent to the terminal, and table cells are plain text
    (never rich markup)."""
    if main:
        frame = _chosen_columns(frame)
    frame = frame.map(escape_value)
    if fmt == "json":
        click.echo(json.dumps(json_records(frame), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        table = Table(title=Text(escape_controls(title)) if title else None, title_justify="left")
        for column in frame.columns:
            table.add_column(Text(escape_controls(str(column))), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(Text(_cell(v)) for v in row))
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped: do not fold columns to 80 characters
        console.print(table)
