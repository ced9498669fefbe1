"""Capex into markets: how the part of a capex plan its named suppliers do not explain reaches the
participants of the segments it is allocated to.

1. Allocation: ``capex_allocation_share * amount`` per segment; unweighted allocations share what
   is left in proportion to the segments' market sizes (*prior*; equally when one is unknown).
2. Self-build: capex buys assets, so an allocation to a segment whose cost the graph breaks down
   (its inputs carry cost shares: data centres) or that feeds a segment the plan's company sells in
   (data centres for a cloud) buys the allocated segment's inputs instead (those the plan does not
   allocate to itself): by their cost shares where the segment's inputs carry them (the rest,
   such as land, buildings and labour, stays with the plan), else by their market sizes. A
   data-centre operator's rent is its tenants' operating cost, not their capex.
3. Market caps: no segment receives more than its market size from all plans together (RAS with
   caps); a plan keeps what its markets cannot take (unallocated in the answers).
4. Participants: each segment's budget goes to its participants in proportion to their size (market
   share x market size, else their reported revenue in the segment, else their revenue over their
   number of markets), but not to those the plan's company names as its suppliers (their flow is
   the named customers' rule); to a participant outside the plan company's bloc (China / the rest
   of the world) only where the graph has it supply the segment's product to a buyer of the plan's
   bloc (:func:`crosses_blocs`); to the segment itself when it has no participants.
5. No participant receives more than its reported revenue leaves after its named customers, nor
   from one plan more than its disclosed largest-customer share (else the graph's median one:
   :class:`~computechain.queries.engine.money_inputs.Concentration`; never above a disclosed top-five
   share) of its revenue.

Examples
--------
>>> import numpy as np
>>> bloc(np.array(["CN", "US", "TW"])).tolist()
['CN', 'ROW', 'ROW']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from computechain.bulk import group_sum
from computechain.graph.schema import RelationKind
from computechain.queries.engine.money_inputs import PRIOR, SUPPLY_KINDS, Concentration
from computechain.queries.engine.ras import ras


def bloc(countries: np.ndarray) -> np.ndarray:
    """China's or the rest of the world's market."""
    return np.where(countries == "CN", "CN", "ROW")


def crosses_blocs(ch: pd.DataFrame, money: pd.DataFrame, product: np.ndarray, seller: np.ndarray,
                  buyer: np.ndarray) -> np.ndarray:
    """Whether ``seller`` (node codes) supplies ``product`` to some buyer of ``buyer``'s bloc in the
    graph: Foxconn Industrial Internet, in China, ships AI servers to American buyers in the graph;
    Inspur does not, so an American cloud's server budget does not reach Inspur.

    >>> ch = pd.DataFrame({"row": [0], "col": [1], "product": [3], "kind": ["supplies"]})
    >>> money = pd.DataFrame({"country": ["CN", "US", "CN", None]})
    >>> crosses_blocs(ch, money, np.array([3, 3]), np.array([0, 2]), np.array([1, 1])).tolist()
    [True, False]
    """
    in_china = bloc(money["country"].to_numpy()) == "CN"  # per node
    supply = ch["kind"].isin(SUPPLY_KINDS).to_numpy() & (ch["product"] >= 0).to_numpy()
    n = len(money)

    def route(products: np.ndarray, sellers: np.ndarray, buyers: np.ndarray) -> np.ndarray:
        return (np.asarray(products, dtype=np.int64) * n + sellers) * 2 + in_china[buyers]

    seen = route(*(ch[column].to_numpy()[supply] for column in ("product", "row", "col")))
    return np.isin(route(product, seller, buyer), seen)


def participant_sizes(ch: pd.DataFrame, money: pd.DataFrame,
                      segment_revenue: dict[tuple[int, int], float]) -> pd.DataFrame:
    """company, segment, size (USD) of every participant in its market (step 4), by the first known:
    market share x market size; its reported revenue in the segment; its revenue over its number of
    markets, and with a market size at most its part of what the known shares leave (split over the
    participants without a share in proportion to that revenue). An unknown size takes the median
    known size of the market (else 1, i.e. equal shares)."""
    part = ch[ch["kind"] == RelationKind.PARTICIPATES_IN.value][["row", "col", "spend_share"]].reset_index(drop=True)
    part = part.rename(columns={"row": "company", "col": "segment", "spend_share": "share"})
    segment = part["segment"].to_numpy()
    markets = group_sum(np.ones(len(part)), part["company"].to_numpy())
    market = money["market_usd"].to_numpy()[segment]
    size = part["share"].to_numpy() * market
    reported = np.array([segment_revenue.get((c, s), np.nan)
                         for c, s in zip(part["company"], segment, strict=True)], dtype=float)
    size = np.where(np.isnan(size), reported, size)
    by_revenue = money["revenue_usd"].to_numpy()[part["company"]] / markets
    unsized = np.isnan(size) & ~np.isnan(by_revenue)
    left = np.clip(1.0 - group_sum(part["share"].to_numpy(), segment), 0.0, 1.0)
    total = group_sum(np.where(unsized, by_revenue, 0.0), segment)
    residual = left * market * np.divide(by_revenue, total, out=np.zeros(len(part)), where=total > 0)
    size = np.where(unsized, np.fmin(by_revenue, residual), size)
    median = pd.Series(size).groupby(segment).transform("median").to_numpy()
    return part.assign(size=np.where(np.isnan(size), np.where(np.isnan(median), 1.0, median), size))


def _by_size(frame: pd.DataFrame, groups: list[str], size: np.ndarray) -> np.ndarray:
    """Each row's share of its group by ``size``; equal shares in a group where a size is unknown."""
    keys = [frame[g].to_numpy() for g in groups]
    unsized = group_sum(np.isnan(size), *keys) > 0
    size = np.where(unsized, 1.0, size)
    return size / group_sum(size, *keys)


