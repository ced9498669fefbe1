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
WEIGHTED_EVERY = 5  # one relation in five carries a spend share, another one in five a revenue share
SPEND_SHARE = 0.01  # each weighted supplier takes 1 % of its customer's spend
REVENUE_SHARE = (0.03, 0.05, 0.07)  # low, value, high: 5 % of the supplier's revenue, +-2 points
HYPERSCALER_EVERY = 1_000  # one company in a thousand is a demand source


def _write(path: Path, header: list[str], rows: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)  # type: ignore[arg-type]


def _money(root: Path, companies: int) -> None:
    """Money figures for the money benchmark: every company's revenue (every other one with its
    top-five share), a market size per segment, a capex plan per hyperscaler allocated to three
    segments, and each company's participation in one segment."""
    common = ["FY2024", "2024-01-01", "2024-12-31", "USD"]
    _write(root / "financials" / "f.csv",
           ["company", "period", "period_start", "period_end", "currency", "revenue", "revenue_low", "revenue_high",
            "basis", "basis_note", "largest_customer_share", "top5_customers_share", "as_of", "sources", "note"],
           ([f"company:c{i}", *common, f"{1 + i % 100}e9", "", "", "reported", "", "",
             "0.6" if i % 2 else "", "2025-03-01", "synthetic", ""] for i in range(companies)))
    _write(root / "market_sizes" / "m.csv",
           ["segment", "period", "period_start", "period_end", "scope", "currency", "amount", "amount_low",
            "amount_high", "basis", "basis_note", "as_of", "sources", "note"],
           ([f"segment:seg-{s}", "2024", "2024-01-01", "2024-12-31", "global", "USD", "500e9", "", "", "reported", "",
             "2025-03-01", "synthetic", ""] for s in range(SEGMENTS)))
    hyperscalers = range(0, companies, HYPERSCALER_EVERY)
    _write(root / "capex" / "p.csv",
           ["id", "company", "period", "period_kind", "period_start", "period_end", "amount", "currency",
            "amount_low", "amount_high", "basis", "basis_note", "scope", "as_of", "sources"],
           ([f"c{i}-2024", f"company:c{i}", "2024", "calendar-year", "2024-01-01", "2024-12-31", "50e9", "USD", "", "",
             "reported", "", "synthetic", "2025-02-01", "synthetic"] for i in hyperscalers))
    header = ["kind", "source", "target", "product", "weight", "weight_meaning", "low", "high", "basis",
              "basis_note", "as_of", "valid_from", "valid_to", "sources", "note"]
    allocations = ([ "allocates_capex", f"capex:c{i}-2024", f"segment:seg-{(i + k) % SEGMENTS}", "", "", "", "", "",
                     "", "", "2024-12-31", "", "", "synthetic", ""] for i in hyperscalers for k in range(3))
    participation = (["participates_in", f"company:c{i}", f"segment:seg-{i % SEGMENTS}", "", "", "", "", "", "", "",
                      "2024-12-31", "", "", "synthetic", ""] for i in range(companies))
    _write(root / "relations" / "money.csv", header, [*allocations, *participation])


def generate(root: Path, *, companies: int, relations: int, money: bool = False) -> Path:
    """Write a seed folder at ``root``. Relation i links company ``u = i % N`` to
    ``(u * 7919 + lap * 104729 + 1) % N`` with ``lap = i // N``: for each lap that is a bijection
    (7919 is prime to N unless N is a multiple of it), so every company gets one customer and one
    supplier per lap, spread pseudo-randomly, and no relation repeats. With ``money``, also the
    money figures of :func:`_money`."""
    shutil.copytree(default_seed_dir() / "lookups", root / "lookups", dirs_exist_ok=True)
    _write(root / "sources" / "s.csv", ["id", "title", "publisher", "date", "url", "kind", "note"],
           [["synthetic", "Synthetic benchmark data", "computechain bench", "2025", "", "dataset", ""]])
    _write(root / "segments" / "s.csv", ["id", "name", "name_zh", "aliases", "parent", "description"],
           ([f"seg-{s}", f"Segment {s}", "", "", "", ""] for s in range(SEGMENTS)))
    _write(root / "companies" / "c.csv",
           ["id", "name", "name_zh", "aliases", "country", "listings", "roles", "sources", "note"],
           ([f"c{i}", f"Company {i}", "", "", "CN" if i % 2 else "US", "",
             "hyperscaler" if i % HYPERSCALER_EVERY == 0 else "foundry", "synthetic", ""]
            for i in range(companies)))
    header = ["kind", "source", "target", "product", "weight", "weight_meaning", "low", "high", "basis",
              "basis_note", "as_of", "valid_from", "valid_to", "sources", "note"]

    def rows() -> object:
        for i in range(relations):
            u, lap = i % companies, i // companies
            v = (u * 7919 + lap * 104729 + 1) % companies
            if v == u:  # a company never supplies itself (the 10 such pairs of 1M move to the next company)
                v = (v + 1) % companies
            weight: list[object] = [""] * 6
            if i % WEIGHTED_EVERY == 0 and lap < 10:  # <= 10 weighted suppliers per customer: sums <= 0.1
                weight = [SPEND_SHARE, "share_of_customer_spend", "", "", "reported", ""]
            elif i % WEIGHTED_EVERY == 1 and lap < 10:  # <= 10 per supplier: sums <= 0.5
                low, value, high = REVENUE_SHARE
                weight = [value, "share_of_supplier_revenue", low, high, "estimate", "synthetic range"]
            yield ["supplies", f"company:c{u}", f"company:c{v}", f"segment:seg-{i % SEGMENTS}", *weight,
                   "2024-12-31", "", "", "synthetic", ""]

    _write(root / "relations" / "r.csv", header, rows())
    if money:
        _money(root, companies)
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
