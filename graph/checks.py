"""Whole-dataset checks: references, endpoint types, vocabularies, share sums and spend cycles.

Each check returns problems instead of raising, so one run reports everything that is wrong.

Examples
--------
>>> from datetime import date
>>> from computechain.graph.dataset import Dataset, Origin
>>> from computechain.graph.schema import Relation, RelationKind
>>> ds = Dataset()
>>> ds.add(Relation(id="r1", kind=RelationKind.OWNS, source="company:acme",
...                 target="company:acme-sub", as_of=date(2024, 1, 1),
...                 sources=("source:x",)), Origin("rel.csv", 2))
>>> sorted(p.message for p in check_references(ds))
["unknown id 'company:acme'", "unknown id 'company:acme-sub'", "unknown id 'source:x'"]
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from computechain.errors import Problem
from computechain.graph.cycles import loop_text
from computechain.graph.dataset import Dataset
from computechain.graph.relation_table import OPEN_FROM, OPEN_TO, as_of_order, latest_known, valid_on
from computechain.graph.schema import (
    RELATION_SPECS,
    WEIGHT_WHOLE,
    Company,
    Endpoint,
    Entity,
    NodeType,
    Region,
    Relation,
    RelationKind,
    Source,
    WeightMeaning,
    node_type_of,
)
from computechain.graph.vocabulary import Vocabulary

SUM_TOLERANCE = 1e-9


def check_dataset(ds: Dataset, vocab: Vocabulary) -> list[Problem]:
    """Every problem of the dataset: those met while loading, then the whole-graph checks."""
    return [
        *ds.problems,
        *check_references(ds),
        *check_endpoints(ds),
        *check_vocabulary(ds, vocab),
        *check_share_sums(ds),
        *check_spend_cycles(ds),
    ]


def _suggest(ds: Dataset, wanted: str) -> str:
    close = difflib.get_close_matches(wanted, ds.entities.keys(), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _referenced(record: Entity | Relation) -> Iterator[tuple[str, str, NodeType]]:
    """(field, referenced id, expected type) for every reference a record holds."""
    for field_name, expected in record.references.items():
        value = getattr(record, field_name)
        for ref in value if isinstance(value, tuple) else (value,):
            if ref is not None:
                yield field_name, ref, expected


def _clean_relation(rel: Relation, ids_of: dict[NodeType, set[str]], every_id: set[str]) -> bool:
    """The common case, checked with set lookups only: every reference of ``rel`` resolves to
    the right type (a million relations must not pay for the detailed path)."""
    if rel.source not in every_id or rel.target not in every_id:
        return False
    for field_name, expected in rel.references.items():
        value = getattr(rel, field_name)
        refs = value if isinstance(value, tuple) else () if value is None else (value,)
        if not all(ref in ids_of[expected] for ref in refs):
            return False
    return True


def check_references(ds: Dataset) -> Iterator[Problem]:
    """Dangling ids, and ids that point to an entity of the wrong type."""
    ids_of: dict[NodeType, set[str]] = {t: set() for t in NodeType}
    for entity in ds.entities.values():
        ids_of[entity.node_type].add(entity.id)
    every_id = set(ds.entities)
    records: list[Entity | Relation] = [*ds.entities.values(), *(
        rel for rel in ds.relations.values() if not _clean_relation(rel, ids_of, every_id))]
    incomplete = {t.value: t for t in ds.incomplete}
    unchecked: Counter[NodeType] = Counter()
    first: dict[NodeType, str] = {}
    for record in records:
        origin = ds.origins[record.id]
        refs: list[tuple[str, str, NodeType | None]] = list(_referenced(record))
        if isinstance(record, Relation):
            refs += [("source", record.source, None), ("target", record.target, None)]
        for field_name, ref, expected in refs:
            if ref in ds.broken:
                continue
            target = ds.entities.get(ref)
            lost = incomplete.get(ref.split(":", 1)[0])
            if target is None and lost is not None:  # a consequence of the table's own problem
                unchecked[lost] += 1
                first.setdefault(lost, f"{ref!r} at {origin}")
            elif target is None:
                yield origin.problem(field_name, f"unknown id {ref!r}{_suggest(ds, ref)}")
            elif expected is not None and target.node_type is not expected:
                yield origin.problem(
                    field_name, f"{ref!r} is a {target.node_type.value}, not a {expected.value}"
                )
    for node_type, count in sorted(unchecked.items()):
        cause = ds.incomplete[node_type]
        yield Problem(cause.file, cause.line, cause.field,
                      f"{cause.message}, so {count} reference(s) to {node_type.value} ids cannot be checked "
                      f"(the first: {first[node_type]}); fix this first")


def check_endpoints(ds: Dataset) -> Iterator[Problem]:
    """Relations whose endpoint types their kind does not allow."""
    for rel in ds.relations.values():
        if rel.source == rel.target:
            yield ds.origins[rel.id].problem("target", f"a relation from {rel.source} to itself")
        spec = RELATION_SPECS[rel.kind]
        for field_name, ref, allowed in (
            ("source", rel.source, spec.sources),
            ("target", rel.target, spec.targets),
        ):
            prefix = ref.split(":", 1)[0]  # ids carry their type: cheaper than parsing 10^6 of them
            if prefix not in allowed:
                options = ", ".join(sorted(t.value for t in allowed))
                yield ds.origins[rel.id].problem(
                    field_name,
                    f"a {rel.kind.value} relation cannot have a {node_type_of(ref).value} as {field_name}"
                    f" (allowed: {options})",
                )


def _vocabulary_problems(entity: Entity, vocab: Vocabulary) -> Iterator[tuple[str, str]]:
    country = getattr(entity, "country", None) or getattr(entity, "jurisdiction", None)
    if country is not None and country not in vocab.countries:
        yield ("country" if hasattr(entity, "country") else "jurisdiction",
               f"unknown country code {country!r} (add it to lookups/countries.csv)")
    if isinstance(entity, Company):
        for listing in entity.listings:
            problem = vocab.ticker_problem(listing.exchange, listing.ticker)
            if problem:
                yield "listings", problem
        for role in entity.roles:
            if role not in vocab.roles:
                yield "roles", f"unknown role {role!r}; use one of {', '.join(sorted(vocab.roles))}"
    if isinstance(entity, Source) and entity.kind not in vocab.source_kinds:
        options = ", ".join(sorted(vocab.source_kinds))
        yield "kind", f"unknown source kind {entity.kind!r}; use one of {options}"
    if isinstance(entity, Region) and entity.region_kind not in vocab.region_kinds:
        options = ", ".join(sorted(vocab.region_kinds))
        yield "region_kind", f"unknown region kind {entity.region_kind!r}; use one of {options}"


def check_vocabulary(ds: Dataset, vocab: Vocabulary) -> Iterator[Problem]:
    """Categorical values that are not in the lookup tables."""
    for entity in ds.entities.values():
        for field_name, message in _vocabulary_problems(entity, vocab):
            yield ds.origins[entity.id].problem(field_name, message)


def _dated(records: list[tuple], columns: list[str], dates: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=columns)
    for column in dates:
        frame[column] = np.array(frame[column].astype(str), dtype="datetime64[D]")
    return frame


_WHOLE_IS_SOURCE = {meaning: whole is Endpoint.SOURCE for meaning, whole in WEIGHT_WHOLE.items()}


def _weight_rows(ds: Dataset) -> pd.DataFrame:
    """One row per weight of a whole whose figures add past 1 (only such a whole can ever sum
    past it): its relation, whole, meaning, node pair, dates and value."""
    records = [(rel, rel.source if _WHOLE_IS_SOURCE[w.meaning] else rel.target, w.meaning, w.value)
               for rel in ds.relations.values() if rel.weights for w in rel.weights]
    totals: dict[tuple[str, WeightMeaning], float] = {}
    for _, whole, meaning, value in records:
        totals[(whole, meaning)] = totals.get((whole, meaning), 0.0) + value
    chosen = [(rel.id, whole, meaning.value, rel.source, rel.target, rel.as_of, rel.valid_from or OPEN_FROM,
               rel.valid_to or OPEN_TO, value) for rel, whole, meaning, value in records
              if totals[(whole, meaning)] > 1 + SUM_TOLERANCE]
    return _dated(chosen, ["id", "whole", "meaning", "u", "v", "as_of", "valid_from", "valid_to", "value"],
                  ("as_of", "valid_from", "valid_to"))


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
    dated = dated[valid_on(dated, dated["day"].to_numpy())].sort_values(["group", "day", "position"], kind="stable")
    undated = rows.assign(day=np.datetime64("NaT", "D"))
    return pd.concat([latest_known(dated, "value", ("group", "day", "u", "v")),
                      latest_known(undated, "value", ("group", "u", "v"))], ignore_index=True)


def check_share_sums(ds: Dataset) -> Iterator[Problem]:
    """Shares of one whole (a supplier's revenue, a customer's spend, a segment's market ...)
    that add up past 100 %, on any date or without one, counting for each pair of nodes only its
    current figure: the rule the query view applies (a later figure supersedes an earlier one)."""
    rows = _weight_rows(ds)
    if rows.empty:
        return
    rows = _in_as_of_order(rows.assign(group=pd.factorize(rows["whole"] + "|" + rows["meaning"])[0]))
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
                      f"{worst['size']} relations")


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
    each must spend at least 1 in all (pruned until no link drops, a cheap pass before the graph)."""
    links = []
    for rel in ds.relations.values():
        if rel.kind is RelationKind.DEVELOPS:
            links.append((rel.id, rel.target, rel.source, rel.as_of, rel.valid_from or OPEN_FROM, 1.0))
        for weight in rel.weights:
            reverse = SPEND_CHANNELS.get((rel.kind, weight.meaning))
            if reverse is not None and weight.value:
                spender, supplier = (rel.target, rel.source) if reverse else (rel.source, rel.target)
                links.append((rel.id, spender, supplier, rel.as_of, rel.valid_from or OPEN_FROM, weight.value))
    while True:
        spent: Counter[str] = Counter()
        for link in links:
            spent[link[1]] += link[5]  # type: ignore[assignment]  # Counter of floats
        kept = [link for link in links if spent[link[1]] >= 1 - SUM_TOLERANCE and spent[link[2]] >= 1 - SUM_TOLERANCE]
        if len(kept) == len(links):
            return links
        links = kept


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
