"""Every export format after every registered loader: the shipped seed plus each loader's
fixture, exported through the CLI and read back, with every external record in the output.

The loaders and the formats are read from the code (:data:`EXTRA_SOURCES`, the ``export``
command group), so a new loader without a fixture here, or a new format without a reader, fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from computechain.cli import main
from computechain.cli.export import export
from computechain.exports.neo4j import neo4j_rows
from computechain.exports.node_link import graph_from_node_link
from computechain.exports.picture import MAX_NODES, picture_figure
from computechain.exports.selection import Selection, select
from computechain.graph.schema import NodeType, RelationKind
from computechain.loaders import EXTRA_SOURCES, load_graph
from tests.every_loader import LOADER_FIXTURES, external, loader_specs
from tests.exports.test_html import page_data

# A picture holds at most a few hundred nodes: a view (77 nodes) with eto, epoch-chips and
# epoch-datacenters relations in it.
PICTURE_VIEW = Selection(focus="company:advantest", depth=2)
PICTURE_MAGIC = {"png": b"\x89PNG\r\n", "svg": b"<?xml"}


def _csv_ids(node_file: str, node_id: str, edge_file: str) -> Callable[[Path], tuple[set[str], set[str]]]:
    def read(out: Path) -> tuple[set[str], set[str]]:
        nodes = pd.read_csv(out / node_file, dtype=str, keep_default_na=False)[node_id]
        return set(nodes), set(pd.read_csv(out / edge_file, dtype=str, keep_default_na=False)["id"])
    return read


def _xml_ids(read: Callable[..., nx.Graph]) -> Callable[[Path], tuple[set[str], set[str]]]:
    def ids(out: Path) -> tuple[set[str], set[str]]:
        G = read(out)
        return set(G), {d["relation_id"] for *_, d in G.edges(data=True)}
    return ids


def _json_ids(out: Path) -> tuple[set[str], set[str]]:
    G = graph_from_node_link(json.loads(out.read_text(encoding="utf-8")))
    return set(G), {k for *_, k in G.edges(keys=True)}


def _cytoscape_ids(out: Path) -> tuple[set[str], set[str]]:
    elements = json.loads(out.read_text(encoding="utf-8"))["elements"]
    return {n["data"]["id"] for n in elements["nodes"]}, {e["data"]["key"] for e in elements["edges"]}


def _html_ids(out: Path) -> tuple[set[str], set[str]]:
    data = page_data(out.read_text(encoding="utf-8"))
    return {n["id"] for n in data["nodes"]}, {e["id"] for e in data["edges"]}


# format -> out -> (node ids, relation ids) written
READERS: dict[str, Callable[[Path], tuple[set[str], set[str]]]] = {
    "json": _json_ids, "cytoscape": _cytoscape_ids, "html": _html_ids,
    "graphml": _xml_ids(lambda out: nx.read_graphml(out, force_multigraph=True)),
    "gexf": _xml_ids(nx.read_gexf),
    "csv": _csv_ids("nodes.csv", "id", "edges.csv"),
    "neo4j-csv": _csv_ids("nodes.csv", "id:ID", "relationships.csv"),
}
OUT_NAMES = {"csv": "tables", "neo4j-csv": "neo4j", "json": "g.json", "cytoscape": "g.json"}


@pytest.fixture(scope="module")
def specs(reference_data: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return loader_specs(reference_data, tmp_path_factory.mktemp("ambiguous"))


@pytest.fixture(scope="module")
def graph(specs: list[str]) -> nx.MultiDiGraph:
    return load_graph(with_sources=specs)


def test_every_registered_loader_has_a_fixture_here() -> None:
    assert set(LOADER_FIXTURES) == set(EXTRA_SOURCES), "give each registered loader a fixture in LOADER_FIXTURES"


def test_every_format_has_a_reader_here() -> None:
    assert set(READERS) | set(PICTURE_MAGIC) == set(export.commands), "give each export format a reader here"


def test_the_fixtures_bring_every_node_type_and_relation_kind(graph: nx.MultiDiGraph) -> None:
    # so the exports below meet every style, label and relationship type (sources are G.graph's table)
    assert {NodeType(t) for _, t in graph.nodes(data="type")} == set(NodeType) - {NodeType.SOURCE}
    assert {RelationKind(k) for *_, k in graph.edges(data="kind")} == set(RelationKind)
    datasets = {d for *_, d in graph.edges(data="dataset")}
    assert datasets == {"seed", *EXTRA_SOURCES}


def _export(fmt: str, out: Path, specs: list[str], view: list[str]) -> str:
    args = ["export", fmt, "--out", str(out), *(a for spec in specs for a in ("--with", spec)), *view]
    result = CliRunner().invoke(main, args)
    assert (result.exit_code, result.exception) == (0, None), result.output + result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_file_format_holds_every_external_record(fmt: str, specs: list[str], graph: nx.MultiDiGraph,
                                                       tmp_path: Path) -> None:
    out = tmp_path / OUT_NAMES.get(fmt, f"g.{fmt}")
    _export(fmt, out, specs, [])
    nodes, relations = READERS[fmt](out)
    external_nodes, external_relations = external(graph)
    assert external_nodes <= nodes and external_relations <= relations
    sources = set(graph.graph["sources"]) if fmt == "neo4j-csv" else set()  # the sources are nodes there
    assert (nodes, relations) == (set(graph) | sources, {k for *_, k in graph.edges(keys=True)})


@pytest.mark.parametrize("fmt", sorted(PICTURE_MAGIC))
def test_pictures_of_a_view_with_external_records(fmt: str, specs: list[str], graph: nx.MultiDiGraph,
                                                  tmp_path: Path) -> None:
    view = select(graph, PICTURE_VIEW)
    assert {d for *_, d in view.edges(data="dataset")} == {"seed", "eto", "epoch-chips", "epoch-datacenters"}
    out = tmp_path / f"g.{fmt}"
    stdout = _export(fmt, out, specs, ["--focus", "company:advantest", "--depth", "2"])
    assert stdout == f"Wrote {out}: {view.number_of_nodes()} nodes, {view.number_of_edges()} edges.\n"
    assert out.read_bytes().startswith(PICTURE_MAGIC[fmt])


def test_a_picture_labels_every_external_node(graph: nx.MultiDiGraph) -> None:
    external_nodes, external_relations = external(graph)
    H = graph.edge_subgraph((u, v, k) for u, v, k in graph.edges(keys=True) if k in external_relations)
    assert set(H) == external_nodes and len(H) <= MAX_NODES
    [ax] = picture_figure(H, title="external").axes
    labels = {text.get_text().split("\n")[0] for text in ax.texts}
    assert labels >= {str(graph.nodes[n]["name"]) for n in external_nodes}


def test_the_neo4j_rows_hold_every_node_and_relation(graph: nx.MultiDiGraph) -> None:
    rows = neo4j_rows(graph)
    assert {r["id"] for group in rows.nodes.values() for r in group} == set(graph) | set(graph.graph["sources"])
    assert {r["id"] for group in rows.relations.values() for r in group} == {k for *_, k in graph.edges(keys=True)}
    assert {group.kind for group in rows.relations} == set(RelationKind)
