"""The ``computechain`` command line: one command per public function, same names.

Every command that loads the graph takes ``--seed DIR`` (default: the shipped seed);
every command that prints a table takes ``--format table|csv|json``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import networkx as nx

from computechain import __version__
from computechain.cli.errors import click_error
from computechain.errors import ComputechainError


class _Group(click.Group):
    """Turns computechain errors into one clean message and an exit code (see :mod:`computechain.cli.errors`)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ComputechainError as exc:
            raise click_error(exc) from exc


seed_option = click.option(
    "--seed", "seed_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None, help="Seed folder to load instead of the shipped one.",
)


lookups_option = click.option(
    "--lookups", "lookups", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of extra lookup rows (countries, exchanges, aliases ...) added to the seed's (repeatable).",
)


@dataclass(frozen=True)
class GraphInput:
    """What a command loads: the seed (default: shipped) plus ``--with NAME=PATH`` sources."""

    seed_dir: Path | None = None
    extras: tuple[str, ...] = ()
    sources: tuple[str, ...] | None = None  # dataset names whose relations to keep (None: all)
    lookups: tuple[Path, ...] = ()  # folders of extra lookup rows

    def load(self) -> nx.MultiDiGraph:
        from computechain.loaders import load_graph

        return load_graph(self.seed_dir, with_sources=self.extras, sources=self.sources, lookups=self.lookups)


def graph_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command ``--seed DIR``, ``--with NAME=PATH``, ``--sources A,B`` and ``--lookups DIR``
    and pass it ``graph: GraphInput``."""

    @seed_option
    @click.option("--with", "extras", multiple=True, metavar="NAME=PATH",
                  help="Add a data source to the seed (repeatable), e.g. --with table=my.csv:map.yaml.")
    @click.option("--sources", "sources", default=None, metavar="A,B",
                  help="Keep only the relations of these datasets, e.g. --sources seed,epoch-chips.")
    @lookups_option
    @functools.wraps(command)
    def wrapper(*args: Any, seed_dir: Path | None, extras: tuple[str, ...], sources: str | None,
                lookups: tuple[Path, ...], **kwargs: Any) -> Any:
        chosen = tuple(s.strip() for s in sources.split(",") if s.strip()) if sources is not None else None
        return command(*args, graph=GraphInput(seed_dir, extras, chosen, lookups), **kwargs)

    return wrapper


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="computechain")
def main() -> None:
    """computechain: a knowledge graph of the AI compute supply chain."""


from computechain.cli import analysis, browse, conflicts, data, export, mcp, money, neo4j  # noqa: E402  (commands register)

__all__ = ["GraphInput", "analysis", "browse", "conflicts", "data", "export", "graph_options", "main", "mcp", "money",
           "neo4j", "seed_option"]
