"""Checks on a dataset's weights, by the rule the query view uses for which figure is current
(:func:`computechain.graph.relation_table.latest_known`): shares of one whole that add past 100 %
on some date (or without one), and cycles whose weights keep all of their spend inside.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import Basis, Relation, RelationKind, Weight, WeightMeaning
>>> ds = Dataset()
>>> for line, (buyer, day) in enumerate([("company:b", 30), ("company:c", 31)], start=2):
...     ds.add(Relation(id=buyer, kind=RelationKind.SUPPLIES, source="company:a", target=buyer,
...                     as_of=date(2024, 12, day), sources=("source:x",),
...                     weights=(Weight(meaning=WeightMeaning.SHARE_OF_SUPPLIER_REVENUE, value=0.6,
...                                     basis=Basis.REPORTED),)), Origin("rel.csv", line))
>>> [p.message for p in check_share_sums(ds)]
['share_of_supplier_revenue of company:a as of 2024-12-31 sums to 1.2 > 1 over 2 relations']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import attrgetter, itemgetter

import networkx as nx
import numpy as np
import pandas as pd

from computechain.bulk import group_sum, per_distinct
from computechain.errors import Problem
from computechain.graph.cycles import loop_text
from computechain.graph.dataset import Dataset
from computechain.graph.relation_table import OPEN_FROM, OPEN_TO, as_of_order, latest_known, valid_on
from computechain.graph.schema import WEIGHT_WHOLE, Endpoint, Relation, RelationKind, WeightMeaning

SUM_TOLERANCE = 1e-9


def _dated(records: list[tuple], columns: list[str], dates: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=columns)
    for column in dates:
        frame[column] = np.array(frame[column].astype(str), dtype="datetime64[D]")
    return frame


_WHOLE_IS_SOURCE = {meaning: whole is Endpoint.SOURCE for meaning, whole in WEIGHT_WHOLE.items()}


def _weighted(ds: Dataset) -> list[Relation]:
    """The relations of ``ds`` that carry a weight, in order."""
    fields = ds.relation_fields()
    return [fields.record(i) for i in fields.weighted]


def _flat_weights(ds: Dataset) -> tuple[np.ndarray, list[WeightMeaning], np.ndarray]:
    """Every weight of ``ds`` in order, as its relation's position, its meaning and its value."""
    fields = ds.relation_fields()
    pairs = [(i, w) for i in fields.weighted for w in fields["weights"][i]]
    weights = list(map(itemgetter(1), pairs))
    return (np.fromiter(map(itemgetter(0), pairs), dtype=np.int64, count=len(pairs)),
            list(map(attrgetter("meaning"), weights)),
            np.fromiter(map(attrgetter("value"), weights), dtype=float, count=len(pairs)))


def _weight_rows(ds: Dataset) -> pd.DataFrame:
    """One row per weight of a whole whose figures add past 1 (only such a whole can ever sum
    past it): its relation, whole, meaning, node pair, dates and value. The totals are summed
    with integer codes over every weight; only the rows of wholes past 1 are then read."""
    fields = ds.relation_fields()
    positions, meanings, values = _flat_weights(ds)
    whole_is_source = np.fromiter(map(_WHOLE_IS_SOURCE.__getitem__, meanings), dtype=bool, count=len(positions))
    wholes = np.where(whole_is_source, np.array(fields["source"], dtype=object)[positions],
                      np.array(fields["target"], dtype=object)[positions])
    datasets = np.array(fields["dataset"], dtype=object)[positions]
    totals = group_sum(values, wholes, np.array(meanings, dtype=object), datasets)
    over = totals > 1 + SUM_TOLERANCE
    chosen = [(rel.id, whole, meaning.value, rel.dataset, rel.source, rel.target, rel.as_of,
               rel.valid_from or OPEN_FROM, rel.valid_to or OPEN_TO, value)
              for rel, whole, meaning, value in ((fields.record(positions[k]), wholes[k], meanings[k], values[k])
                                                 for k in np.flatnonzero(over).tolist())]
    return _dated(chosen, ["id", "whole", "meaning", "dataset", "u", "v", "as_of", "valid_from", "valid_to",
                           "value"], ("as_of", "valid_from", "valid_to"))


