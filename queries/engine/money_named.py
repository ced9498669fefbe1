"""Named customers in money: each seller's revenue share from the customers the graph names, then
balanced (RAS with caps) against what sellers earn and buyers can spend.

Rule 1: a named customer with a ``share_of_supplier_revenue`` keeps it (reported or estimated);
else one with a ``share_of_customer_spend`` gets that share of what it can spend
(:func:`spend_as_revenue_share`).
Rule 2 (*prior*): the seller's disclosed top-five customers' share (else the median disclosed in the
graph) is what modelled customers can explain; each unweighted named customer counts as one of the
five, so together they get ``(top5 - known) * min(k, 5 - k_known) / (5 - k_known)`` of the seller's
revenue, split in proportion to what each can spend on the product (:func:`buyer_sizes`: a capex
plan, its size in the segments that use the product, a lab's revenue for compute; a customer of
unknown size counts as the smallest sized one), none more than that size, each at most the
disclosed largest-customer share (else the graph's median: :class:`Concentration`). A supply link
moves money only in a year it holds (:func:`in_money_period`).

Examples
--------
A seller with top five = 60 % and two unweighted customers known only by their revenue, 300 and 100:
they count as two of the five (0.6 * 2 / 5 = 0.24), split 3:1.

>>> import numpy as np, pandas as pd
>>> ch = pd.DataFrame({"row": [0, 0], "col": [1, 2], "kind": ["supplies"] * 2, "product": [-1] * 2,
...                    "revenue_share": [np.nan] * 2, "revenue_basis": [2, 2],
...                    "spend_share": [np.nan] * 2, "spend_basis": [2, 2]})
>>> money = pd.DataFrame({"type": ["company"] * 3, "top5_customers_share": [0.6, None, None],
...                       "largest_customer_share": [None] * 3, "own_capex_usd": [np.nan] * 3,
...                       "revenue_usd": [100.0, 300.0, 100.0], "capex_usd": [np.nan] * 3,
...                       "company": [-1] * 3})
>>> typical = Concentration(top5=0.5, largest=0.2)
>>> share, basis = named_customer_shares(ch, money, typical, buyer_size=np.full(2, np.nan))
>>> share.round(4).tolist(), basis.tolist()
([0.18, 0.06], [3, 3])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.bulk import group_sum
from computechain.graph.schema import RelationKind
from computechain.queries.engine.money_inputs import PRIOR, SUPPLY_KINDS, Concentration
from computechain.queries.engine.ras import RasReport, ras
from computechain.queries.engine.view import ESTIMATE

TOP_CUSTOMERS = 5
# A revenue share whose period ended more than this many years before the priced year prices nothing.
STALE_YEARS = 2


def named_customer_shares(ch: pd.DataFrame, money: pd.DataFrame, typical: Concentration, buyer_size: np.ndarray,
                          sizes: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Rules 1-2 (module doc): each channel's share of its seller's revenue (NaN where the channel
    is not a named customer of a company) and its basis code. ``buyer_size`` (per channel, USD, NaN
    where unknown: :func:`buyer_sizes`) weighs the unweighted customers, and none of them is given
    more than it can spend. With ``sizes`` (company, segment, size in USD:
    :func:`computechain.queries.engine.money_markets.participant_sizes`), the unweighted customers
    of one product together get at most the seller's size in that product's market."""
    n = len(money)
    seller = ch["row"].to_numpy()
    named = ch["kind"].isin(SUPPLY_KINDS).to_numpy() & (money["type"] == "company").to_numpy()[seller]
    share = np.where(named, ch["revenue_share"].to_numpy(), np.nan)
    basis = np.where(named & ~np.isnan(share), ch["revenue_basis"].to_numpy(), PRIOR)
    spend = spend_as_revenue_share(ch, money)
    from_spend = named & np.isnan(share) & ~np.isnan(spend)
    share = np.where(from_spend, np.minimum(spend, 1.0), share)
    basis = np.where(from_spend, ch["spend_basis"].to_numpy(), basis)
    known, unknown = named & ~np.isnan(share), named & np.isnan(share)
    known_share = np.bincount(seller[known], weights=share[known], minlength=n)
    slots = np.maximum(TOP_CUSTOMERS - np.bincount(seller[known], minlength=n), 0)
    disclosed = pd.to_numeric(money["top5_customers_share"], errors="coerce").to_numpy()
    budget = np.clip(np.where(np.isnan(disclosed), typical.top5, disclosed) - known_share, 0.0, None) * np.divide(
        np.minimum(np.bincount(seller[unknown], minlength=n), slots), slots, out=np.zeros(n), where=slots > 0)
    weights = _weights(ch, money, buyer_size, unknown)
    total = np.bincount(seller, weights=weights, minlength=n)[seller]
    prior = budget[seller] * np.divide(weights, total, out=np.zeros(len(ch)), where=total > 0)
    revenue = money["revenue_usd"].to_numpy()[seller]
    prior = np.minimum(prior, np.divide(weights, revenue, out=np.zeros(len(ch)), where=revenue > 0))
    prior = np.minimum(prior, typical.one_customer(money)[seller])
    if sizes is not None:
        prior = _within_product(ch, money, np.where(unknown, prior, 0.0), np.where(known, share, 0.0), sizes)
    return np.where(unknown, prior, share), basis


