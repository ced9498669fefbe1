"""The style tables of the drawn exports are checked complete and well-formed when they load."""

from __future__ import annotations

import pytest

from computechain.errors import SchemaError
from computechain.exports.styles import KIND_COLOUR, TYPE_STYLE, NodeStyle, check_styles
from computechain.graph.schema import NodeType, RelationKind


def test_a_node_type_without_a_style_is_named() -> None:
    without_sites = {t: s for t, s in TYPE_STYLE.items() if t is not NodeType.SITE}
    with pytest.raises(SchemaError, match=r"^TYPE_STYLE has no style for the node types site$"):
        check_styles(type_style=without_sites)


def test_every_missing_relation_kind_is_named_in_one_message() -> None:
    kept = {k: c for k, c in KIND_COLOUR.items() if k not in (RelationKind.USES, RelationKind.POSSIBLY_SAME_AS)}
    with pytest.raises(SchemaError, match=r"^KIND_COLOUR has no colour for the relation kinds uses, possibly_same_as$"):
        check_styles(kind_colour=kept)


def test_bad_colours_shapes_and_skipped_attributes_are_named() -> None:
    styles = {**TYPE_STYLE, NodeType.SITE: NodeStyle("brown", "box")}
    with pytest.raises(SchemaError, match=r"colours not written #rrggbb: site: brown; shapes vis-network does not "
                                          r"draw: site: box; use one of diamond, dot, "):
        check_styles(type_style=styles)
    with pytest.raises(SchemaError, match=r"powers: #FFF"):
        check_styles(kind_colour={**KIND_COLOUR, RelationKind.POWERS: "#FFF"})
    with pytest.raises(SchemaError, match=r"^SKIP_ATTRS names attributes no entity has: nmae$"):
        check_styles(skip_attrs={"name", "nmae"})

