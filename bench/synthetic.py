"""Generate a synthetic seed folder in the real layout: N companies and M relations.

The graph is random but valid (unique relations, share sums <= 1), so loading it exercises the
same validation and build path as the curated seed.

Examples
--------
>>> import tempfile, pathlib
>>> root = generate(pathlib.Path(tempfile.mkdtemp()), companies=50, relations=300)
>>> from computechain.loaders import load_graph
>>> G = load_graph(root)
>>> G.number_of_nodes() >= 50, G.number_of_edges()
(True, 300)
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

from computechain.loaders import default_seed_dir

SEGMENTS = 40
WEIGHTED_EVERY = 5  # one relation in five carries a weight
SPEND_SHARE = 0.01  # each weighted supplier takes 1 % of its customer's spend


def _write(path: Path, header: list[str], rows: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


def generate(root: Path, *, companies: int, relations: int) -> Path:
    """Write a seed folder at ``root``; relation i links company ``i % N`` to a company a
    stride away, so no (supplier, customer, product) repeats."""
    shutil.copytree(default_seed_dir() / "lookups", root / "lookups", dirs_exist_ok=True)
    _write(root / "sources" / "s.csv", ["id", "title", "publisher", "date", "url", "kind", "note"],
           [["synthetic", "Synthetic benchmark data", "computechain bench", "2025", "", "dataset", ""]])
    _write(root / "segments" / "s.csv", ["id", "name", "name_zh", "aliases", "parent", "description"],
           ([f"seg-{s}", f"Segment {s}", "", "", "", ""] for s in range(SEGMENTS)))
    _write(root / "companies" / "c.csv",
           ["id", "name", "name_zh", "aliases", "country", "listings", "roles", "sources", "note"],
           ([f"c{i}", f"Company {i}", "", "", "CN" if i % 2 else "US", "", "foundry", "synthetic", ""]
            for i in range(companies)))
    header = ["kind", "source", "target", "product", "weight", "weight_meaning", "low", "high", "basis",
              "basis_note", "as_of", "valid_from", "valid_to", "sources", "note"]

    def rows() -> object:
        for i in range(relations):
            u, lap = i % companies, i // companies
            v = (u + 1 + lap * 7919) % companies
            weighted = i % WEIGHTED_EVERY == 0 and lap < 10  # <= 10 weighted suppliers per customer
            weight = [SPEND_SHARE, "share_of_customer_spend", "", "", "reported", ""] if weighted else [""] * 6
            yield ["supplies", f"company:c{u}", f"company:c{v}", f"segment:seg-{i % SEGMENTS}", *weight,
                   "2024-12-31", "", "", "synthetic", ""]

    _write(root / "relations" / "r.csv", header, rows())
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=1_000_000)
    args = parser.parse_args()
    generate(args.out, companies=args.companies, relations=args.relations)


if __name__ == "__main__":
    main()