def allocations(ch: pd.DataFrame, money: pd.DataFrame, left: np.ndarray) -> pd.DataFrame:
    """plan, segment, budget (USD): step 1 over what each plan's named suppliers leave (``left``,
    a share of the plan's amount)."""
    alloc = ((ch["kind"] == RelationKind.ALLOCATES_CAPEX.value).to_numpy()
             & money["capex_usd"].notna().to_numpy()[ch["col"]])
    frame = pd.DataFrame({"plan": ch["col"][alloc].to_numpy(), "segment": ch["row"][alloc].to_numpy(),
                          "share": ch["spend_share"][alloc].to_numpy()})
    known = frame["share"].notna().to_numpy()
    rest = np.clip(1.0 - group_sum(frame["share"].to_numpy(), frame["plan"].to_numpy()), 0, None)
    open_ = frame[~known]
    prior = rest[~known] * _by_size(open_, ["plan"], money["market_usd"].to_numpy()[open_["segment"]])
    share = frame["share"].to_numpy().copy()
    share[~known] = prior
    amount = money["capex_usd"].to_numpy()[frame["plan"]] * left[frame["plan"]]
    return frame.assign(budget=share * amount)[["plan", "segment", "budget"]]


def self_built(plans: pd.DataFrame, inputs: pd.DataFrame, parts: pd.DataFrame, money: pd.DataFrame) -> pd.DataFrame:
    """Step 2: allocations the plan's company builds for itself, replaced by the segment's inputs."""
    owner = money["company"].to_numpy()
    sells = set(zip(parts["company"], parts["segment"], strict=True))
    feeds = inputs.groupby("input")["target"].apply(set).to_dict()
    priced = set(inputs.loc[inputs["cost"].notna(), "target"])
    built = np.array([segment in priced or any((int(owner[plan]), q) in sells for q in feeds.get(segment, ()))
                      for plan, segment in zip(plans["plan"], plans["segment"], strict=True)], dtype=bool)
    if not built.any():
        return plans
    allocated = pd.Index(list(zip(plans["plan"], plans["segment"], strict=True)))
    bought = plans[built].merge(inputs.rename(columns={"target": "segment", "input": "part"}), on="segment")
    own = pd.Index(list(zip(bought["plan"], bought["part"], strict=True))).isin(allocated)
    share = _part_shares(bought, own, money["market_usd"].to_numpy())
    spent = bought[~own].assign(segment=bought["part"][~own], budget=bought["budget"][~own] * share[~own])
    return pd.concat([plans[~built], spent.drop(columns=["part", "cost", "cost_low", "cost_high"])], ignore_index=True)


