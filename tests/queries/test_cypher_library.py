"""The Cypher library's files: every header parses, and every error names what is wrong."""

from __future__ import annotations

import pytest

from computechain.errors import QueryError
from computechain.queries.cypher import library, load_query, parse_query, parse_value

GOOD = """// name: demo
// description: A demo
//   over two lines.
// mirrors: computechain.queries.summary.summary
// param segment: string — segment id
// param tiers: integer = 2 — how far
// columns: a, b

MATCH (n) RETURN n.a AS a, n.b AS b
"""


def test_every_library_file_parses_with_columns_and_documented_parameters() -> None:
    queries = library()
    assert {"tier_suppliers", "tier_customers", "listed_in_segment", "supplier_concentration",
            "single_sources"} <= set(queries)
    for query in queries.values():
        assert query.description and query.columns and "RETURN" in query.text
        assert all(p.description for p in query.parameters)


def test_header_fields_and_bind() -> None:
    query = parse_query(GOOD, "demo.cypher")
    assert (query.name, query.description, query.columns) == ("demo", "A demo over two lines.", ("a", "b"))
    assert query.text == "MATCH (n) RETURN n.a AS a, n.b AS b"
    assert query.bind({"segment": "segment:hbm"}) == {"segment": "segment:hbm", "tiers": 2}
    assert query.bind({"segment": "segment:hbm", "tiers": None}) == {"segment": "segment:hbm", "tiers": None}


def test_bind_errors_name_the_parameter_and_the_options() -> None:
    query = parse_query(GOOD, "demo.cypher")
    with pytest.raises(QueryError, match="query 'demo' needs parameter 'segment' \\(string: segment id\\)"):
        query.bind({})
    with pytest.raises(QueryError, match="has no parameter tier; its parameters: segment, tiers"):
        query.bind({"segment": "x", "tier": 3})
    with pytest.raises(QueryError, match="parameter 'tiers' must be a integer, got 'two'"):
        query.bind({"segment": "x", "tiers": "two"})
    with pytest.raises(QueryError, match="parameter 'tiers' must be a integer, got True"):
        query.bind({"segment": "x", "tiers": True})


def test_malformed_headers_are_refused() -> None:
    with pytest.raises(QueryError, match=r"bad\.cypher: header lacks mirrors, columns"):
        parse_query("// name: x\n// description: y\nRETURN 1", "bad.cypher")
    with pytest.raises(QueryError, match=r"bad\.cypher: line 2: not a header field: '// author: me'"):
        parse_query("// name: x\n// author: me\nRETURN 1", "bad.cypher")
    with pytest.raises(QueryError, match="parameter 'n': expected 'TYPE \\[= DEFAULT\\] — description' with TYPE one of"
                                         " string, integer, float, boolean, list, got 'number — x'"):
        parse_query(GOOD.replace("integer = 2 — how far", "number — x").replace("tiers", "n"), "bad.cypher")
    with pytest.raises(QueryError, match=r"bad\.cypher: header lacks a query after it"):
        parse_query("// name: x\n// description: y\n// mirrors: z\n// columns: a\n", "bad.cypher")


def test_unknown_query_name_lists_the_library() -> None:
    with pytest.raises(QueryError, match=r"no library query 'tier_supplier'; choose one of .*tier_suppliers"):
        load_query("tier_supplier")


def test_param_values_parse_as_json_or_text() -> None:
    assert [parse_value(v) for v in ("3", "0.5", "true", "null", '["SSE"]', "company:acme", "2024-12-31")] == [
        3, 0.5, True, None, ["SSE"], "company:acme", "2024-12-31"]
