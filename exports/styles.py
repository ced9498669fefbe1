"""How the drawn exports (HTML page, picture) show each node type and relation kind.

The tables are keyed by the schema enums, and :func:`check_styles` runs when this module is
imported (as :func:`computechain.graph.schema.check_schema` does for the schema): a node type
or relation kind added to the schema without a style fails at once, naming what is missing,
instead of as a ``KeyError`` half-way through an export.

Examples
--------
>>> TYPE_STYLE[NodeType.SITE]
NodeStyle(colour='#8c564b', shape='triangleDown')
>>> KIND_COLOUR[RelationKind.OPERATES]
'#17becf'
>>> check_styles(kind_colour={RelationKind.SUPPLIES: "#4e79a7"})
Traceback (most recent call last):
...
computechain.errors.SchemaError: KIND_COLOUR has no colour for the relation kinds participates_in, input_to, \
provides_compute, develops, commits_capex, allocates_capex, owns, supports, restricts, located_in, operates, uses, \
powers, builds, invests_in, possibly_same_as
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import NamedTuple

from computechain.errors import SchemaError
from computechain.graph.schema import Entity, NodeType, RelationKind


class NodeStyle(NamedTuple):
    colour: str  # "#rrggbb"
    shape: str  # a vis-network shape (the picture draws every node as a dot)


# vis-network's shapes that take a colour and a size (not image, icon or label-sized ones)
VIS_SHAPES = frozenset({"dot", "diamond", "star", "triangle", "triangleDown", "hexagon", "square"})
TYPE_STYLE: dict[NodeType, NodeStyle] = {
    NodeType.COMPANY: NodeStyle("#4e79a7", "dot"), NodeType.SEGMENT: NodeStyle("#f28e2b", "diamond"),
    NodeType.AI_MODEL: NodeStyle("#e15759", "triangle"), NodeType.CAPEX_PLAN: NodeStyle("#76b7b2", "square"),
    NodeType.POLICY: NodeStyle("#59a14f", "star"), NodeType.REGION: NodeStyle("#edc948", "hexagon"),
    NodeType.SITE: NodeStyle("#8c564b", "triangleDown"), NodeType.SOURCE: NodeStyle("#bab0ac", "dot"),
}
KIND_COLOUR: dict[RelationKind, str] = {
    RelationKind.SUPPLIES: "#4e79a7", RelationKind.PARTICIPATES_IN: "#f28e2b",
    RelationKind.INPUT_TO: "#b07aa1", RelationKind.PROVIDES_COMPUTE: "#e15759",
    RelationKind.DEVELOPS: "#ff9da7", RelationKind.COMMITS_CAPEX: "#76b7b2",
    RelationKind.ALLOCATES_CAPEX: "#9c755f", RelationKind.OWNS: "#79706e",
    RelationKind.SUPPORTS: "#59a14f", RelationKind.RESTRICTS: "#d62728",
    RelationKind.LOCATED_IN: "#edc948", RelationKind.OPERATES: "#17becf",
    RelationKind.USES: "#bcbd22", RelationKind.POWERS: "#ff7f0e",
    RelationKind.BUILDS: "#9467bd", RelationKind.INVESTS_IN: "#2ca02c",
    RelationKind.POSSIBLY_SAME_AS: "#c7c7c7",
}
# node attributes a tooltip shows in its head (name, type) or as source rows, not as plain rows
SKIP_ATTRS = frozenset({"name", "type", "sources"})
_COLOUR = re.compile(r"#[0-9a-f]{6}")


def check_styles(type_style: Mapping[NodeType, NodeStyle] = TYPE_STYLE,
                 kind_colour: Mapping[RelationKind, str] = KIND_COLOUR,
                 skip_attrs: Collection[str] = SKIP_ATTRS) -> None:
    """Check that every node type and relation kind has a style, every colour is ``#rrggbb``,
    every shape is one of :data:`VIS_SHAPES` and every skipped attribute is an entity field;
    raise SchemaError naming what is wrong."""
    problems = []
    types = [t.value for t in NodeType if t not in type_style]
    if types:
        problems.append(f"TYPE_STYLE has no style for the node types {', '.join(types)}")
    kinds = [k.value for k in RelationKind if k not in kind_colour]
    if kinds:
        problems.append(f"KIND_COLOUR has no colour for the relation kinds {', '.join(kinds)}")
    named: list[tuple[NodeType | RelationKind, str]] = [(t, style.colour) for t, style in type_style.items()]
    colours = {f"{key.value}: {colour}" for key, colour in [*named, *kind_colour.items()]
               if not _COLOUR.fullmatch(colour)}
    if colours:
        problems.append(f"colours not written #rrggbb: {', '.join(sorted(colours))}")
    shapes = sorted(f"{key.value}: {style.shape}" for key, style in type_style.items() if style.shape not in VIS_SHAPES)
    if shapes:
        problems.append(f"shapes vis-network does not draw: {', '.join(shapes)}; "
                        f"use one of {', '.join(sorted(VIS_SHAPES))}")
    unknown = sorted(set(skip_attrs) - {"type", *Entity.model_fields})
    if unknown:
        problems.append(f"SKIP_ATTRS names attributes no entity has: {', '.join(unknown)}")
    if problems:
        raise SchemaError("; ".join(problems))


check_styles()
