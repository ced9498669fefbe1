"""Whole-dataset checks of the money figures: references, FX coverage (of capex plans too),
duplicates, part <= whole.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.money import Financial
>>> ds = Dataset()
>>> ds.money.append((Financial(company="company:acme", period="FY2024", period_start=date(2024, 1, 1),
...     period_end=date(2024, 12, 31), currency="CNY", revenue=1e9, basis="reported",
...     as_of=date(2025, 3, 1), sources=("source:ar",)), Origin("fin.csv", 2)))
>>> [p.message for p in check_money(ds)]
["unknown id 'source:ar'", "unknown id 'company:acme'", 'no FX rate for CNY in 2024: add a row to fx/']
"""

from __future__ import annotations

from collections.abc import Iterator

from computechain.errors import Problem
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.money import Financial, FxRate, MarketSize, MoneyRecord, SegmentRevenue
from computechain.graph.money_tables import fx_rates, fx_year, usd_rate
from computechain.graph.schema import CapexPlan, node_type_of


def _identity(record: MoneyRecord) -> tuple[str, ...]:
    """What makes two figures the same figure (which must not be given twice)."""
    if isinstance(record, Financial):
        return (record.table, record.company, record.period)
    if isinstance(record, SegmentRevenue):
        return (record.table, record.company, record.segment, record.period)
    if isinstance(record, MarketSize):
        return (record.table, record.segment, record.scope.value, record.period)
    return (record.table, record.currency, record.period)


def _references(ds: Dataset, record: MoneyRecord, origin: Origin) -> Iterator[Problem]:
    for field_name, expected in record.references.items():
        value = getattr(record, field_name)
        if expected in ds.incomplete:  # its table was not read in full: that problem is reported once
            continue
        for ref in value if isinstance(value, tuple) else (value,):
            if ref in ds.broken:
                continue
            if ref not in ds.entities:
                yield origin.problem(field_name, f"unknown id {ref!r}")
            elif node_type_of(ref) is not expected:
                yield origin.problem(field_name, f"{ref!r} is not a {expected.value}")


def check_money(ds: Dataset) -> list[Problem]:
    """Every problem of the dataset's money figures (see module doc)."""
    problems: list[Problem] = []
    rates = fx_rates(r for r, _ in ds.money if isinstance(r, FxRate))
    seen: dict[tuple[str, ...], Origin] = {}
    totals: dict[tuple[str, str], float] = {}
    for record, origin in ds.money:
        problems += _references(ds, record, origin)
        key = _identity(record)
        if key in seen:
            problems.append(origin.problem("period", f"{' '.join(key[1:])} is given twice (first at {seen[key]})"))
        seen.setdefault(key, origin)
        if isinstance(record, FxRate):
            continue
        rate = usd_rate(rates, record.currency, record.period_end)
        if rate is None:
            problems.append(origin.problem(
                "currency", f"no FX rate for {record.currency} in {fx_year(record.period_end)}: add a row to fx/"))
        elif isinstance(record, Financial):
            totals[(record.company, record.period)] = record.revenue * rate
    for entity in ds.entities.values():
        if isinstance(entity, CapexPlan) and usd_rate(rates, entity.currency, entity.period_end) is None:
            problems.append(ds.origins[entity.id].problem(
                "currency", f"no FX rate for {entity.currency} in {fx_year(entity.period_end)}, so the plan "
                            "cannot be given in USD: add a row to fx/"))
    for record, origin in ds.money:
        if isinstance(record, SegmentRevenue):
            total = totals.get((record.company, record.period))
            rate = usd_rate(rates, record.currency, record.period_end)
            if total is not None and rate is not None and record.revenue * rate > total * (1 + 1e-6):
                problems.append(origin.problem(
                    "revenue",
                    f"{record.segment} revenue is above {record.company}'s total revenue in {record.period}"))
    return problems
