"""Load the seed's money tables: ``financials/``, ``segment_revenue/``, ``market_sizes/``, ``fx/``.

Each is a folder of CSV files whose columns are the fields of its record
(:mod:`computechain.graph.money`); every problem is a ``file:line: field: message``.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "fx").mkdir()
>>> _ = (root / "fx" / "fx.csv").write_text(
...     "currency,period,period_start,period_end,usd_per_unit,sources,note\\n"
...     "CNY,2024,2024-01-01,2024-12-31,0.1389,fed-g5a,\\n"
...     "CNY,2025,2025-01-01,2025-12-31,-1,fed-g5a,\\n", encoding="utf-8")
>>> records, problems = load_money(root)
>>> [(r.currency, r.usd_per_unit) for r, _ in records]
[('CNY', 0.1389)]
>>> [str(p).split("/")[-1] for p in problems]
["fx.csv:3: usd_per_unit: Input should be greater than 0 (got '-1')"]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from computechain.errors import Problem
from computechain.graph.dataset import Origin
from computechain.graph.money import MONEY_MODELS, MoneyRecord
from computechain.loaders.csvtable import Row, read_folder
from computechain.loaders.seed import _problems_from as problems_from
from computechain.loaders.seed import _source_ids as source_ids


def _payload(row: Row) -> dict[str, Any]:
    payload: dict[str, Any] = dict(row.cells)
    if "sources" in payload:
        payload["sources"] = source_ids(payload["sources"])
    return payload


def load_money(root: Path) -> tuple[list[tuple[MoneyRecord, Origin]], list[Problem]]:
    """Every money record under ``root`` with where it was read, and the problems found."""
    records: list[tuple[MoneyRecord, Origin]] = []
    problems: list[Problem] = []
    for model in MONEY_MODELS:
        columns = tuple(model.model_fields)
        required = tuple(n for n, f in model.model_fields.items() if f.is_required())
        rows, found = read_folder(root / model.table, columns, required)
        problems += found
        bad_headers = {p.file for p in found if p.line == 1}
        for row in rows:
            if row.file in bad_headers:
                continue
            try:
                records.append((model.model_validate(_payload(row)), Origin(row.file, row.line)))
            except ValidationError as exc:
                problems += problems_from(exc, row, {})
    return records, problems
