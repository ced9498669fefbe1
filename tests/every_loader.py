"""The shipped seed plus every registered loader's fixture, for the tests that export or push it.

:data:`LOADER_FIXTURES` is checked against the loader registry (tests/exports/test_after_every_loader.py),
so a new loader without a fixture fails there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from computechain.loaders import epoch_chips, epoch_datacenters, eto, table

FIXTURES = Path(__file__).parent / "fixtures"
# Each registered loader's fixture: reference data root -> the --with spec.
LOADER_FIXTURES: dict[str, Callable[[Path], str]] = {
    epoch_chips.DATASET: lambda ref: f"{epoch_chips.DATASET}={ref / 'epoch-ai-chip-counts'}",
    epoch_datacenters.DATASET: lambda ref: f"{epoch_datacenters.DATASET}={ref / 'epoch-ai-data-centers'}",
    eto.DATASET: lambda ref: f"{eto.DATASET}={FIXTURES / 'eto'}",
    table.DATASET: lambda ref: f"{table.DATASET}={FIXTURES / 'table' / 'suppliers.csv'}:{FIXTURES / 'table' / 'mapping.yaml'}",
}
# No fixture above names an entity two seed companies could be, so a second table does: "Sumitomo" is
# Sumitomo Chemical's name prefix only (score 0.7), kept apart and linked to it by possibly_same_as.
AMBIGUOUS_CSV = "Supplier,Customer,Product\nSumitomo,TSMC,segment:photoresist\n"
AMBIGUOUS_YAML = """kind: supplies
country: JP
roles: [materials]
as_of: 2025-06-30
source: {id: analyst-notes, title: Analyst notes, publisher: Example Analyst, date: '2025', kind: research}
columns: {source: Supplier, target: Customer, product: Product}
"""


def loader_specs(reference: Path, folder: Path) -> list[str]:
    """The ``--with`` specs of every loader's fixture and of the ambiguous table (written into ``folder``)."""
    (folder / "names.csv").write_text(AMBIGUOUS_CSV, encoding="utf-8")
    (folder / "names.yaml").write_text(AMBIGUOUS_YAML, encoding="utf-8")
    return [*(fixture(reference) for fixture in LOADER_FIXTURES.values()),
            f"table={folder / 'names.csv'}:{folder / 'names.yaml'}"]


def external(G: nx.MultiDiGraph) -> tuple[set[str], set[str]]:
    """The ids of the nodes the loaders' relations touch and of those relations."""
    relations = {(u, v, k) for u, v, k, dataset in G.edges(keys=True, data="dataset") if dataset != "seed"}
    return {end for u, v, _ in relations for end in (u, v)}, {k for *_, k in relations}
