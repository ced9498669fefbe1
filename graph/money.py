"""Money records: company revenue, revenue by segment, segment market sizes and FX rates.

These are not relations but figures about one entity for one period, each with its currency,
basis and sources (STYLE 20: numbers carry their unit and period). They are validated like
every other record (frozen, ``extra="forbid"``) and kept in ``G.graph["money"]`` as plain rows;
:func:`computechain.graph.money_tables.money_tables` reads them as USD tables.

Examples
--------
>>> from datetime import date
>>> rev = Financial(company="company:acme", period="FY2024", period_start=date(2024, 1, 1),
...                 period_end=date(2024, 12, 31), currency="CNY", revenue=23.9e9,
...                 basis="reported", as_of=date(2025, 4, 20), sources=("source:acme-ar",),
...                 top5_customers_share=0.6)
>>> rev.top5_customers_share
0.6
>>> Financial(**{**rev.model_dump(), "largest_customer_share": 0.7})
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Financial
  Value error, top5_customers_share 0.6 is below largest_customer_share 0.7 ...
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from computechain.graph.schema import EntityId, Fraction, NodeType, Record, Text


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Amount = Annotated[float, Field(gt=0), AfterValidator(_finite)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class MoneyBasis(StrEnum):
    """How a money figure is known."""

    REPORTED = "reported"
    ESTIMATE = "estimate"


class MarketScope(StrEnum):
    GLOBAL = "global"
    CHINA = "china"


class PeriodFigure(Record):
    """Fields every money figure has: its period, currency, value with optional range, basis."""

    table: ClassVar[str]
    value_field: ClassVar[str]
    # Fields holding ids of other records, and the node type each must point to.
    references: ClassVar[dict[str, NodeType]] = {"sources": NodeType.SOURCE}
    period: Text
    period_start: date
    period_end: date
    currency: Currency
    basis: MoneyBasis
    basis_note: str | None = None
    as_of: date
    sources: tuple[EntityId, ...] = Field(min_length=1)
    note: str | None = None

    @property
    def value(self) -> float:
        return float(getattr(self, self.value_field))

    @property
    def low(self) -> float | None:
        return getattr(self, f"{self.value_field}_low")

    @property
    def high(self) -> float | None:
        return getattr(self, f"{self.value_field}_high")

    @model_validator(mode="after")
    def _consistent(self) -> PeriodFigure:
        if self.period_start > self.period_end:
            raise ValueError("period_end is before period_start")
        if self.low is not None and self.low > self.value:
            raise ValueError(f"{self.value_field}_low {self.low:g} is above the {self.value_field} {self.value:g}")
        if self.high is not None and self.high < self.value:
            raise ValueError(f"{self.value_field}_high {self.high:g} is below the {self.value_field} {self.value:g}")
        if self.basis is MoneyBasis.ESTIMATE and not self.basis_note:
            raise ValueError("an estimate needs basis_note saying what it rests on")
        return self


class Financial(PeriodFigure):
    """A company's total revenue for one fiscal year, with its disclosed customer concentration."""

    table: ClassVar[str] = "financials"
    value_field: ClassVar[str] = "revenue"
    references: ClassVar[dict[str, NodeType]] = {"sources": NodeType.SOURCE, "company": NodeType.COMPANY}
    company: EntityId
    revenue: Amount
    revenue_low: Amount | None = None
    revenue_high: Amount | None = None
    largest_customer_share: Fraction | None = None
    top5_customers_share: Fraction | None = None
    # every customer the filing does not name is below this share of revenue (a US 10-K names each
    # customer of 10 % or more: 0.10); a customer in the graph without a reported share is one of them
    unnamed_customers_below: Fraction | None = None
    # what the year's revenue cost (cost of revenue / cost of sales, same currency and period):
    # what a company can pass on to its suppliers (docs/methodology.md, section 9)
    cost_of_revenue: Amount | None = None

    @model_validator(mode="after")
    def _concentration(self) -> Financial:
        largest, top5 = self.largest_customer_share, self.top5_customers_share
        if largest is not None and top5 is not None and top5 < largest:
            raise ValueError(f"top5_customers_share {top5} is below largest_customer_share {largest}"
                             " (the five largest include the largest)")
        return self


class SegmentRevenue(PeriodFigure):
    """The part of a company's revenue in one segment for one fiscal year."""

    table: ClassVar[str] = "segment_revenue"
    value_field: ClassVar[str] = "revenue"
    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "company": NodeType.COMPANY, "segment": NodeType.SEGMENT,
    }
    company: EntityId
    segment: EntityId
    revenue: Amount
    revenue_low: Amount | None = None
    revenue_high: Amount | None = None


class MarketSize(PeriodFigure):
    """A segment's market size (its vendors' revenue) for one period, globally or in China."""

    table: ClassVar[str] = "market_sizes"
    value_field: ClassVar[str] = "amount"
    references: ClassVar[dict[str, NodeType]] = {"sources": NodeType.SOURCE, "segment": NodeType.SEGMENT}
    segment: EntityId
    scope: MarketScope
    amount: Amount
    amount_low: Amount | None = None
    amount_high: Amount | None = None


class FxRate(Record):
    """The average rate of a currency over a period, in USD per unit."""

    table: ClassVar[str] = "fx"
    references: ClassVar[dict[str, NodeType]] = {"sources": NodeType.SOURCE}
    currency: Currency
    period: Text
    period_start: date
    period_end: date
    usd_per_unit: Amount
    sources: tuple[EntityId, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FxRate:
        if self.period_start > self.period_end:
            raise ValueError("period_end is before period_start")
        return self


MoneyRecord = Financial | SegmentRevenue | MarketSize | FxRate
MONEY_MODELS: tuple[type[Financial] | type[SegmentRevenue] | type[MarketSize] | type[FxRate], ...] = (
    Financial, SegmentRevenue, MarketSize, FxRate,
)
