"""Print a DataFrame as a rich table, CSV or a JSON array of row objects."""

from __future__ import annotations

import json
from typing import Literal

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

Format = Literal["table", "csv", "json"]
FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format: a table for people, csv or json (an array of row objects) for programs.",
)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def emit(frame: pd.DataFrame, fmt: Format, title: str | None = None) -> None:
    """Write ``frame`` to stdout in ``fmt``."""
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        table = Table(title=title, title_justify="left")
        for column in frame.columns:
            table.add_column(str(column), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        console = Console()
        if not console.is_terminal:
            console = Console(width=200)  # piped: do not fold columns to 80 characters
        console.print(table)
