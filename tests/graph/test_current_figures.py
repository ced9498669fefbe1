"""The share-sum check and the query view agree on which figure is current: the latest figure of
each pair on or before a date (or, without a date, the latest of each pair) supersedes older ones."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from computechain.graph.build import build_graph
from computechain.graph.dataset import Dataset, Origin
from computechain.graph.schema import (
    Basis,
    Company,
    Relation,
    RelationKind,
    Source,
    Weight,
    WeightMeaning,
    relation_id,
)
from computechain.graph.weight_checks import check_share_sums
from computechain.queries.engine.view import compile_view

SELLER = "company:acme-foundry"
BUYERS = ("company:gamma-gpu", "company:nimbus-cloud", "company:widget-labs")
DAYS = (date(2024, 1, 1), date(2024, 6, 30), date(2024, 12, 31))


def _dataset(figures: list[tuple[str, date, float]]) -> Dataset:
    """Acme Foundry's revenue shares: (buyer, as_of, share), one relation each."""
    ds = Dataset()
    origin = Origin("relations.csv", 2)
    ds.add(Source(id="source:s", name="S", publisher="P", date="2024", kind="filing"), origin)
    for company in (SELLER, *BUYERS):
        ds.add(Company(id=company, name=company, country="US", roles=("foundry",), sources=("source:s",)), origin)
    for line, (buyer, as_of, share) in enumerate(figures, start=2):
        # each figure is its own record (valid from its as_of) of the same supply
        rel = Relation(id=relation_id(RelationKind.SUPPLIES, SELLER, buyer, None, as_of), kind=RelationKind.SUPPLIES,
                       source=SELLER, target=buyer, as_of=as_of, valid_from=as_of, sources=("source:s",),
                       weights=(Weight(meaning=WeightMeaning.SHARE_OF_SUPPLIER_REVENUE, value=share,
                                       basis=Basis.REPORTED),))
        ds.add(rel, Origin("relations.csv", line))
    return ds


def _revenue_known(ds: Dataset, *days: date | None) -> list[float]:
    """Acme Foundry's known revenue shares summed, in the view of each day (None: undated)."""
    G = build_graph(ds)
    views = [compile_view(G, as_of=day, fill="none") for day in days]
    return [round(float(view.R[view.index[SELLER]].sum()), 9) for view in views]


def test_the_view_uses_the_latest_figure_of_each_pair() -> None:
    # Gamma GPU: 0.6 (2024-01-01) then 0.3 (2024-12-31); Nimbus Cloud: 0.4 (2024-06-30)
    ds = _dataset([(BUYERS[0], DAYS[0], 0.6), (BUYERS[1], DAYS[1], 0.4), (BUYERS[0], DAYS[2], 0.3)])
    assert list(check_share_sums(ds)) == []
    # undated: 0.3 + 0.4, never 0.6 + 0.3 + 0.4; in July: 0.6 + 0.4 (the January figure still
    # holds); in March: 0.6
    assert _revenue_known(ds, None, date(2024, 7, 1), date(2024, 3, 1)) == [0.7, 1.0, 0.6]


def test_the_check_refuses_what_the_view_would_add_past_one() -> None:
    # two revenue shares of 0.6 a day apart: the view adds them (1.2), so the check refuses them
    ds = _dataset([(BUYERS[0], date(2024, 12, 30), 0.6), (BUYERS[1], date(2024, 12, 31), 0.6)])
    assert _revenue_known(ds, None) == [1.2]
    [problem] = check_share_sums(ds)
    assert problem.message == (f"share_of_supplier_revenue of {SELLER} as of 2024-12-31 sums to 1.2 > 1 "
                               "over 2 relations")


figure = st.tuples(st.sampled_from(BUYERS), st.sampled_from(DAYS), st.sampled_from((0.1, 0.3, 0.5, 0.7)))


@settings(max_examples=30, deadline=None)
@given(st.lists(figure, min_size=1, max_size=6, unique_by=lambda f: (f[0], f[1])))
def test_the_check_refuses_exactly_when_the_view_sums_past_one(figures: list[tuple[str, date, float]]) -> None:
    # figures hold from their as_of on, so the view changes only on DAYS
    view_says = any(total > 1 for total in _revenue_known(_dataset(figures), None, *DAYS))
    assert bool(list(check_share_sums(_dataset(figures)))) == view_says
