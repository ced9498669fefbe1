"""The MCP tools: one per public query, on one graph loaded once, read-only.

Each tool takes typed, range-checked arguments, runs the query of :mod:`computechain.api`
and returns an :class:`~computechain.mcp.answers.Answer`. Its docstring is the description
the model reads to choose it. A computechain error (unknown name, bad spec, non-converging
model) becomes a :class:`ToolError` whose message says what to do next; the server keeps
serving.

Examples
--------
A lab spends 80 % with a cloud (reported by an annual report); the cloud's only supplier is a
chip maker:

>>> import networkx as nx
>>> G = nx.MultiDiGraph(sources={"source:ar": {"name": "Annual report", "publisher": "Acme Lab", "date": "2025"}})
>>> for n in ("lab", "cloud", "chip"):
...     G.add_node(f"company:acme-{n}", type="company", name=f"Acme {n.title()}")
>>> _ = G.add_edge("company:acme-cloud", "company:acme-lab", key="c", kind="provides_compute", as_of="2024-01-01",
...                sources=["source:ar"], share_of_customer_spend=0.8, share_of_customer_spend_basis="reported")
>>> _ = G.add_edge("company:acme-chip", "company:acme-cloud", key="s", kind="supplies", as_of="2024-01-01",
...                sources=[])
>>> reply = GraphTools(G).trace(source="Acme Lab", limit=1)
>>> reply.rows[0]["id"], reply.rows[0]["share"], reply.truncated
('company:acme-chip', 0.8, True)
>>> [e["relation_id"] for e in reply.evidence], [s["title"] for s in reply.sources]
(['c', 's'], ['Annual report'])
>>> GraphTools(G).trace(source="Acme Lav")
Traceback (most recent call last):
...
mcp.server.mcpserver.exceptions.ToolError: No entity matches 'Acme Lav'. Did you mean: company:acme-lab (Acme Lab)? \
Call find_entity to search by name, alias, Chinese name or ticker.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Concatenate, ParamSpec

import networkx as nx
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

import computechain.api as cc
from computechain.errors import ComputechainError, UnknownEntityError
from computechain.mcp.answers import MAX_ROWS, Answer, answer
from computechain.queries.engine.view import FillRule
from computechain.queries.exposure import Against, DemandGroup

MAX_SAMPLES = 1_000  # one 1,000-draw Monte Carlo takes <= 10 s on the million-relation benchmark graph
MAX_TIERS = 10
MAX_SPECS = 20

AsOf = Annotated[date | None, Field(
    description="Use only the relations valid on this day (YYYY-MM-DD). Omit to use every relation, whatever its "
                "dates.")]
Fill = Annotated[FillRule, Field(
    description="Missing-weight rule for relations whose share is not public: 'market-share' (default) splits a "
                "spender's unallocated spend by suppliers' market shares, 'equal' equally, 'none' not at all "
                "(answer rests on reported and estimated weights only).")]
Limit = Annotated[int, Field(ge=1, le=MAX_ROWS, description=f"Return at most this many rows (1-{MAX_ROWS}).")]
Name = Annotated[str, Field(min_length=1, description="A name, alias, Chinese name, ticker or id (e.g. 'NVIDIA', "
                                                      "'中际旭创', '300308', 'company:tsmc').")]
Samples = Annotated[int, Field(ge=0, le=MAX_SAMPLES, description=(
    f"Monte Carlo draws over the low/high ranges of revenue shares (0-{MAX_SAMPLES}); > 0 fills p5/p50/p95."))]
Group = Annotated[DemandGroup, Field(description="Which demand sources count: hyperscalers, labs, capex (plans), "
                                                 "models, or all of them.")]
Text = Annotated[str, Field(min_length=1, description=(
    "Part of a name, alias, Chinese name, ticker or id, e.g. 'innolight', '旭创', '300308'."))]
Source = Annotated[str, Field(min_length=1, description=(
    "A demand source: an AI lab, hyperscaler, capex plan or model, e.g. 'OpenAI', 'capex:microsoft-fy2025'."))]
Policy = Annotated[str, Field(min_length=1, description="A policy by name or id, e.g. 'East Data West Computing'.")]
TiersUp = Annotated[int, Field(ge=1, le=MAX_TIERS, description=(
    f"How many tiers up the chain (1-{MAX_TIERS}): 1 = direct suppliers, 2 = also their suppliers, ..."))]
TiersDown = Annotated[int, Field(ge=1, le=MAX_TIERS, description=(
    f"How many tiers down the chain (1-{MAX_TIERS}): 1 = direct customers, 2 = also their customers, ..."))]
Exchanges = Annotated[list[str], Field(max_length=MAX_SPECS, description=(
    "Exchanges whose listed companies to rank, e.g. ['SSE', 'SZSE'] (Shanghai, Shenzhen), ['NASDAQ']."))]
Companies = Annotated[list[str], Field(max_length=MAX_SPECS, description="More companies to rank, by name or id.")]
Scale = Annotated[dict[str, Annotated[float, Field(ge=0, le=100)]], Field(max_length=MAX_SPECS, description=(
    "Demand sources to multiply, name -> factor (0-100), e.g. {'capex:microsoft-fy2025': 1.2}."))]
Remove = Annotated[list[str], Field(max_length=MAX_SPECS, description=(
    "What to take out: a company, 'company#segment' (one product of a company, e.g. "
    "'company:tsmc#segment:advanced-packaging'), a segment, a region, or 'country:CC' (every company of a country)."))]
Cut = Annotated[list[str], Field(max_length=MAX_SPECS, description=(
    "Trade cuts 'SELLER_COUNTRY->BUYER_COUNTRY#segment', e.g. 'US->CN#segment:ai-accelerators'."))]
Substitute = Annotated[bool, Field(description=(
    "Let customers that lose a supplier switch to the product segment's other participants."))]
AgainstRevenue = Annotated[Against, Field(description=(
    "'reported' (default): the share of the company's REPORTED revenue (the money view; what the graph does not "
    "explain is outside demand, and coverage says how much it explains); 'modelled': the share of the revenue "
    "the graph models."))]
Amount = Annotated[float | None, Field(gt=0, le=1e13, description=(
    "USD to trace from the source; omit to use the source's (or its company's) latest reported capex plan."))]
P = ParamSpec("P")


def _guarded(method: Callable[Concatenate[GraphTools, P], Answer]) -> Callable[Concatenate[GraphTools, P], Answer]:
    """Run one query at a time (the graph's caches are shared) and turn computechain errors into tool errors."""

    @functools.wraps(method)
    def run(self: GraphTools, *args: P.args, **kwargs: P.kwargs) -> Answer:
        with self.lock:
            try:
                return method(self, *args, **kwargs)
            except UnknownEntityError as exc:
                raise ToolError(self.unknown_name_message(exc)) from exc
            except ComputechainError as exc:
                raise ToolError(str(exc)) from exc

    return run


class GraphTools:
    """The tools over one graph ``G`` (never modified: every query copies before a what-if)."""

    names = ("find_entity", "show_entity", "suppliers", "customers", "trace", "exposure", "exposure_ranking",
             "chokepoints", "shock", "supply_losses", "policy_impact", "money_trace", "value_added", "audit")

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.lock = threading.Lock()

    def unknown_name_message(self, exc: UnknownEntityError) -> str:
        """'No entity matches ...' with each suggestion's id and name, and the tool to search with."""
        close = ", ".join(f"{s} ({self.G.nodes[s].get('name')})" for s in exc.suggestions)
        hint = f" Did you mean: {close}?" if close else ""
        return (f"No entity matches {exc.name!r}.{hint} Call find_entity to search by name, alias, Chinese name "
                "or ticker.")

    @_guarded
    def find_entity(self, text: Text, limit: Limit = 20) -> Answer:
        """Find entities (companies, segments, models, capex plans, policies, regions) whose name, alias,
        Chinese name, ticker or id contains the text; exact matches first. Use it first when unsure of a
        name, then pass a row's id to the other tools. Columns: id, type, name, name_zh, matched (the name
        that matched), exact."""
        return answer(self.G, cc.search(self.G, text=text, limit=limit), limit=limit, as_of=None, relations=None,
                      dated=False)

    @_guarded
    def show_entity(self, name: Name, limit: Limit = 200) -> Answer:
        """The entity card: its attributes (in entity: type, country, listings, roles, ...) and every relation
        in and out (rows: direction, kind, other, other_name, product, weights, basis, as_of, sources,
        relation_id), with the sources those relations cite."""
        node = cc.find_entity(self.G, name)
        attrs = json.loads(json.dumps({"id": node, **self.G.nodes[node]}, ensure_ascii=False, default=str))
        return answer(self.G, cc.relations_of(self.G, entity=node), limit=limit, as_of=None,
                      relations="relation_id", dated=False, entity=attrs)

    def _tiers(self, query: Callable[..., Any], company: str, tiers: int, as_of: date | None, limit: int) -> Answer:
        frame = query(self.G, entity=cc.find_entity(self.G, company), tiers=tiers, as_of=as_of)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations="relation_id")

    @_guarded
    def suppliers(self, company: Name, tiers: TiersUp = 1, as_of: AsOf = None, limit: Limit = 100) -> Answer:
        """Who supplies a company, tier by tier up the chain, along 'supplies' relations: one row per relation
        (tier, supplier, supplier_name, customer, customer_name, product, share_of_supplier_revenue,
        share_of_customer_spend, basis, as_of, relation_id). Use for "who are X's (tier-2) suppliers"."""
        return self._tiers(cc.suppliers, company, tiers, as_of, limit)

    @_guarded
    def customers(self, company: Name, tiers: TiersDown = 1, as_of: AsOf = None, limit: Limit = 100) -> Answer:
        """Who buys from a company, tier by tier down the chain, along 'supplies' relations: one row per
        relation, same columns as suppliers. Use for "who are X's customers"."""
        return self._tiers(cc.customers, company, tiers, as_of, limit)

    @_guarded
    def trace(self, source: Source, as_of: AsOf = None, fill: Fill = "market-share", limit: Limit = 30) -> Answer:
        """Where one unit of a demand source's spend lands upstream (Leontief inverse of the spend matrix): every
        company and segment reached, largest share first, with its tier, share, how much of the share rests on
        reported weights, estimates or the missing-weight rule (share_reported + share_estimate + share_filled =
        share), and the largest-product path. Use for "where does OpenAI's spend go", "who benefits from
        Microsoft's capex". Evidence lists the relations along the shown paths."""
        frame = cc.trace(self.G, source=source, as_of=as_of, fill=fill)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations="relations")

    @_guarded
    def exposure(self, company: Name, to: Group = "all", as_of: AsOf = None, fill: Fill = "market-share",
                 samples: Samples = 0, mc_seed: int = 0, against: AgainstRevenue = "reported",
                 limit: Limit = 50) -> Answer:
        """The share of ONE company's revenue (by default its reported revenue) that traces back to each demand
        source of a group, over all paths (revenue matrix), with the reported / estimate / filled / prior split,
        coverage (share of its reported revenue the graph explains), the main path, and with samples > 0 a
        p5/p50/p95 range. Use for "how exposed is X to hyperscaler demand". For a ranking of many listed
        companies use exposure_ranking."""
        frame = cc.exposure(self.G, company=company, to=to, as_of=as_of, fill=fill, samples=samples, seed=mc_seed,
                            against=against)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations="relations")

    @_guarded
    def exposure_ranking(self, listed: Exchanges = [], companies: Companies = [],  # noqa: B006  (pydantic copies defaults)
                         to: Group = "hyperscalers", as_of: AsOf = None, fill: Fill = "market-share",
                         samples: Samples = 0, mc_seed: int = 0, against: AgainstRevenue = "reported",
                         limit: Limit = 50) -> Answer:
        """Rank companies (those listed on the given exchanges, plus named ones) by the share of their revenue
        (by default reported revenue) that traces back to a demand group (each path counted once); largest
        first. Columns: company, name, listings, exposure, exposure_reported, exposure_estimate,
        exposure_filled, exposure_prior, p5, p50, p95, revenue_usd, coverage. Use for "which A-share
        companies are most exposed to hyperscaler capex"."""
        frame = cc.exposure_ranking(self.G, listed=listed, companies=companies, to=to, as_of=as_of, fill=fill,
                                    samples=samples, seed=mc_seed, against=against)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations=None)

    @_guarded
    def chokepoints(self, as_of: AsOf = None, fill: Fill = "market-share", limit: Limit = 50) -> Answer:
        """Where the chain hangs on few suppliers, per segment: supplier count, share_known (sum of known market
        shares), HHI (0-10,000) of the known shares, leader and leader_share, single_source_customers (customers
        buying that product from one supplier) and network influence (Acemoglu et al. 2012). Highest HHI first."""
        return answer(self.G, cc.chokepoints(self.G, as_of=as_of, fill=fill), limit=limit, as_of=as_of,
                      relations=None)

    @_guarded
    def shock(self, scale: Scale = {}, remove: Remove = [], cut: Cut = [],  # noqa: B006  (pydantic copies defaults)
              substitute: Substitute = True, as_of: AsOf = None, fill: Fill = "market-share", limit: Limit = 30
              ) -> Answer:
        """What-if: scale demand, remove suppliers or cut trade, and see the change in every company's and
        segment's output under one unit of final demand at every demand source (base, shocked, change,
        change_pct), largest absolute change first. For who loses supply under the same removals and cuts, call
        supply_losses."""
        frame = cc.shock(self.G, scale=scale, remove=remove, cut=cut, substitute=substitute, as_of=as_of, fill=fill)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations=None)

    @_guarded
    def supply_losses(self, remove: Remove = [], cut: Cut = [],  # noqa: B006  (pydantic copies defaults)
                      substitute: Substitute = True, as_of: AsOf = None, limit: Limit = 100) -> Answer:
        """Who loses supply when suppliers are removed or trade is cut: per (customer, product) the lost
        suppliers, lost_share of the customer's spend, remaining suppliers, substitutes and status (reduced:
        another named supplier remains; substitutable: only other segment participants; lost: nobody)."""
        frame = cc.supply_losses(self.G, remove=remove, cut=cut, substitute=substitute, as_of=as_of)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations=None)

    @_guarded
    def policy_impact(self, policy: Policy, as_of: AsOf = None, fill: Fill = "market-share", limit: Limit = 100
                      ) -> Answer:
        """What a policy supports or restricts: its direct targets, what is located in a target region, the
        suppliers its effect reaches upstream through the chain (share of one unit of demand at each target),
        and for restrictions the direct customers that lose supply. Columns: id, name, type, effect, channel,
        share."""
        return answer(self.G, cc.policy_impact(self.G, policy=policy, as_of=as_of, fill=fill), limit=limit,
                      as_of=as_of, relations=None)

    @_guarded
    def money_trace(self, source: Source, amount: Amount = None, as_of: AsOf = None, limit: Limit = 30) -> Answer:
        """Where a demand source's money goes, in US dollars: from a capex plan (its amount), a company (its
        latest reported capex plan) or any source with an amount. Rows: id, name, type, tier, usd (gross receipts
        of each node), share (of the amount), revenue_usd (its latest reported revenue), share_of_revenue, path.
        Use for "how many dollars of Microsoft's capex reach Nvidia"."""
        frame = cc.money_trace(self.G, source=source, amount=amount, as_of=as_of, top=limit)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations=None)

    @_guarded
    def value_added(self, source: Source, amount: Amount = None, as_of: AsOf = None, limit: Limit = 30) -> Answer:
        """Who keeps a dollar of a source's demand: each node's value added (what it receives less what it buys
        inside the graph), in USD; the parts sum to the amount. Rows: id, name, type, usd, share."""
        frame = cc.value_added(self.G, source=source, amount=amount, as_of=as_of)
        return answer(self.G, frame, limit=limit, as_of=as_of, relations=None)

    @_guarded
    def audit(self, as_of: AsOf = None, limit: Limit = 200) -> Answer:
        """What does not add up in the money view, and where the graph explains little: rows (check, id, name,
        value, limit, detail) for inflows above reported revenue, spend above budget, a market receiving more
        than its size, listed companies without financials, segments without a market size, and each sized
        segment's coverage. Use before trusting a USD answer."""
        return answer(self.G, cc.audit(self.G, as_of=as_of), limit=limit, as_of=as_of, relations=None)
