"""The graph as CSV tables: for spreadsheets, and in the ``neo4j-admin database import`` format.

Spreadsheet CSVs (:func:`write_csv` writes ``nodes.csv``, ``edges.csv`` and ``sources.csv`` into a
folder) encode lists as the seed does: ``;``-joined, listings as ``EXCHANGE:TICKER``, missing
values as empty cells. Edge rows carry the relation id in ``id``.

Neo4j CSVs (:func:`write_neo4j_csv` writes ``nodes.csv`` and ``relationships.csv``) have typed
headers: ``id:ID``, ``:LABEL`` (the schema's model name: Company, Segment, AIModel, CapexPlan,
Policy, Region, Source), ``:START_ID``, ``:END_ID``, ``:TYPE`` (the relation kind in upper case:
SUPPLIES, PARTICIPATES_IN ...), numbers ``:double`` or ``:long``, dates ``:date``, lists
``:string[]`` (``;``-separated, neo4j-admin's default array delimiter). Labels and types come from
the schema's enums, never from data strings. Cited sources are ``Source`` nodes. Import with::

    neo4j-admin database import full neo4j --nodes=nodes.csv --relationships=relationships.csv

(the database name first: ``--relationships`` takes several files and would swallow it).

Both kinds are meant to be opened in spreadsheets, so a text cell that a spreadsheet would run as
a formula (one beginning ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, OWASP's "CSV
Injection" list) is written with a leading ``'`` (:func:`neutralise_formula`); numbers are written
as numbers. Each folder is written as one set (see :func:`~computechain.exports.files.write_folder_atomic`).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:s": {"type": "source", "name": "Report", "publisher": "P",
...                                          "date": "2024", "url": None, "kind": "filing"}})
>>> G.add_node("company:a", type="company", name="Acme", aliases=["A", "AC"], sources=["source:s"])
>>> G.add_node("segment:hbm", type="segment", name="HBM")
>>> _ = G.add_edge("company:a", "segment:hbm", key="r", kind="participates_in", market_share=0.5,
...                as_of="2024-12-31", sources=["source:s"])
>>> node_table(G).to_dict("records")[0]
{'id': 'company:a', 'type': 'company', 'name': 'Acme', 'aliases': 'A;AC', 'sources': 'source:s'}
>>> list(neo4j_relationship_table(G).columns)
[':START_ID', ':END_ID', ':TYPE', 'id', 'kind', 'as_of:date', 'market_share:double', 'sources:string[]']
>>> neo4j_node_table(G)[":LABEL"].tolist()
['Company', 'Segment', 'Source']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, get_args

import networkx as nx
import pandas as pd

from computechain.exports.files import write_folder_atomic
from computechain.exports.formats import cell_text, schema_fields
from computechain.graph.schema import ENTITY_MODELS, NodeType, RelationKind

NODE_LEAD = ["id", "type", "name", "name_zh", "aliases"]
EDGE_LEAD = ["source", "target", "id", "kind", "product"]
SOURCE_COLUMNS = ["id", "title", "publisher", "date", "url", "kind", "note"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, "CSV Injection"


def _is_date(annotation: Any) -> bool:
    """``date``, an ``Annotated`` date, or an optional one (``BoundDate | None``)."""
    return annotation is date or any(_is_date(arg) for arg in get_args(annotation))


DATE_FIELDS = schema_fields(_is_date)


def _columns(lead: list[str], rows: Iterable[dict[str, Any]]) -> list[str]:
    seen = dict.fromkeys(k for row in rows for k in row)
    return [c for c in lead if c in seen] + sorted(c for c in seen if c not in lead)


def _table(lead: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_columns(lead, rows), dtype=object)  # object: ints stay ints


def _spreadsheet(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: cell_text(v) if isinstance(v, list | tuple | dict) else v for k, v in attrs.items() if v is not None}


def node_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per node; columns id, type, name, name_zh, aliases, then the others by name."""
    return _table(NODE_LEAD, [{"id": n, **_spreadsheet(a)} for n, a in G.nodes(data=True)])


