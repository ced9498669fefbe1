"""The Cypher query library: named, parameterised, documented ``queries/cypher/*.cypher``.

Each file holds one query after a header of ``//`` comment lines::

    // name: tier_suppliers
    // description: Tier-N suppliers of a company ...
    //   (a line indented by two or more spaces continues the field above)
    // mirrors: computechain.queries.tiers.suppliers
    // param entity: string — company id, e.g. 'company:tsmc'
    // param tiers: integer = 1 — how many tiers up the chain
    // columns: tier, supplier, ...

A parameter without ``= default`` is required; a default is JSON (``null``, ``1``, ``["SSE"]``).
:meth:`CypherQuery.bind` fills defaults and checks types, so a missing or misspelt parameter
fails here, naming the options, not deep inside the server.

Examples
--------
>>> query = load_query("tier_suppliers")
>>> query.columns[:3]
('tier', 'supplier', 'supplier_name')
>>> query.bind({"entity": "company:acme"})
{'entity': 'company:acme', 'tiers': 1, 'as_of': None}
>>> parse_value("2"), parse_value("company:acme"), parse_value('["SSE", "SZSE"]')
(2, 'company:acme', ['SSE', 'SZSE'])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from computechain.errors import QueryError

PARAM_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "float": (float, int), "boolean": (bool,), "list": (list,),
}
_HEADER = re.compile(r"^// (?P<key>name|description|mirrors|columns|param (?P<param>\w+)): (?P<value>.*)$")
_PARAM = re.compile(r"^(?P<type>\w+)(?: = (?P<default>.+?))? — (?P<description>.+)$")
_REQUIRED = object()


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: name, type (a key of :data:`PARAM_TYPES`), default, description."""

    name: str
    type: str
    description: str
    default: Any = _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED

    def check(self, value: Any) -> Any:
        """``value`` if it has this parameter's type (``None`` always passes: Cypher's null)."""
        kinds = PARAM_TYPES[self.type]
        if value is not None and (not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)):
            raise QueryError(f"parameter {self.name!r} must be a {self.type}, got {value!r}")
        return value


@dataclass(frozen=True)
class CypherQuery:
    """A library query: its header fields and its Cypher text."""

    name: str
    description: str
    mirrors: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str

    def bind(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The full parameter map: ``params`` checked, defaults filled in."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                             f"its parameters: {', '.join(known) or 'none'}")
        bound = {}
        for p in self.parameters:
            if p.name not in params and p.required:
                raise QueryError(f"query {self.name!r} needs parameter {p.name!r} ({p.type}: {p.description})")
            bound[p.name] = p.check(params.get(p.name, p.default))
        return bound


def parse_value(text: str) -> Any:
    """A ``--param`` value: JSON when it parses (numbers, lists, true, null), else the text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _parameter(name: str, spec: str, where: str) -> Parameter:
    match = _PARAM.match(spec)
    if not match or match["type"] not in PARAM_TYPES:
        raise QueryError(f"{where}: parameter {name!r}: expected 'TYPE [= DEFAULT] — description' with TYPE one "
                         f"of {', '.join(PARAM_TYPES)}, got {spec!r}")
    default = _REQUIRED if match["default"] is None else json.loads(match["default"])
    return Parameter(name, match["type"], match["description"], default)


def parse_query(text: str, where: str) -> CypherQuery:
    """Parse one ``.cypher`` file's text (``where`` names it in errors)."""
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    last: tuple[dict[str, str], str] | None = None
    lines = text.splitlines()
    body_start = len(lines)  # a file of header lines only has no query
    for i, line in enumerate(lines):
        if not line.startswith("//"):
            body_start = i
            break
        match = _HEADER.match(line)
        if match:
            target, key = (params, match["param"]) if match["param"] else (fields, match["key"])
            target[key] = match["value"].strip()
            last = (target, key)
        elif line.startswith("//  ") and last:
            last[0][last[1]] += " " + line[2:].strip()
        elif line.strip() != "//":
            raise QueryError(f"{where}: line {i + 1}: not a header field: {line!r}")
    missing = [k for k in ("name", "description", "mirrors", "columns") if k not in fields]
    body = "\n".join(lines[body_start:]).strip()
    if missing or not body:
        raise QueryError(f"{where}: header lacks {', '.join(missing) or 'a query after it'}")
    return CypherQuery(
        name=fields["name"], description=fields["description"], mirrors=fields["mirrors"],
        parameters=tuple(_parameter(n, spec, where) for n, spec in params.items()),
        columns=tuple(c.strip() for c in fields["columns"].split(",")), text=body,
    )


def library() -> dict[str, CypherQuery]:
    """Every library query by name, sorted by name."""
    folder = resources.files(__name__)
    queries = [parse_query(f.read_text(encoding="utf-8"), f.name)
               for f in folder.iterdir() if f.name.endswith(".cypher")]
    return {q.name: q for q in sorted(queries, key=lambda q: q.name)}


def load_query(name: str) -> CypherQuery:
    """The library query called ``name``."""
    queries = library()
    if name not in queries:
        raise QueryError(f"no library query {name!r}; choose one of {', '.join(queries)}")
    return queries[name]
