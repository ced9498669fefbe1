"""What every MCP tool returns: the query's rows exactly as the CLI's ``--format json`` prints
them, the relations and sources they rest on, and the date rule that chose the relations.

Examples
--------
>>> import networkx as nx
>>> import pandas as pd
>>> G = nx.MultiDiGraph(sources={"source:r": {"name": "Annual report", "publisher": "Acme", "date": "2025"}})
>>> _ = G.add_edge("company:a", "company:b", key="r1", kind="supplies", as_of="2024-12-31", sources=["source:r"])
>>> frame = pd.DataFrame({"id": ["company:a", "company:b"], "relations": ["r1", ""]})
>>> reply = answer(G, frame, limit=1, as_of=None, relations="relations")
>>> reply.rows, reply.total_rows, reply.truncated
([{'id': 'company:a'}], 2, True)
>>> [e["relation_id"] for e in reply.evidence], reply.sources[0]["title"]
(['r1'], 'Annual report')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from computechain.cli.output import json_records
from computechain.queries.explain import explain

MAX_ROWS = 500
SOURCE_FIELDS = ("name", "publisher", "date", "url")
NO_EVIDENCE = ("This query does not report the relations behind each row; call show_entity on a row's id for its "
               "relations and the sources they cite.")


class Answer(BaseModel):
    """One tool's answer."""

    model_config = ConfigDict(frozen=True)

    columns: list[str] = Field(description="The columns of rows, in order (the CLI's JSON columns).")
    rows: list[dict[str, Any]] = Field(description="The answer, one object per row; null where a value is unknown.")
    total_rows: int = Field(description="Rows the query found; more than len(rows) when truncated by limit.")
    truncated: bool = Field(description="True when rows were cut to limit: raise limit to see the rest.")
    as_of: str | None = Field(description="The date the relations were chosen for (YYYY-MM-DD), or null: no filter.")
    as_of_rule: str = Field(description="How relations were chosen by date for this answer.")
    evidence: list[dict[str, Any]] = Field(
        description="The relations the shown rows rest on: kind, ends, product, weights with basis, as_of and the "
                    "ids and titles of the sources that state them.")
    sources: list[dict[str, Any]] = Field(description="Every source cited by the evidence: id, title, publisher, "
                                                      "date, url. Cite these when you use the numbers.")
    evidence_note: str | None = Field(default=None, description="Why evidence is empty, when it is.")
    entity: dict[str, Any] | None = Field(default=None, description="The entity's own attributes (show_entity).")


def date_rule(as_of: date | None, *, dated: bool = True) -> str:
    """The sentence that says how an answer's relations were chosen by date.

    >>> date_rule(date(2025, 6, 30))
    'relations valid on 2025-06-30 (valid_from <= 2025-06-30 <= valid_to) and asserted on or before it'
    """
    if not dated:
        return "not filtered by date: every relation of the entity, each with its own as_of"
    if as_of is None:
        return ("no date filter: every relation in the graph whatever its validity dates (market shares: each "
                "company's latest); pass as_of to see the chain on one day")
    day = as_of.isoformat()
    return f"relations valid on {day} (valid_from <= {day} <= valid_to) and asserted on or before it"


def cited_sources(G: nx.MultiDiGraph, source_ids: Iterable[str]) -> list[dict[str, Any]]:
    """id, title, publisher, date and url of each cited source, sorted by id (as on the entity card)."""
    known = G.graph["sources"]
    table = pd.DataFrame([{"id": sid, **{k: known.get(sid, {}).get(k) for k in SOURCE_FIELDS}}
                          for sid in sorted(set(source_ids))], columns=["id", *SOURCE_FIELDS])
    return json_records(table.rename(columns={"name": "title"}))


def answer(G: nx.MultiDiGraph, frame: pd.DataFrame, *, limit: int, as_of: date | None, relations: str | None,
           dated: bool = True, entity: dict[str, Any] | None = None) -> Answer:
    """The first ``limit`` rows of ``frame`` (without its ``relations`` column, as the CLI prints
    it), with the evidence of the relation ids in column ``relations`` (``;``-joined; None when the
    query reports none)."""
    shown = frame.head(limit)
    evidence = pd.DataFrame()
    if relations is not None:
        evidence = explain(G, relation_ids=[r for cell in shown[relations] for r in str(cell).split(";") if r])
    cited = [s for cell in evidence.get("sources", []) for s in cell.split(";") if s]
    rows = shown.drop(columns=["relations"], errors="ignore")
    return Answer(
        columns=list(rows.columns), rows=json_records(rows), total_rows=len(frame), truncated=len(frame) > limit,
        as_of=as_of.isoformat() if as_of else None, as_of_rule=date_rule(as_of, dated=dated),
        evidence=json_records(evidence), sources=cited_sources(G, [*cited, *(entity or {}).get("sources", [])]),
        evidence_note=None if relations is not None else NO_EVIDENCE, entity=entity,
    )
