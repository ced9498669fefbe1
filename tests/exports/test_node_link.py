from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from computechain.exports.node_link import graph_from_node_link, write_json
from computechain.graph.build import entity_from_node, relation_from_edge
from computechain.loaders import load_dataset
from tests.conftest import MINI_SEED


def test_node_link_json_round_trips_every_record(tmp_path: Path) -> None:
    ds = load_dataset(MINI_SEED)
    from computechain.graph.build import build_graph

    G = build_graph(ds)
    path = tmp_path / "g.json"
    write_json(G, path)
    back = graph_from_node_link(json.loads(path.read_text(encoding="utf-8")))
    assert nx.utils.graphs_equal(G, back)
    assert back.graph["sources"] == G.graph["sources"]
    for u, v, key, attrs in back.edges(keys=True, data=True):
        assert relation_from_edge(u, v, key, attrs) == ds.relations[key]
    for node, attrs in back.nodes(data=True):
        assert entity_from_node(node, attrs) == ds.entities[node]


def test_the_json_contract_fields(tmp_path: Path) -> None:
    from computechain.loaders import load_graph

    path = tmp_path / "g.json"
    write_json(load_graph(MINI_SEED), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    company = next(n for n in data["nodes"] if n["id"] == "company:widget-labs")
    assert company["listings"] == [{"exchange": "SZSE", "ticker": "300999"},
                                   {"exchange": "HKEX", "ticker": "09999"}]
    assert company["name_zh"] == "维杰实验室" and company["roles"] == ["model-lab"]
    edge = next(e for e in data["edges"] if e["kind"] == "supplies" and e.get("share_of_supplier_revenue"))
    assert edge["key"] == ("supplies:company:acme-foundry->company:gamma-gpu#segment:wafer-foundry")
    assert (edge["share_of_supplier_revenue"], edge["share_of_supplier_revenue_low"],
            edge["basis"], edge["as_of"], edge["sources"]) == (0.6, 0.5, "estimate", "2024-12-31",
                                                               ["source:acme-ar-2024"])
    source = next(s for s in data["sources"] if s["id"] == "source:widget-news")
    assert source == {"id": "source:widget-news", "title": "Widget Labs picks Nimbus Cloud",
                      "publisher": "Example News", "date": "2024-06-01",
                      "url": "https://example.org/widget", "kind": "news", "note": "fictional",
                      "aliases": [], "sources": []}
