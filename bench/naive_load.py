"""Benchmark: computechain's validated load + build beside the naive load a user would write.

The anchor is the load without any validation: ``pandas.read_csv`` of every CSV of the seed
folder, then a networkx ``MultiDiGraph`` with the entity rows as nodes and the relation rows as
edges, their columns as attributes. Each variant runs in a fresh interpreter, alternated
(naive, ours, naive, ours, ...) on the same synthetic seed, so that both see the same load of
the machine; the report is each variant's median wall time and peak RSS and the two ratios.
Target (issue #10): ours <= 1.2x the naive load's time and peak memory.

``python -m bench.naive_load [--pairs 3] [--companies 100000] [--relations 1000000] [--seed DIR]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The naive load: every CSV read as pandas reads it, entity rows as nodes, relation rows as edges.
NAIVE = """
import sys
from pathlib import Path
import networkx as nx
import pandas as pd
root = Path(sys.argv[1])
frames = {path: pd.read_csv(path) for path in sorted(root.rglob("*.csv"))}
G = nx.MultiDiGraph()
for path, frame in frames.items():
    table = path.parent.name
    if table == "relations":
        G.add_edges_from(zip(frame["source"], frame["target"], frame.to_dict("records")))
    elif table in ("companies", "segments", "models", "capex", "policies", "regions"):
        prefix = {"companies": "company", "segments": "segment", "models": "model", "capex": "capex",
                  "policies": "policy", "regions": "region"}[table]
        G.add_nodes_from((f"{prefix}:{row['id']}", row) for row in frame.to_dict("records"))
nodes, relations = G.number_of_nodes(), G.number_of_edges()
"""

# computechain's load: every check, then the graph and its relation table.
OURS = """
import sys
from pathlib import Path
from computechain.loaders import load_graph
G = load_graph(Path(sys.argv[1]))
nodes, relations = G.number_of_nodes(), G.number_of_edges()
"""

# Each child times itself from its first import and reports its own peak RSS (KiB on Linux).
CHILD = """
import json, resource, time
started = time.perf_counter()
exec(compile({body!r}, "<variant>", "exec"))
print(json.dumps({{"seconds": time.perf_counter() - started, "nodes": nodes, "relations": relations,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

VARIANTS = {"naive": NAIVE, "computechain": OURS}


def run_variant(name: str, seed: Path) -> dict[str, float]:
    """Run one variant on ``seed`` in a fresh interpreter: its seconds, peak MB and counts."""
    out = subprocess.run([sys.executable, "-c", CHILD.format(body=VARIANTS[name]), str(seed)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(seed: Path, pairs: int = 3) -> dict[str, object]:
    """Alternate the two variants ``pairs`` times on ``seed``; medians and ratios."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for _ in range(pairs):
        for name in VARIANTS:
            runs[name].append(run_variant(name, seed))
            print(json.dumps({"variant": name, **runs[name][-1]}), file=sys.stderr)
    median = {name: {key: statistics.median(r[key] for r in rows) for key in ("seconds", "peak_mb")}
              for name, rows in runs.items()}
    ours, naive = median["computechain"], median["naive"]
    return {"pairs": pairs, "naive": naive, "computechain": ours,
            "relations": runs["computechain"][0]["relations"],
            "time_ratio": ours["seconds"] / naive["seconds"], "memory_ratio": ours["peak_mb"] / naive["peak_mb"]}


def main(companies: int = 100_000, relations: int = 1_000_000, pairs: int = 3,
         seed: Path | None = None) -> dict[str, object]:
    """Compare on ``seed`` when given (a folder :func:`bench.synthetic.generate` wrote), else on a
    fresh synthetic seed of ``companies`` / ``relations``."""
    from bench.synthetic import generate

    if seed is not None:
        result = {"case": f"naive vs validated load, {seed.name}", **compare(seed, pairs)}
        print(json.dumps(result))
        return result
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        generate(Path(tmp), companies=companies, relations=relations)
        result = {"case": f"naive vs validated load, {companies:,} companies / {relations:,} relations",
                  "generate_seconds": time.perf_counter() - started, **compare(Path(tmp), pairs)}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=Path, help="an already generated synthetic seed folder")
    args = parser.parse_args()
    main(args.companies, args.relations, args.pairs, args.seed)
