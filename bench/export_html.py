"""Benchmark: export a 5,000-node synthetic graph (bench.synthetic) as an HTML page; target <= 5 s.

Prints one JSON line (``python -m bench.export_html``): seconds to build the page and to build and
write it, the page size, and whether the target is met. The browser's own layout time is not
counted here (the page stops its physics once the layout has stabilised).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from computechain.exports.html import html_page, write_html
from computechain.loaders import load_graph

TARGET_SECONDS = 5.0


def main(companies: int = 4_960, relations: int = 15_000) -> dict[str, object]:
    from bench.synthetic import SEGMENTS, generate

    with tempfile.TemporaryDirectory() as tmp:
        G = load_graph(generate(Path(tmp) / "seed", companies=companies, relations=relations))
        started = time.perf_counter()
        page = html_page(G, colour_by="segment")
        built = time.perf_counter() - started
        started = time.perf_counter()
        write_html(G, Path(tmp) / "g.html", colour_by="segment")
        written = time.perf_counter() - started
    result = {"case": f"export html {companies + SEGMENTS:,} nodes / {relations:,} relations",
              "build_seconds": round(built, 3), "build_write_seconds": round(written, 3),
              "page_mb": round(len(page.encode()) / 1e6, 2), "target_met": written <= TARGET_SECONDS}
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
