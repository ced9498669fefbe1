"""The single source of truth for computechain's entities and relations.

Node types, relation kinds with their allowed ``(source type, target type)`` pairs, and the
weight meanings each kind may carry are declared once here. :func:`check_schema` runs when
this module is imported, so an inconsistent declaration fails at once, naming what is wrong.

Instances are frozen pydantic models with ``extra="forbid"``: a relation is a record with
its own id, typed weights, dates and the ids of the sources that support it.

Examples
--------
>>> from datetime import date
>>> rel = Relation(
...     id=relation_id(RelationKind.SUPPLIES, "company:acme-memory", "company:acme-gpu",
...                    "segment:hbm", None),
...     kind=RelationKind.SUPPLIES, source="company:acme-memory", target="company:acme-gpu",
...     product="segment:hbm", as_of=date(2024, 12, 31), sources=("source:acme-ar-2024",),
...     weights=(Weight(meaning=WeightMeaning.SHARE_OF_CUSTOMER_SPEND, value=0.4,
...                     basis=Basis.REPORTED),))
>>> rel.id
'supplies:company:acme-memory->company:acme-gpu#segment:hbm'
>>> rel.weight(WeightMeaning.SHARE_OF_CUSTOMER_SPEND).value
0.4
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, ClassVar

import numpy as np
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from computechain.errors import SchemaError


class NodeType(StrEnum):
    """Entity types; the value is the id prefix (``company:sk-hynix``)."""

    COMPANY = "company"
    SEGMENT = "segment"
    AI_MODEL = "model"
    CAPEX_PLAN = "capex"
    POLICY = "policy"
    REGION = "region"
    SITE = "site"
    SOURCE = "source"


class RelationKind(StrEnum):
    """The closed vocabulary of relation kinds (see :data:`RELATION_SPECS`)."""

    SUPPLIES = "supplies"
    PARTICIPATES_IN = "participates_in"
    INPUT_TO = "input_to"
    PROVIDES_COMPUTE = "provides_compute"
    DEVELOPS = "develops"
    COMMITS_CAPEX = "commits_capex"
    ALLOCATES_CAPEX = "allocates_capex"
    OWNS = "owns"
    SUPPORTS = "supports"
    RESTRICTS = "restricts"
    LOCATED_IN = "located_in"
    OPERATES = "operates"
    USES = "uses"
    POWERS = "powers"
    BUILDS = "builds"
    INVESTS_IN = "invests_in"
    POSSIBLY_SAME_AS = "possibly_same_as"


class WeightMeaning(StrEnum):
    """What a relation's weight measures."""

    SHARE_OF_SUPPLIER_REVENUE = "share_of_supplier_revenue"
    # of the supplier's output in physical units (e.g. H100-equivalents), not in money
    SHARE_OF_SUPPLIER_OUTPUT = "share_of_supplier_output"
    SHARE_OF_CUSTOMER_SPEND = "share_of_customer_spend"
    MARKET_SHARE = "market_share"
    COST_SHARE = "cost_share"
    CAPEX_ALLOCATION_SHARE = "capex_allocation_share"
    OWNERSHIP_SHARE = "ownership_share"


class Basis(StrEnum):
    """How a relation's weight is known."""

    REPORTED = "reported"
    ESTIMATE = "estimate"


class Confidence(StrEnum):
    """How sure the source is that an unweighted relation holds (Epoch's confidence tags)."""

    CONFIDENT = "confident"
    LIKELY = "likely"
    SPECULATIVE = "speculative"


class CapexBasis(StrEnum):
    """How a capex figure is known."""

    REPORTED = "reported"
    GUIDANCE = "guidance"
    ESTIMATE = "estimate"


class PeriodKind(StrEnum):
    FISCAL_YEAR = "fiscal-year"
    CALENDAR_YEAR = "calendar-year"
    MULTI_YEAR = "multi-year"


class PolicyKind(StrEnum):
    SUPPORT = "support"
    RESTRICTION = "restriction"


