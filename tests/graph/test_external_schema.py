"""The schema additions for external datasets: sites, their relation kinds, provenance in ids."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from computechain.graph.schema import (
    RELATION_SPECS,
    WEIGHT_WHOLE,
    Endpoint,
    NodeType,
    RelationKind,
    Site,
    WeightMeaning,
    relation_id,
)


def test_site_relations_run_from_companies_to_sites() -> None:
    for kind in (RelationKind.OPERATES, RelationKind.USES, RelationKind.POWERS, RelationKind.BUILDS,
                 RelationKind.INVESTS_IN):
        assert (RELATION_SPECS[kind].sources, RELATION_SPECS[kind].targets) == ({NodeType.COMPANY}, {NodeType.SITE})


def test_possibly_same_as_links_any_entity_but_a_source() -> None:
    spec = RELATION_SPECS[RelationKind.POSSIBLY_SAME_AS]
    assert NodeType.SOURCE not in spec.sources | spec.targets and NodeType.SITE in spec.sources


def test_a_share_of_output_divides_the_suppliers_whole() -> None:
    assert WEIGHT_WHOLE[WeightMeaning.SHARE_OF_SUPPLIER_OUTPUT] is Endpoint.SOURCE
    assert WeightMeaning.SHARE_OF_SUPPLIER_OUTPUT in RELATION_SPECS[RelationKind.SUPPLIES].weights


def test_ids_of_external_relations_carry_their_period_and_dataset() -> None:
    assert relation_id(RelationKind.OPERATES, "company:a", "site:b", None, None,
                       valid_to=date(2025, 12, 31), dataset="epoch-datacenters") == \
        "operates:company:a->site:b@..2025-12-31~epoch-datacenters"
    # the seed's ids are unchanged
    assert relation_id(RelationKind.OWNS, "company:a", "company:b", None, None) == "owns:company:a->company:b"


def test_a_site_needs_a_country_and_non_negative_figures() -> None:
    with pytest.raises(ValidationError, match="country"):
        Site.model_validate({"id": "site:x", "name": "X", "sources": ["source:s"]})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Site(id="site:x", name="X", country="US", power_mw=-1, sources=("source:s",))