def _part_shares(bought: pd.DataFrame, own: np.ndarray, market_usd: np.ndarray) -> np.ndarray:
    """Each input's share of a self-built allocation (rows: plan, segment, part, cost; ``own``: the
    plan allocates to the part itself). Where the segment's inputs carry cost shares, a part gets its
    cost share of what the plan's own allocations leave of the segment's cost,
    ``cost / (1 - sum of own parts' costs)``, and unpriced parts nothing: the rest (land, buildings,
    labour) is work no modelled supplier does, kept by the plan. Else the parts share by market size.

    >>> bought = pd.DataFrame({"plan": [0, 0, 0], "segment": [5, 5, 5], "part": [1, 2, 3],
    ...                        "cost": [0.4, 0.1, np.nan]})
    >>> _part_shares(bought, np.array([True, False, False]), np.ones(6)).round(4).tolist()
    [0.0, 0.1667, 0.0]
    """
    cost = bought["cost"].to_numpy(float)
    keys = (bought["plan"].to_numpy(), bought["segment"].to_numpy())
    priced = group_sum(~np.isnan(cost), *keys) > 0
    own_cost = group_sum(np.where(own, cost, 0.0), *keys)
    by_cost = np.where(own, 0.0, np.nan_to_num(cost)) / np.clip(1.0 - own_cost, 1e-12, None)
    rest = bought[~own]
    by_size = np.zeros(len(bought))
    by_size[~own] = _by_size(rest, ["plan", "segment"], market_usd[rest["part"].to_numpy()])
    return np.where(priced, by_cost, by_size)


def capped_by_market(plans: pd.DataFrame, money: pd.DataFrame) -> pd.DataFrame:
    """Step 3: budgets scaled down (RAS with caps) so that no market receives more than its size."""
    segments, seg_code = np.unique(plans["segment"].to_numpy(), return_inverse=True)
    plan_ids, plan_code = np.unique(plans["plan"].to_numpy(), return_inverse=True)
    grid = sp.csr_matrix((plans["budget"].to_numpy(), (seg_code, plan_code)), shape=(len(segments), len(plan_ids)))
    capped, _ = ras(grid, money["market_usd"].to_numpy()[segments], np.full(len(plan_ids), np.nan), caps=True)
    before = np.asarray(grid.sum(axis=1)).ravel()
    scale = np.divide(np.asarray(capped.sum(axis=1)).ravel(), before, out=np.ones(len(segments)), where=before > 0)
    return plans.assign(budget=plans["budget"].to_numpy() * scale[seg_code])