class Endpoint(StrEnum):
    """Which end of a relation a weight is a share *of* (the whole it divides)."""

    SOURCE = "source"
    TARGET = "target"


# The whole each weight divides: one supplier's revenue shares, one customer's spend shares,
# one segment's market shares ... must each sum to at most 1 (checked when a graph is built).
WEIGHT_WHOLE: dict[WeightMeaning, Endpoint] = {
    WeightMeaning.SHARE_OF_SUPPLIER_REVENUE: Endpoint.SOURCE,
    WeightMeaning.SHARE_OF_SUPPLIER_OUTPUT: Endpoint.SOURCE,
    WeightMeaning.SHARE_OF_CUSTOMER_SPEND: Endpoint.TARGET,
    WeightMeaning.MARKET_SHARE: Endpoint.TARGET,
    WeightMeaning.COST_SHARE: Endpoint.TARGET,
    WeightMeaning.CAPEX_ALLOCATION_SHARE: Endpoint.SOURCE,
    WeightMeaning.OWNERSHIP_SHARE: Endpoint.TARGET,
}


@dataclass(frozen=True)
class RelationSpec:
    """What a relation kind may connect, and which weights it may carry."""

    sources: frozenset[NodeType]
    targets: frozenset[NodeType]
    weights: frozenset[WeightMeaning] = frozenset()
    product: bool = False  # may name the segment supplied
    description: str = ""


def _spec(
    sources: set[NodeType],
    targets: set[NodeType],
    weights: set[WeightMeaning] | None = None,
    *,
    product: bool = False,
    description: str,
) -> RelationSpec:
    return RelationSpec(
        frozenset(sources), frozenset(targets), frozenset(weights or ()), product, description
    )


_N = NodeType
_W = WeightMeaning
_RESOLVABLE: set[NodeType] = {t for t in NodeType if t is not NodeType.SOURCE}
RELATION_SPECS: dict[RelationKind, RelationSpec] = {
    RelationKind.SUPPLIES: _spec(
        {_N.COMPANY}, {_N.COMPANY},
        {_W.SHARE_OF_SUPPLIER_REVENUE, _W.SHARE_OF_SUPPLIER_OUTPUT, _W.SHARE_OF_CUSTOMER_SPEND}, product=True,
        description="supplier -> customer; goods flow this way, demand the other way",
    ),
    RelationKind.PARTICIPATES_IN: _spec(
        {_N.COMPANY}, {_N.SEGMENT}, {_W.MARKET_SHARE},
        description="company -> segment it sells in, with its market share",
    ),
    RelationKind.INPUT_TO: _spec(
        {_N.SEGMENT}, {_N.SEGMENT}, {_W.COST_SHARE},
        description="input segment -> the segment that consumes it",
    ),
    RelationKind.PROVIDES_COMPUTE: _spec(
        {_N.COMPANY}, {_N.COMPANY}, {_W.SHARE_OF_CUSTOMER_SPEND}, product=True,
        description="cloud -> model lab it provides compute to",
    ),
    RelationKind.DEVELOPS: _spec(
        {_N.COMPANY}, {_N.AI_MODEL}, description="lab -> model it develops"
    ),
    RelationKind.COMMITS_CAPEX: _spec(
        {_N.COMPANY}, {_N.CAPEX_PLAN}, description="company -> its capex plan"
    ),
    RelationKind.ALLOCATES_CAPEX: _spec(
        {_N.CAPEX_PLAN}, {_N.SEGMENT}, {_W.CAPEX_ALLOCATION_SHARE},
        description="capex plan -> segment it is spent on",
    ),
    RelationKind.OWNS: _spec(
        {_N.COMPANY}, {_N.COMPANY}, {_W.OWNERSHIP_SHARE},
        description="parent or investor -> subsidiary or investee",
    ),
    RelationKind.SUPPORTS: _spec(
        {_N.POLICY}, {_N.COMPANY, _N.SEGMENT, _N.REGION},
        description="policy -> what it supports",
    ),
    RelationKind.RESTRICTS: _spec(
        {_N.POLICY}, {_N.COMPANY, _N.SEGMENT, _N.REGION},
        description="policy -> what it restricts",
    ),
    RelationKind.LOCATED_IN: _spec(
        {_N.COMPANY, _N.REGION}, {_N.REGION}, description="company or region -> region"
    ),
    RelationKind.OPERATES: _spec(
        {_N.COMPANY}, {_N.SITE}, description="owner / operator -> data-centre site"
    ),
    RelationKind.USES: _spec(
        {_N.COMPANY}, {_N.SITE}, description="lab or company -> data-centre site whose compute it uses"
    ),
    RelationKind.POWERS: _spec(
        {_N.COMPANY}, {_N.SITE}, description="energy company -> data-centre site it supplies power to"
    ),
    RelationKind.BUILDS: _spec(
        {_N.COMPANY}, {_N.SITE}, description="construction company -> data-centre site it builds"
    ),
    RelationKind.INVESTS_IN: _spec(
        {_N.COMPANY}, {_N.SITE}, description="investor -> data-centre site (project) it finances"
    ),
    # An external record that matched several seed entities is kept apart and linked to each.
    RelationKind.POSSIBLY_SAME_AS: _spec(
        _RESOLVABLE, _RESOLVABLE, description="external entity -> seed entity it may be (ambiguous match)"
    ),
}