def buyer_sizes(ch: pd.DataFrame, money: pd.DataFrame, consumer_size: np.ndarray) -> np.ndarray:
    """What each channel's buyer can spend on the channel's product in a year (USD; NaN where
    unknown), by the first known: goods paid from a capex plan, the plan's amount (times the
    product's cost share where it has one: power equipment 6.5 % of a data centre); the buyer's size
    in the segments that consume the product (``consumer_size``: :func:`consumer_sizes`) times its
    cost of revenue over its revenue (what of a sale it pays out to suppliers); compute bought by a
    lab (a company that only develops models, without a capex plan), its revenue. A company's whole
    revenue says nothing of what it spends on one input (Apple's USD 416bn on cloud compute, Dell's
    PCs on GPUs), so it sizes nothing else.

    >>> ch = pd.DataFrame({"col": [1, 2, 3, 2], "product": [-1] * 4,
    ...                    "kind": ["supplies", "supplies", "provides_compute", "provides_compute"]})
    >>> money = pd.DataFrame({"capex_usd": [50.0, np.nan, np.nan, np.nan], "company": [1, -1, -1, -1],
    ...                       "own_capex_usd": [np.nan, 50.0, np.nan, np.nan],
    ...                       "cost_usd": [np.nan, np.nan, 8.0, np.nan], "revenue_usd": [np.nan, 90.0, 10.0, 4.0],
    ...                       "lab": [False, False, False, True], "cost_share": [np.nan] * 4})
    >>> buyer_sizes(ch, money, np.array([np.nan, 20.0, np.nan, np.nan])).tolist()
    [50.0, 16.0, 4.0, nan]

    (1's goods come out of its plan of 50; 2 earns 20 in the segments that use the product and pays
    out 8 / 10 of what it earns; the lab 3 spends its revenue on compute; nothing says what 2
    spends on compute.)
    """
    spender, buyer = spender_of(ch, money), ch["col"].to_numpy()
    cost_share = money["cost_share"].to_numpy(float)[np.maximum(ch["product"].to_numpy(), 0)]
    plan = money["capex_usd"].to_numpy()[spender] * np.where(np.isnan(cost_share), 1.0, cost_share)
    cost_ratio = np.divide(money["cost_usd"].to_numpy()[buyer], money["revenue_usd"].to_numpy()[buyer])
    consumer = consumer_size * np.fmin(1.0, np.where(np.isnan(cost_ratio), 1.0, cost_ratio))
    lab = (ch["kind"] == RelationKind.PROVIDES_COMPUTE.value).to_numpy() & money["lab"].to_numpy(bool)[buyer]
    own_plan = money["own_capex_usd"].notna().to_numpy()[buyer]
    compute = np.where(lab & ~own_plan, money["revenue_usd"].to_numpy()[buyer], np.nan)
    return np.where(~np.isnan(plan), plan, np.where(~np.isnan(consumer), consumer, compute))