def edge_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per relation; columns source, target, id, kind, product, then the others by name."""
    return _table(EDGE_LEAD, [{"source": u, "target": v, "id": k, **_spreadsheet(d)}
                              for u, v, k, d in G.edges(keys=True, data=True)])


def source_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per cited source: id, title, publisher, date, url, kind, note."""
    rows = [{"id": sid, "title": s.get("name"), **{k: s.get(k) for k in SOURCE_COLUMNS[2:]}}
            for sid, s in sorted(G.graph.get("sources", {}).items())]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _neo4j_type(name: str, values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if name in DATE_FIELDS:
        return "date"
    if present and all(isinstance(v, list | tuple) for v in present):
        return "string[]"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _neo4j_table(lead: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Typed headers; a column's cells are written as the seed writes them (lists ``;``-joined)."""
    columns = _columns(lead, rows)
    headers = {c: c if c in lead else f"{c}:{_neo4j_type(c, [r.get(c) for r in rows])}" for c in columns}
    cells = [_spreadsheet(r) for r in rows]
    return pd.DataFrame([{headers[c]: row.get(c) for c in columns} for row in cells],
                        columns=list(headers.values()), dtype=object)


def neo4j_node_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Nodes and cited sources for ``neo4j-admin database import`` (see the module docstring)."""
    nodes = [{"id:ID": n, ":LABEL": ENTITY_MODELS[NodeType(a["type"])].__name__, **a} for n, a in G.nodes(data=True)]
    nodes += [{"id:ID": sid, ":LABEL": ENTITY_MODELS[NodeType.SOURCE].__name__, **s}
              for sid, s in sorted(G.graph.get("sources", {}).items())]
    return _neo4j_table(["id:ID", ":LABEL", "type", "name"], nodes)


def neo4j_relationship_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Relations for ``neo4j-admin database import`` (see the module docstring)."""
    rows = [{":START_ID": u, ":END_ID": v, ":TYPE": RelationKind(d["kind"]).name, "id": k, **d}
            for u, v, k, d in G.edges(keys=True, data=True)]
    return _neo4j_table([":START_ID", ":END_ID", ":TYPE", "id", "kind"], rows)


def neutralise_formula(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula.

    >>> print(neutralise_formula('=HYPERLINK("http://x")'))
    '=HYPERLINK("http://x")
    >>> neutralise_formula("-3 % y/y"), neutralise_formula(-0.5)
    ("'-3 % y/y", -0.5)
    >>> neutralise_formula("Acme = A")
    'Acme = A'
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as RFC 4180 CSV text, with every formula-like text cell neutralised. Lines end in
    CRLF, so a cell holding a lone carriage return is quoted (with LF ends Python's csv writer
    leaves it bare, and readers split the row there).

    >>> csv_text(pd.DataFrame({"name": ["@Acme", "a\\rb"], "share": [-0.5, 1]}))
    'name,share\\r\\n\\'@Acme,-0.5\\r\\n"a\\rb",1.0\\r\\n'
    """
    return frame.map(neutralise_formula).to_csv(index=False, lineterminator="\r\n")


def _write_tables(folder: Path, tables: dict[str, Callable[[], pd.DataFrame]]) -> list[Path]:
    return write_folder_atomic(folder, {name: functools.partial(_csv_of, table) for name, table in tables.items()})


def _csv_of(table: Callable[[], pd.DataFrame]) -> str:
    return csv_text(table())


def write_csv(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write nodes.csv, edges.csv and sources.csv into ``folder``; return their paths."""
    return _write_tables(folder, {"nodes.csv": functools.partial(node_table, G),
                                  "edges.csv": functools.partial(edge_table, G),
                                  "sources.csv": functools.partial(source_table, G)})


def write_neo4j_csv(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write nodes.csv and relationships.csv for neo4j-admin into ``folder``; return their paths."""
    return _write_tables(folder, {"nodes.csv": functools.partial(neo4j_node_table, G),
                                  "relationships.csv": functools.partial(neo4j_relationship_table, G)})