# A number written as text: digits with an optional sign, decimal point and exponent. Python's
# float() also takes "0_1" (= 1.0), "inf", "nan" and " 1 ", which are typos in a data file.
NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_MARGIN = timedelta(days=366)  # a fact or a publication dated past today + 1 year is a typo
# Today + 1 year as of the import: a date not after it is never too late (the days only pass).
_NEVER_TOO_LATE = date.today() + FUTURE_MARGIN


def parse_number(text: str) -> float:
    """The finite float written as ``text`` (see :data:`NUMBER_TEXT`); ValueError saying why not.

    >>> parse_number("88.2e9"), parse_number("-.5")
    (88200000000.0, -0.5)
    >>> parse_number("0_1")
    Traceback (most recent call last):
    ...
    ValueError: '0_1' is not a number (write e.g. 0.35 or 88.2e9)
    """
    if not NUMBER_TEXT.fullmatch(text):
        raise ValueError(f"{text!r} is not a number (write e.g. 0.35 or 88.2e9)")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is too large for a number")
    return value


def date_problem(day: date, *, reported: bool) -> str | None:
    """Why ``day`` cannot be a date of the data, or None: every date is on or after
    :data:`EARLIEST_DATE`; a ``reported`` one (as-of, publication, release) is not later than
    today + 1 year.

    >>> date_problem(date(1, 1, 1), reported=False)
    'date 0001-01-01 is before 1900-01-01'
    >>> date_problem(date(2030, 1, 1), reported=False) is None
    True
    """
    if day < EARLIEST_DATE:
        return f"date {day.isoformat()} is before {EARLIEST_DATE.isoformat()}"
    if not reported or day <= _NEVER_TOO_LATE:  # the common case, without asking the clock
        return None
    latest = date.today() + FUTURE_MARGIN
    if day > latest:
        return f"date {day.isoformat()} is after {latest.isoformat()} (today + 1 year)"
    return None


def _number(value: Any) -> Any:
    return parse_number(value.strip()) if isinstance(value, str) else value


def _date_checker(*, reported: bool) -> AfterValidator:
    def check(day: date) -> date:
        problem = date_problem(day, reported=reported)
        if problem:
            raise ValueError(problem)
        return day
    return AfterValidator(check)


def _partial_date(text: str) -> str:
    """A ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that names a real day, month or year."""
    year, month, day = (int(part) for part in [*text.split("-"), "1", "1"][:3])
    try:
        when = date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date") from None
    problem = date_problem(when, reported=True)
    if problem:
        raise ValueError(problem)
    return text