def _weights(ch: pd.DataFrame, money: pd.DataFrame, size: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """Each unweighted channel's buyer size (0 elsewhere): its :func:`buyer_sizes` entry; a buyer
    of unknown size taken as small (the graph carries financials for the large buyers), as the
    smallest sized buyer of the same product or the seller's smallest sized customer, whichever is
    smaller. Only where neither exists is a buyer weighed by its whole revenue (the same rule over
    revenues; 0 where none is known)."""
    def stand_in(size: np.ndarray) -> np.ndarray:
        sized = unknown & ~np.isnan(size)
        smallest = np.fmin(*(pd.Series(size[sized]).groupby(key[sized]).min().reindex(key).to_numpy()
                             for key in (ch["product"].to_numpy(), ch["row"].to_numpy())))
        return np.where(np.isnan(size), smallest, size)

    weight = stand_in(size)
    by_revenue = stand_in(money["revenue_usd"].to_numpy()[ch["col"].to_numpy()])
    return np.where(unknown, np.nan_to_num(np.where(np.isnan(weight), by_revenue, weight), nan=0.0), 0.0)


def consumer_sizes(ch: pd.DataFrame, money: pd.DataFrame, segment_revenue: dict[tuple[int, int], float],
                   inputs: pd.DataFrame) -> np.ndarray:
    """Per channel, the buyer's size in the segments that consume the channel's product (``input_to``
    targets in ``inputs``): its market share times the market size, else its reported revenue in the
    segment, summed over those segments; NaN where it has none.

    >>> ch = pd.DataFrame({"row": [0, 2], "col": [2, 3], "kind": ["supplies", "participates_in"],
    ...                    "product": [1, -1], "spend_share": [np.nan, 0.25]})
    >>> money = pd.DataFrame({"market_usd": [np.nan, np.nan, np.nan, 80.0]})
    >>> inputs = pd.DataFrame({"input": [1], "target": [3]})  # product 1 goes into segment 3
    >>> consumer_sizes(ch, money, {}, inputs).tolist()  # the buyer (2) has a quarter of segment 3's 80
    [20.0, nan]
    """
    n = len(money)
    part = ch[(ch["kind"] == RelationKind.PARTICIPATES_IN.value).to_numpy()]
    company, segment = part["row"].to_numpy(np.int64), part["col"].to_numpy(np.int64)
    reported = np.array([segment_revenue.get((c, s), np.nan) for c, s in zip(company, segment, strict=True)], float)
    size = part["spend_share"].to_numpy(float) * money["market_usd"].to_numpy(float)[segment]
    size = np.where(np.isnan(size), reported, size)
    sized = pd.DataFrame({"company": company, "target": segment, "size": size}).dropna()
    consumed = inputs[["input", "target"]].drop_duplicates().merge(sized, on="target")
    key = consumed["company"].to_numpy(np.int64) * n + consumed["input"].to_numpy(np.int64)
    by_key = consumed.groupby(key)["size"].sum()
    keys = ch["col"].to_numpy(np.int64) * n + ch["product"].to_numpy(np.int64)
    return by_key.reindex(np.where(ch["product"].to_numpy() >= 0, keys, -1)).to_numpy(float)


def spend_as_revenue_share(ch: pd.DataFrame, money: pd.DataFrame) -> np.ndarray:
    """Each channel's ``share_of_customer_spend`` as a share of its seller's revenue: the spend
    share times what the spender can spend (:func:`budgets` of :func:`spender_of`) over the seller's
    revenue; NaN where any of the three is unknown.

    >>> ch = pd.DataFrame({"row": [0], "col": [1], "kind": ["provides_compute"], "spend_share": [0.25]})
    >>> money = pd.DataFrame({"revenue_usd": [50.0, 40.0], "capex_usd": [np.nan, np.nan],
    ...                       "company": [-1, -1]})
    >>> spend_as_revenue_share(ch, money).tolist()  # a quarter of the buyer's 40 is a fifth of the seller's 50
    [0.2]
    """
    usd = ch["spend_share"].to_numpy(float) * budgets(money)[spender_of(ch, money)]
    revenue = money["revenue_usd"].to_numpy()[ch["row"].to_numpy()]
    return np.divide(usd, revenue, out=np.full(len(ch), np.nan), where=revenue > 0)


def _within_product(ch: pd.DataFrame, money: pd.DataFrame, prior: np.ndarray, known: np.ndarray,
                    sizes: pd.DataFrame) -> np.ndarray:
    """Priors scaled down so that a seller's named customers of a product take at most its size in
    that product's market (less the reported shares of the product)."""
    n = len(money)
    keys = ch["row"].to_numpy(np.int64) * n + ch["product"].to_numpy()
    size = pd.Series(sizes["size"].to_numpy(), index=sizes["company"].to_numpy(np.int64) * n
                     + sizes["segment"].to_numpy()).groupby(level=0).max()
    revenue = money["revenue_usd"].to_numpy()[ch["row"]]
    room = np.clip(size.reindex(keys).to_numpy() / revenue - group_sum(known, keys), 0.0, None)
    asked = group_sum(prior, keys)
    fits = np.divide(room, asked, out=np.ones(len(ch)), where=asked > 0)
    scale = np.where(np.isnan(room), 1.0, np.minimum(1.0, fits))
    return prior * scale


def spender_of(ch: pd.DataFrame, money: pd.DataFrame) -> np.ndarray:
    """The column each channel's money leaves from: a company's purchases of goods (``supplies``)
    come out of its chosen capex plan when it has one; everything else out of the buyer itself."""
    plans = np.flatnonzero(money["capex_usd"].notna().to_numpy())
    plan_of = np.full(len(money), -1, dtype=np.int64)
    plan_of[money["company"].to_numpy()[plans]] = plans
    plan = plan_of[ch["col"].to_numpy()]
    return np.where((ch["kind"] == RelationKind.SUPPLIES.value).to_numpy() & (plan >= 0), plan, ch["col"].to_numpy())


def in_money_period(ch: pd.DataFrame, money: pd.DataFrame) -> np.ndarray:
    """Which channels carry money in the year the money view prices: a supply channel must hold
    at some time in the period of the budget it is paid from (its spender's capex plan, else its
    seller's fiscal year), so a deal that starts after the year, or ended before it, moves no
    money in it. Channels of other kinds, and those whose period is unknown, are kept.

    >>> day = lambda *d: np.array(d, dtype="datetime64[D]")
    >>> ch = pd.DataFrame({"row": [0, 0], "col": [1, 1], "kind": ["supplies"] * 2,
    ...                    "valid_from": day("0001-01-01", "2026-07-01"), "valid_to": day("9999-12-31", "9999-12-31")})
    >>> money = pd.DataFrame({"capex_usd": [np.nan] * 2, "company": [-1] * 2,
    ...                       "period_start": day("2025-01-01", "NaT"), "period_end": day("2025-12-31", "NaT")})
    >>> in_money_period(ch, money).tolist()  # the second deal starts after the seller's FY2025
    [True, False]
    """
    spender = spender_of(ch, money)
    plan = money["capex_usd"].notna().to_numpy()[spender]
    priced_by = np.where(plan, spender, ch["row"].to_numpy())
    start = money["period_start"].to_numpy("datetime64[D]")[priced_by]
    end = money["period_end"].to_numpy("datetime64[D]")[priced_by]
    holds = (ch["valid_from"].to_numpy("datetime64[D]") <= end) & (ch["valid_to"].to_numpy("datetime64[D]") >= start)
    unknown = np.isnat(start) | np.isnat(end)
    return ~ch["kind"].isin(SUPPLY_KINDS).to_numpy() | unknown | holds


def current_shares(ch: pd.DataFrame, money: pd.DataFrame) -> pd.DataFrame:
    """``ch`` without the revenue shares too old to price the seller's year: a share describes the
    year it was reported for, and one whose period ended more than STALE_YEARS before the seller's
    priced fiscal year began says little of it (ASML's largest customer took 39.7 % of its 2019
    sales; applied to its 2025 revenue that made USD 14.7bn). Such a pair falls back to the prior;
    shares without a period, and sellers without a fiscal year, keep theirs.

    >>> day = lambda *d: np.array(d, dtype="datetime64[D]")
    >>> ch = pd.DataFrame({"row": [0, 0], "revenue_share": [0.4, 0.2],
    ...                    "revenue_to": day("2019-12-31", "2024-12-31")})
    >>> money = pd.DataFrame({"period_start": day("2025-01-01")})
    >>> current_shares(ch, money)["revenue_share"].tolist()
    [nan, 0.2]
    """
    begins = money["period_start"].to_numpy("datetime64[D]")[ch["row"].to_numpy()]
    oldest = (begins.astype("datetime64[Y]") - np.timedelta64(STALE_YEARS, "Y")).astype("datetime64[D]")
    stale = ~np.isnat(begins) & (ch["revenue_to"].to_numpy("datetime64[D]") < oldest)
    return ch.assign(revenue_share=np.where(stale, np.nan, ch["revenue_share"].to_numpy()))


def budgets(money: pd.DataFrame) -> np.ndarray:
    """What each spender's flows are a share of (USD a year): a capex plan its amount, a company its
    revenue (what passes through it)."""
    return money["capex_usd"].fillna(money["revenue_usd"]).to_numpy()


def purchase_caps(money: pd.DataFrame) -> np.ndarray:
    """What each spender can pay its suppliers in a year (USD): a capex plan its amount, a company
    its cost of revenue where reported, else its revenue."""
    return money["capex_usd"].fillna(money["cost_usd"]).fillna(money["revenue_usd"]).to_numpy()


def balance_named(ch: pd.DataFrame, money: pd.DataFrame, seller_usd: np.ndarray, basis: np.ndarray,
                  spender: np.ndarray) -> tuple[np.ndarray, RasReport]:
    """Named-customer flows (USD; NaN where the seller's revenue is unknown) balanced by RAS with
    caps, reported and estimated cells fixed: no seller sells more than its revenue, no spender
    pays out more than it can (:func:`purchase_caps`)."""
    n = len(money)
    cell = np.flatnonzero(~np.isnan(seller_usd))
    rows, cols, value = ch["row"].to_numpy()[cell], spender[cell], seller_usd[cell]
    is_fixed = basis[cell] <= ESTIMATE
    prior = sp.csr_matrix((np.where(is_fixed, 0.0, value), (rows, cols)), shape=(n, n))
    fixed = sp.csr_matrix((np.where(is_fixed, value, 0.0), (rows, cols)), shape=(n, n))
    balanced, report = ras(prior, money["revenue_usd"].to_numpy(), purchase_caps(money), fixed=fixed, caps=True)
    before = np.asarray(prior[rows, cols]).ravel() if len(cell) else np.zeros(0)
    after = np.asarray(sp.csr_matrix(balanced)[rows, cols]).ravel() if len(cell) else np.zeros(0)
    ratio = np.divide(after, before, out=np.ones(len(cell)), where=before > 0)
    out = seller_usd.copy()
    out[cell] = np.where(is_fixed, value, value * ratio)  # cells sharing a (row, col) scale alike
    return out, report
