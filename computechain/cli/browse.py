"""``computechain show`` and ``computechain search``: look entities up."""

from __future__ import annotations

import click
import pandas as pd

from computechain.cli import GraphInput, graph_options, main
from computechain.cli.output import Format, emit, format_option
from computechain.graph.facts import listing_text
from computechain.queries.lookup import find_entity
from computechain.queries.lookup import search as search_entities
from computechain.queries.neighbours import relations_of

CARD_SKIP = {"type", "id", "sources"}


def _text(value: object) -> str:
    if isinstance(value, list):  # of listings (dicts) or of texts
        return "; ".join(listing_text(v) if isinstance(v, dict) else str(v) for v in value)
    return "" if value is None else str(value)


@main.command()
@click.argument("name")
@graph_options
@format_option
def show(name: str, graph: GraphInput, fmt: Format) -> None:
    """Print the entity card of NAME (a name, alias, Chinese name, ticker or id): its
    attributes, its relations in and out with weights, and the sources they cite."""
    G = graph.load()
    node = find_entity(G, name)
    attrs = G.nodes[node]
    relations = relations_of(G, entity=node)
    if fmt != "table":
        emit(relations, fmt)
        return
    facts = pd.DataFrame(
        [("id", node), ("type", attrs["type"])]
        + [(k, _text(v)) for k, v in attrs.items() if k not in CARD_SKIP and _text(v)],
        columns=["field", "value"],
    )
    emit(facts, fmt, title=f"{attrs['name']}", main=False)
    emit(relations.drop(columns=["other", "relation_id"]), fmt, title="relations")
    cited = sorted(set(attrs.get("sources", [])) | {
        s for cell in relations["sources"] for s in cell.split(";") if s})
    sources = pd.DataFrame(
        [{"id": sid, **{k: G.graph["sources"][sid].get(k) for k in ("name", "publisher", "date", "url")}}
         for sid in cited],
        columns=["id", "name", "publisher", "date", "url"],
    ).rename(columns={"name": "title"})
    emit(sources, fmt, title="sources", main=False)


@main.command()
@click.argument("text")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1), help="At most this many rows.")
@graph_options
@format_option
def search(text: str, limit: int, graph: GraphInput, fmt: Format) -> None:
    """List entities whose name, alias, Chinese name, ticker or id contains TEXT."""
    emit(search_entities(graph.load(), text=text, limit=limit), fmt)
