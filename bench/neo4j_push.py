"""Benchmark: push the synthetic 100,000-company / 1,000,000-relation graph to a real Neo4j.

Target (Neo4j issue): >= 20,000 relations per second on a 2-core machine. It writes to the
server at ``--uri`` (default: the dev server), so point it at an empty scratch database:
``scripts/neo4j-dev-server wipe && scripts/neo4j-dev-server start``. It prints one JSON line per
step: a warm-up push of a graph a tenth the size (on a freshly started server the JIT compiler
takes most of a core for a minute, competing with the writes for the two cores), pushing an
empty graph (which deletes everything the benchmark wrote), the first push of the full graph
into the empty database, the same push again (everything matched), and the delete again. The store of a million
relations outgrows the dev server's default 256 MB page cache; the reported runs start it with
``NEO4J_DEV_PAGECACHE=1g NEO4J_DEV_HEAP_MAX=4g``. Building the rows (Python) is timed apart
from the push rate.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import networkx as nx

from computechain.exports.neo4j import neo4j_rows
from computechain.exports.neo4j_client import DEFAULT_URI, connect
from computechain.exports.neo4j_push import DEFAULT_BATCH_SIZE, push_rows
from computechain.loaders import load_graph


def main(uri: str = DEFAULT_URI, companies: int = 100_000, relations: int = 1_000_000,
         batch_size: int = DEFAULT_BATCH_SIZE) -> list[dict[str, object]]:
    from bench.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        G = load_graph(generate(Path(tmp) / "full", companies=companies, relations=relations))
        warm_up = neo4j_rows(load_graph(generate(Path(tmp) / "warm-up", companies=companies // 10,
                                                 relations=relations // 10)))
    started = time.perf_counter()
    rows = neo4j_rows(G)
    results: list[dict[str, object]] = [{"case": "build rows", "seconds": time.perf_counter() - started,
                                         "nodes": rows.node_count, "relations": rows.relation_count}]
    with connect(uri) as driver:
        empty = neo4j_rows(nx.MultiDiGraph(sources={}))
        for case, batch, counted in (("warm-up push (a tenth of the graph)", warm_up, warm_up),
                                     ("push empty graph (delete the warm-up)", empty, warm_up),
                                     ("first push", rows, rows), ("same push again", rows, rows),
                                     ("push empty graph (delete all)", empty, rows)):
            report = push_rows(batch, driver, batch_size=batch_size, progress=False)
            results.append({"case": case, "batch_size": batch_size, "seconds": round(report.seconds, 2),
                            "relations_per_second": round(counted.relation_count / report.seconds),
                            "deleted_relations": report.deleted_relations})
    for row in results:
        print(json.dumps(row))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uri", default=DEFAULT_URI)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    args = parser.parse_args()
    main(args.uri, args.companies, args.relations, args.batch_size)