def _in_as_of_order(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` in the relation table's as-of order (the order in which later figures win)."""
    codes = pd.factorize(pd.concat([rows["u"], rows["v"]], ignore_index=True))[0]
    columns = {"u": codes[:len(rows)], "v": codes[len(rows):], "as_of": rows["as_of"].to_numpy(),
               "valid_from": rows["valid_from"].to_numpy()}
    return rows.iloc[as_of_order(columns, rows["id"].to_numpy(dtype=object))].reset_index(drop=True)


def _states(rows: pd.DataFrame) -> pd.DataFrame:
    """The figures in force in each group (whole, meaning) on each day its figures change (as
    asserted, starting, or ending), and with ``day`` NaT the latest figure of each pair (the view
    without a date): the rows :func:`latest_known` keeps, per group and day."""
    ends = rows[rows["valid_to"] < np.datetime64(OPEN_TO)]
    days = pd.concat([rows[["group", "as_of"]].rename(columns={"as_of": "day"}),
                      rows.loc[rows["valid_from"] > np.datetime64(OPEN_FROM), ["group", "valid_from"]]
                      .rename(columns={"valid_from": "day"}),
                      ends[["group"]].assign(day=ends["valid_to"] + np.timedelta64(1, "D"))]).drop_duplicates()
    dated = rows.assign(position=np.arange(len(rows))).merge(days, on="group")
    # the data's own period rule, not the view's carry-forward (why: relation_table.valid_on)
    dated = dated[valid_on(dated, dated["day"].to_numpy())].sort_values(["group", "day", "position"], kind="stable")
    undated = rows.assign(day=np.datetime64("NaT", "D"))
    return pd.concat([latest_known(dated, "value", ("group", "day", "u", "v")),
                      latest_known(undated, "value", ("group", "u", "v"))], ignore_index=True)


def check_share_sums(ds: Dataset) -> Iterator[Problem]:
    """Shares of one whole (a supplier's revenue, a customer's spend, a segment's market ...) in
    one dataset that add up past 100 %, on any date or without one, counting for each pair of nodes only its
    current figure: the rule the query view applies (a later figure supersedes an earlier one)."""
    rows = _weight_rows(ds)
    if rows.empty:
        return
    # one dataset's shares of a whole: two datasets' figures for one market are two estimates, not parts
    rows = _in_as_of_order(rows.assign(group=pd.factorize(rows["whole"] + "|" + rows["meaning"] + "|"
                                                          + rows["dataset"])[0]))
    states = _states(rows)
    sums = states.groupby(["group", "day"], dropna=False)["value"].agg(["sum", "size"]).reset_index()
    over = sums[sums["sum"] > 1 + SUM_TOLERANCE].sort_values(["group", "day"], na_position="last")
    for _, worst in over.drop_duplicates("group").iterrows():  # the first day it happens, else undated
        chosen = states[(states["group"] == worst["group"]) & (states["day"].isna() if pd.isna(worst["day"])
                                                               else states["day"] == worst["day"])]
        first = chosen.iloc[0]
        when = ("taking the latest figure of each pair (as queries without --as-of do)" if pd.isna(worst["day"])
                else f"as of {pd.Timestamp(worst['day']).date().isoformat()}")
        last = max(chosen["id"], key=lambda rid: (ds.origins[rid].file, ds.origins[rid].line))
        yield ds.origins[last].problem(
            "weight", f"{first['meaning']} of {first['whole']} {when} sums to {worst['sum']:.4g} > 1 over "
                      f"{worst['size']} relations" + ("" if first["dataset"] == "seed" else f" of {first['dataset']}"))


# The spend channels of the query view with a known weight: (kind, weight meaning) -> whether the
# spender is the relation's target (goods flow source -> target, spend the other way). A model
# spends all of its demand on its developer (a structural 1).
SPEND_CHANNELS: dict[tuple[RelationKind, WeightMeaning], bool] = {
    (RelationKind.SUPPLIES, WeightMeaning.SHARE_OF_CUSTOMER_SPEND): True,
    (RelationKind.PROVIDES_COMPUTE, WeightMeaning.SHARE_OF_CUSTOMER_SPEND): True,
    (RelationKind.PARTICIPATES_IN, WeightMeaning.MARKET_SHARE): True,
    (RelationKind.ALLOCATES_CAPEX, WeightMeaning.CAPEX_ALLOCATION_SHARE): False,
}


def _spend_links(ds: Dataset) -> list[tuple[str, str, str, date, date | str, float]]:
    """(relation, spender, supplier, as_of, valid_from, weight) of every spend channel with a
    known weight whose spender and supplier could both be in a cycle that keeps all its spend:
    each must spend at least 1 in all (pruned until no link drops, a cheap pass on arrays before
    the graph; a model's developer link spends 1)."""
    fields = ds.relation_fields()
    kinds = np.array(fields["kind"], dtype=object)
    develops = np.flatnonzero(kinds == RelationKind.DEVELOPS)
    positions, meanings, values = _flat_weights(ds)
    channel = _channels(kinds[positions], np.array(meanings, dtype=object))  # -1: none, 1: the target spends
    spends = (channel >= 0) & (values != 0)
    link_positions = np.concatenate([develops, positions[spends]])
    weight = np.concatenate([np.ones(len(develops)), values[spends]])
    reverse = np.concatenate([np.ones(len(develops), dtype=bool), channel[spends] == 1])
    sources, targets = (np.array(fields[end], dtype=object)[link_positions] for end in ("source", "target"))
    spender, supplier = np.where(reverse, targets, sources), np.where(reverse, sources, targets)
    codes, nodes = pd.factorize(np.concatenate([spender, supplier]))
    spender_code, supplier_code = codes[:len(spender)], codes[len(spender):]
    kept = np.ones(len(weight), dtype=bool)
    while True:
        spent = np.bincount(spender_code[kept], weights=weight[kept], minlength=len(nodes)) >= 1 - SUM_TOLERANCE
        still = kept & spent[spender_code] & spent[supplier_code]
        if (still == kept).all():
            break
        kept = still
    return [(rel.id, spender[k], supplier[k], rel.as_of, rel.valid_from or OPEN_FROM, float(weight[k]))
            for k in np.flatnonzero(kept).tolist() for rel in (fields.record(link_positions[k]),)]


def _channels(kinds: np.ndarray, meanings: np.ndarray) -> np.ndarray:
    """Per (kind, meaning), its spend channel (:data:`SPEND_CHANNELS`): 1 when the target spends,
    0 when the source does, -1 when it is none; looked up once per distinct pair."""
    def channel(kind: RelationKind, meaning: WeightMeaning) -> int:
        reverse = SPEND_CHANNELS.get((kind, meaning))
        return -1 if reverse is None else int(reverse)

    return per_distinct(channel, kinds, meanings).astype(np.int64)


def _known_spend(ds: Dataset) -> pd.DataFrame:
    """Spender -> supplier links with a known spend weight, the latest figure of each pair."""
    rows = _dated(_spend_links(ds), ["id", "u", "v", "as_of", "valid_from", "value"], ("as_of", "valid_from"))
    return latest_known(_in_as_of_order(rows), "value") if len(rows) else rows


def check_spend_cycles(ds: Dataset) -> Iterator[Problem]:
    """Cycles whose members pass on all of their spend by known weights (demand propagation would
    never decay: a strongly connected group in which every member's known spend stays inside)."""
    links = _known_spend(ds)
    G = nx.DiGraph()
    G.add_weighted_edges_from(zip(links["u"], links["v"], links["value"], strict=True), weight="share")
    ids = dict(zip(zip(links["u"], links["v"], strict=True), links["id"], strict=True))
    for component in sorted(nx.strongly_connected_components(G), key=min):
        if len(component) < 2:
            continue
        inner = G.subgraph(component)
        kept = [sum(share for _, _, share in inner.out_edges(node, data="share")) for node in component]
        if min(kept) >= 1 - SUM_TOLERANCE:
            edges = nx.find_cycle(inner)
            loop = loop_text([u for u, _ in edges])
            yield ds.origins[ids[min(edges)]].problem(
                "weight", f"the cycle {loop} passes on all of its spend by its weights, so demand propagation "
                          "does not converge; lower a weight along it")
