"""Round trips: each file read back (networkx; igraph for GraphML) gives the same graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pandas as pd

from computechain.exports.formats import cell_text, decode_from_xml, write_cytoscape, write_gexf, write_graphml
from computechain.exports.tables import write_csv, write_neo4j_csv
from tests.exports.conftest import IMG, SCRIPT


def without_none(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None}


def assert_same_graph(back: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    assert dict(back.nodes(data=True)) == {n: without_none(a) for n, a in G.nodes(data=True)}
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): without_none(d) for u, v, k, d in G.edges(keys=True, data=True)}


def test_graphml_round_trips_through_networkx(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(export_graph, path)
    back = decode_from_xml(nx.read_graphml(path, force_multigraph=True))
    assert_same_graph(back, export_graph)
    assert back.graph["sources"] == export_graph.graph["sources"]
    assert back.nodes["company:evil-corp"]["name"] == IMG
    assert back.nodes["company:widget-labs"]["listings"] == [{"exchange": "SZSE", "ticker": "300999"},
                                                             {"exchange": "HKEX", "ticker": "09999"}]


def test_graphml_reads_in_igraph_with_relation_ids_and_json_lists(export_graph: nx.MultiDiGraph,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(export_graph, path)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed() and (g.vcount(), g.ecount()) == (14, 15)
    ids = g.vs["id"]
    assert sorted(ids) == sorted(export_graph.nodes)
    edges = {(ids[e.source], ids[e.target], e["relation_id"]): e for e in g.es}
    assert set(edges) == set(export_graph.edges(keys=True))
    key = ("company:acme-foundry", "company:gamma-gpu",
           "supplies:company:acme-foundry->company:gamma-gpu#segment:wafer-foundry")
    assert (edges[key]["kind"], edges[key]["share_of_supplier_revenue"], edges[key]["share_of_supplier_revenue_low"],
            json.loads(edges[key]["sources"])) == ("supplies", 0.6, 0.5, ["source:acme-ar-2024"])
    widget = g.vs[ids.index("company:widget-labs")]
    assert (widget["name"], widget["name_zh"], widget["label"]) == ("Widget Labs", "维杰实验室", "Widget Labs 维杰实验室")


def test_gexf_round_trips_without_the_sources_table(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    write_gexf(export_graph, path)
    back = decode_from_xml(nx.read_gexf(path))
    assert_same_graph(back, export_graph)
    assert back.graph["sources"] == {}
    assert back.nodes["company:evil-corp"]["note"] == SCRIPT


def test_cytoscape_json_round_trips(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.cyjs"
    write_cytoscape(export_graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    node = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "company:widget-labs")
    assert (node["name"], node["name_zh"], node["roles"]) == ("Widget Labs", "维杰实验室", ["model-lab"])
    back = nx.cytoscape_graph(data)
    for _, attrs in back.nodes(data=True):
        del attrs["id"], attrs["value"]  # cytoscape's own copies of the node id
    for *_, attrs in back.edges(data=True):
        del attrs["source"], attrs["target"], attrs["key"]  # and of the edge's ends and key
    assert nx.utils.graphs_equal(back, export_graph)


def test_csv_tables_round_trip_with_seed_style_lists(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    paths = write_csv(export_graph, tmp_path / "csv")
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv", "sources.csv"]
    nodes = pd.read_csv(paths[0], dtype=str, keep_default_na=False)
    edges = pd.read_csv(paths[1])
    sources = pd.read_csv(paths[2], dtype=str, keep_default_na=False)
    assert list(nodes.columns[:5]) == ["id", "type", "name", "name_zh", "aliases"]
    widget = nodes.set_index("id").loc["company:widget-labs"]
    assert (widget["listings"], widget["name_zh"], widget["sources"]) == (
        "SZSE:300999;HKEX:09999", "维杰实验室", "source:widget-news")
    back = nx.from_pandas_edgelist(edges, "source", "target", edge_key="id", edge_attr=True,
                                   create_using=nx.MultiDiGraph)
    assert set(back.edges(keys=True)) == set(export_graph.edges(keys=True))
    for u, v, k, d in export_graph.edges(keys=True, data=True):
        got = back.edges[u, v, k]
        assert (got["kind"], got["sources"], got["as_of"]) == (d["kind"], cell_text(d["sources"]), d["as_of"])
        for meaning in ("market_share", "share_of_customer_spend", "share_of_supplier_revenue"):
            assert (None if pd.isna(got[meaning]) else got[meaning]) == d.get(meaning)
    assert set(nodes["id"]) == set(export_graph)
    assert sources.set_index("id").loc["source:evil-src", "title"] == SCRIPT


def test_neo4j_csv_headers_labels_and_types(export_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes_path, rels_path = write_neo4j_csv(export_graph, tmp_path / "neo4j")
    nodes = pd.read_csv(nodes_path, dtype=str, keep_default_na=False)
    rels = pd.read_csv(rels_path, dtype=str, keep_default_na=False)
    assert list(nodes.columns[:4]) == ["id:ID", ":LABEL", "type", "name"]
    assert {"aliases:string[]", "listings:string[]", "amount:double", "released:date"} <= set(nodes.columns)
    assert sorted(set(nodes[":LABEL"])) == ["AIModel", "CapexPlan", "Company", "Policy", "Region", "Segment", "Source"]
    assert len(nodes) == 14 + 3  # entities plus the three cited sources
    assert list(rels.columns[:5]) == [":START_ID", ":END_ID", ":TYPE", "id", "kind"]
    assert {"as_of:date", "valid_from:date", "market_share:double", "sources:string[]"} <= set(rels.columns)
    assert sorted(set(rels[":TYPE"])) == [
        "ALLOCATES_CAPEX", "COMMITS_CAPEX", "DEVELOPS", "INPUT_TO", "LOCATED_IN", "OWNS", "PARTICIPATES_IN",
        "PROVIDES_COMPUTE", "RESTRICTS", "SUPPLIES", "SUPPORTS"]
    widget = nodes.set_index("id:ID").loc["company:widget-labs"]
    assert widget["listings:string[]"] == "SZSE:300999;HKEX:09999"