Number = Annotated[float, BeforeValidator(_number)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
EntityId = Annotated[str, StringConstraints(pattern=r"^[a-z]+:[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Fraction = Annotated[Number, Field(ge=0.0, le=1.0)]
# A date a source reports (as-of, publication, release, issue) and a date bounding a period.
ReportedDate = Annotated[date, _date_checker(reported=True)]
BoundDate = Annotated[date, _date_checker(reported=False)]
# A source's date may be partial when only the month or year is known.
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$"),
                        AfterValidator(_partial_date)]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, allow_inf_nan=False)


class Entity(Record):
    """Fields every node has. ``sources`` are source ids backing the entity's attributes."""

    node_type: ClassVar[NodeType]
    # Fields holding ids of other entities, and the node type each must point to.
    references: ClassVar[dict[str, NodeType]] = {"sources": NodeType.SOURCE}
    id: EntityId
    name: Text
    aliases: tuple[Text, ...] = ()
    sources: tuple[EntityId, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _id_has_type_prefix(self) -> Entity:
        prefix = f"{self.node_type.value}:"
        if not self.id.startswith(prefix):
            raise ValueError(f"id {self.id!r} must start with {prefix!r}")
        return self


MAX_TICKER_LENGTH = 16  # real tickers are shorter; the bound keeps any ticker pattern's match cheap


class Listing(Record):
    exchange: Text
    ticker: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TICKER_LENGTH)]


class Company(Entity):
    node_type: ClassVar[NodeType] = NodeType.COMPANY
    name_zh: str | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    listings: tuple[Listing, ...] = ()
    roles: tuple[Slug, ...] = Field(min_length=1)
    sources: tuple[EntityId, ...] = Field(min_length=1)


class Segment(Entity):
    node_type: ClassVar[NodeType] = NodeType.SEGMENT
    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "parent": NodeType.SEGMENT,
    }
    name_zh: str | None = None
    parent: EntityId | None = None
    description: str | None = None


class AIModel(Entity):
    node_type: ClassVar[NodeType] = NodeType.AI_MODEL
    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "developer": NodeType.COMPANY,
    }
    developer: EntityId
    released: ReportedDate
    sources: tuple[EntityId, ...] = Field(min_length=1)