def market_entries(ch: pd.DataFrame, money: pd.DataFrame, parts: pd.DataFrame, inputs: pd.DataFrame,
                   left: np.ndarray, named_usd: np.ndarray, typical: Concentration) -> tuple[pd.DataFrame, np.ndarray]:
    """Steps 1-5: entries (row: participant or segment, col: plan, value: share of the plan's amount,
    product: the segment, basis: prior) of the money spend matrix, and each node's demand from the
    plans before the market caps (USD; 0 but for segments: what a Monte Carlo draw caps again)."""
    wanted = self_built(allocations(ch, money, left), inputs, parts, money)
    demand = np.bincount(wanted["segment"].to_numpy(np.int64), weights=wanted["budget"].to_numpy(),
                         minlength=len(money))
    plans = capped_by_market(wanted, money)
    countries, owner = money["country"].to_numpy(), money["company"].to_numpy()
    plans = plans[plans["budget"] > 0]
    plans = plans.assign(bloc=bloc(countries[owner[plans["plan"]]]))
    both = plans.merge(parts.assign(participant_bloc=bloc(countries[parts["company"]])), on="segment", how="left")
    company = both["company"].fillna(-1).to_numpy(np.int64)
    open_route = (company >= 0) & crosses_blocs(ch, money, both["segment"].to_numpy(), company,
                                                owner[both["plan"].to_numpy()])  # -1: the segment itself
    preferred = _preferred(both, open_route | (both["bloc"] == both["participant_bloc"]).to_numpy())
    supply = ch["kind"].isin(SUPPLY_KINDS).to_numpy()
    n = len(money)
    # the named customers' rule
    named = ch["col"].to_numpy(np.int64)[supply] * n + ch["row"].to_numpy()[supply]
    pairs = owner[both["plan"].to_numpy()].astype(np.int64) * n + company
    both = both[preferred & ~pd.Index(pairs).isin(named)].reset_index(drop=True)
    to_market = both["company"].isna().to_numpy()
    share = np.where(to_market, 1.0, _by_size(both, ["plan", "segment"], both["size"].to_numpy()))
    amount = money["capex_usd"].to_numpy()[both["plan"]]
    entries = pd.DataFrame({"row": np.where(to_market, both["segment"], both["company"].fillna(-1)).astype(np.int64),
                            "col": both["plan"].to_numpy(), "value": both["budget"].to_numpy() * share / amount,
                            "product": both["segment"].to_numpy(), "basis": PRIOR}, copy=False)
    return within_revenue(entries, money, named_usd, typical), demand


def _preferred(both: pd.DataFrame, chosen: np.ndarray) -> np.ndarray:
    """Which candidates to keep: within each (plan, segment), only the ``chosen`` ones when there
    are any."""
    keys = [both["plan"].to_numpy(), both["segment"].to_numpy()]
    has_any = group_sum(chosen, *keys) > 0
    return chosen | ~has_any


def within_revenue(entries: pd.DataFrame, money: pd.DataFrame, named_usd: np.ndarray,
                   typical: Concentration) -> pd.DataFrame:
    """Step 5: entries scaled down where a participant would receive more than its reported revenue
    leaves after its named customers, or more from one plan than one customer can be: its disclosed
    largest-customer share, else the graph's typical one (``typical.largest``), never above a
    disclosed top-five share or the share under which its filing leaves customers unnamed."""
    usd = entries["value"].to_numpy() * money["capex_usd"].to_numpy()[entries["col"]]
    rows = entries["row"].to_numpy()
    concentration = np.fmin(typical.one_customer(money),
                            pd.to_numeric(money["top5_customers_share"], errors="coerce").to_numpy())
    one_buyer = (concentration * money["revenue_usd"].to_numpy())[rows]
    pair = group_sum(usd, rows, entries["col"].to_numpy())
    usd = usd * np.where(np.isnan(one_buyer), 1.0, np.minimum(1.0, np.divide(one_buyer, pair, out=np.ones(len(usd)),
                                                                             where=pair > 0)))
    entries = entries.assign(value=usd / money["capex_usd"].to_numpy()[entries["col"]])
    received = np.bincount(rows, weights=usd, minlength=len(money))
    room = np.clip(money["revenue_usd"].to_numpy() - named_usd, 0.0, None)
    scale = np.where(np.isnan(room), 1.0,
                     np.minimum(1.0, np.divide(room, received, out=np.ones(len(money)), where=received > 0)))
    return entries.assign(value=entries["value"].to_numpy() * scale[rows])
