"""Benchmark: load + validate + build the graph, for the shipped seed and a synthetic seed.

Each case runs in a fresh subprocess so its peak memory (max RSS) is its own.
Target (foundation issue): the synthetic 100,000-company / 1,000,000-relation file set loads
and validates in <= 15 s with <= 4 GB peak on a 2-core machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from computechain.graph.build import build_graph
from computechain.bulk import gc_paused
from computechain.loaders import load_dataset
with gc_paused():
    ds = load_dataset(Path(sys.argv[1]) if sys.argv[1] != "-" else None)
    loaded = time.perf_counter()
    G = build_graph(ds)
print(json.dumps({"load_validate_seconds": loaded - started, "build_seconds": time.perf_counter() - loaded,
                  "nodes": G.number_of_nodes(), "relations": G.number_of_edges(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(seed: str) -> dict[str, float]:
    """Load ``seed`` ("-" for the shipped one) in a fresh interpreter; seconds and peak MB."""
    out = subprocess.run([sys.executable, "-c", CHILD, seed], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(companies: int = 100_000, relations: int = 1_000_000) -> list[dict[str, object]]:
    from bench.synthetic import generate

    results: list[dict[str, object]] = [{"case": "seed", **measure("-")}]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        generate(Path(tmp), companies=companies, relations=relations)
        generated = time.perf_counter() - started
        results.append({"case": f"synthetic {companies:,} companies / {relations:,} relations",
                        "generate_seconds": generated, **measure(tmp)})
    for row in results:
        print(json.dumps(row))
    return results


if __name__ == "__main__":
    main()