class CapexPlan(Entity):
    """A company's capital expenditure for a period, as reported, guided or estimated."""

    node_type: ClassVar[NodeType] = NodeType.CAPEX_PLAN
    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "company": NodeType.COMPANY,
    }
    name: Text = ""  # optional in data: derived from company and period when empty
    company: EntityId
    period: Text
    period_kind: PeriodKind
    period_start: BoundDate
    period_end: BoundDate
    amount: Number = Field(gt=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    amount_low: Number | None = Field(default=None, gt=0)
    amount_high: Number | None = Field(default=None, gt=0)
    basis: CapexBasis
    basis_note: str | None = None
    scope: Text
    as_of: ReportedDate
    sources: tuple[EntityId, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _default_name(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("name"):
            slug = str(data.get("company", "")).split(":", 1)[-1]
            data = {**data, "name": f"{slug} capex {data.get('period', '')}".strip()}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> CapexPlan:
        if self.period_start > self.period_end:
            raise ValueError("period_start is after period_end")
        _check_range(self.amount, self.amount_low, self.amount_high, "amount")
        if self.basis is CapexBasis.ESTIMATE and not self.basis_note:
            raise ValueError("an estimate needs basis_note saying what it rests on")
        return self


class Policy(Entity):
    node_type: ClassVar[NodeType] = NodeType.POLICY
    name_zh: str | None = None
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    issued: ReportedDate
    policy_kind: PolicyKind
    description: str | None = None
    sources: tuple[EntityId, ...] = Field(min_length=1)


class Region(Entity):
    node_type: ClassVar[NodeType] = NodeType.REGION
    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "parent": NodeType.REGION,
    }
    name_zh: str | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    region_kind: Slug
    parent: EntityId | None = None
    sources: tuple[EntityId, ...] = Field(min_length=1)


class Site(Entity):
    """A data-centre campus. Figures are the source's current estimates (2025 US dollars)."""

    node_type: ClassVar[NodeType] = NodeType.SITE
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    address: str | None = None
    project: str | None = None
    h100e: Number | None = Field(default=None, ge=0)
    power_mw: Number | None = Field(default=None, ge=0)
    capex_usd_bn: Number | None = Field(default=None, ge=0)
    chip_types: tuple[Text, ...] = ()
    links: tuple[Text, ...] = ()  # evidence the source cites for the site
    sources: tuple[EntityId, ...] = Field(min_length=1)


class Source(Entity):
    """A cited public document. ``name`` is its title."""

    node_type: ClassVar[NodeType] = NodeType.SOURCE
    references: ClassVar[dict[str, NodeType]] = {}
    publisher: Text
    date: PartialDate
    url: str | None = None
    kind: Slug


ENTITY_MODELS: dict[NodeType, type[Entity]] = {
    model.node_type: model
    for model in (Company, Segment, AIModel, CapexPlan, Policy, Region, Site, Source)
}


def _check_range(value: float, low: float | None, high: float | None, what: str) -> None:
    if low is not None and low > value:
        raise ValueError(f"low {low} is above the {what} {value}")
    if high is not None and high < value:
        raise ValueError(f"high {high} is below the {what} {value}")


class Weight(Record):
    """A numeric weight with its meaning, an optional low/high range and its basis."""

    meaning: WeightMeaning
    value: Fraction
    low: Fraction | None = None
    high: Fraction | None = None
    basis: Basis
    basis_note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Weight:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        _check_range(self.value, self.low, self.high, "weight")
        if self.basis is Basis.ESTIMATE and not self.basis_note:
            raise ValueError("an estimate needs basis_note saying what it rests on")
        return self


def entity_id(node_type: NodeType, slug: str) -> str:
    """Mint an entity id from its type and slug (the one place entity ids are made).

    >>> entity_id(NodeType.COMPANY, "sk-hynix")
    'company:sk-hynix'
    """
    return f"{node_type.value}:{slug}"


def relation_id(
    kind: RelationKind, source: str, target: str, product: str | None, valid_from: date | None,
    *, valid_to: date | None = None, dataset: str = "seed",
) -> str:
    """Mint the deterministic id of a relation (the one place relation ids are made).

    External datasets also pass ``valid_to`` (their periods may share a start, e.g. cumulative
    totals) and their ``dataset`` name, so the same relation asserted by two sources keeps both.

    >>> relation_id(RelationKind.SUPPLIES, "company:a", "company:b", None, date(2022, 1, 1),
    ...             valid_to=date(2025, 12, 31), dataset="epoch-chips")
    'supplies:company:a->company:b@2022-01-01..2025-12-31~epoch-chips'
    """
    rid = f"{kind}:{source}->{target}"  # a StrEnum formats as its value
    if product:
        rid += f"#{product}"
    if valid_from:
        rid += f"@{valid_from.isoformat()}"
    if valid_to:
        rid += f"{'' if valid_from else '@'}..{valid_to.isoformat()}"
    if dataset != "seed":
        rid += f"~{dataset}"
    return rid


def seed_relation_ids(kinds: Sequence[RelationKind], sources: Sequence[str], targets: Sequence[str],
                      products: Sequence[str | None], valid_froms: Sequence[date | None]) -> list[str]:
    """:func:`relation_id` of many seed relations at once (no ``valid_to``, dataset ``seed``):
    the same texts, joined by numpy over the columns instead of one call per relation.

    >>> seed_relation_ids([RelationKind.OWNS] * 2, ["company:a"] * 2, ["company:b", "company:c"],
    ...                   [None, "segment:hbm"], [date(2024, 1, 1), None])
    ['owns:company:a->company:b@2024-01-01', 'owns:company:a->company:c#segment:hbm']
    """
    def column(values: Sequence[Any], text: Callable[[Any], str]) -> np.ndarray:
        distinct = {value: text(value) for value in set(values)}  # a few kinds and dates
        return np.array(list(map(distinct.__getitem__, values)), dtype=object)

    ids = column(kinds, str) + ":" + np.array(sources, dtype=object) + "->" + np.array(targets, dtype=object)
    ids += column(products, lambda product: f"#{product}" if product else "")
    ids += column(valid_froms, lambda day: f"@{day.isoformat()}" if day else "")
    return ids.tolist()


class Relation(Record):
    """A typed, dated, sourced edge. ``dataset`` names the loader that asserted it."""

    references: ClassVar[dict[str, NodeType]] = {
        "sources": NodeType.SOURCE, "product": NodeType.SEGMENT,
    }
    # The fields :meth:`_consistent` reads: records that agree on them pass or fail it alike
    # (a bulk loader checks it once per combination). Keep the two in step.
    cross_fields: ClassVar[tuple[str, ...]] = ("kind", "product", "weights", "valid_from", "valid_to")

    id: Text
    kind: RelationKind
    source: EntityId
    target: EntityId
    product: EntityId | None = None
    weights: tuple[Weight, ...] = ()
    as_of: ReportedDate
    valid_from: BoundDate | None = None
    valid_to: BoundDate | None = None
    sources: tuple[EntityId, ...] = Field(min_length=1)
    dataset: Text = "seed"
    confidence: Confidence | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Relation:
        spec = RELATION_SPECS[self.kind]
        if self.product and not spec.product:
            raise ValueError(f"a {self.kind.value} relation takes no product")
        meanings = [w.meaning for w in self.weights]
        if len(set(meanings)) != len(meanings):
            raise ValueError("the same weight meaning is given twice")
        for meaning in meanings:
            if meaning not in spec.weights:
                allowed = ", ".join(sorted(spec.weights)) or "none"
                raise ValueError(
                    f"a {self.kind.value} relation cannot carry {meaning.value}; allowed: {allowed}"
                )
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from is after valid_to")
        return self

    def weight(self, meaning: WeightMeaning) -> Weight | None:
        """The weight with this meaning, or None."""
        return next((w for w in self.weights if w.meaning is meaning), None)


def node_type_of(entity_id: str) -> NodeType:
    """The node type named by an id's prefix.

    >>> node_type_of("segment:hbm")
    <NodeType.SEGMENT: 'segment'>
    """
    prefix = entity_id.split(":", 1)[0]
    try:
        return NodeType(prefix)
    except ValueError:
        options = ", ".join(t.value for t in NodeType)
        raise ValueError(f"unknown id prefix {prefix!r} in {entity_id!r}; use one of {options}") from None


def check_schema() -> None:
    """Check that every declaration refers only to declared things; raise SchemaError if not."""
    missing = [kind.value for kind in RelationKind if kind not in RELATION_SPECS]
    if missing:
        raise SchemaError(f"relation kinds without a spec: {', '.join(missing)}")
    for kind, spec in RELATION_SPECS.items():
        for node_type in spec.sources | spec.targets:
            if node_type not in ENTITY_MODELS:
                raise SchemaError(f"{kind.value} names node type {node_type!r} with no model")
        if not spec.sources or not spec.targets:
            raise SchemaError(f"{kind.value} must declare source and target types")
    unplaced = [m.value for m in WeightMeaning if m not in WEIGHT_WHOLE]
    if unplaced:
        raise SchemaError(f"weight meanings without a whole: {', '.join(unplaced)}")
    if set(ENTITY_MODELS) != set(NodeType):
        absent = {t.value for t in NodeType} - {t.value for t in ENTITY_MODELS}
        raise SchemaError(f"node types without a model: {', '.join(sorted(absent))}")


check_schema()
