"""The public queries, one module each: pure functions ``(G, *, params) -> pandas.DataFrame``.

What they share and no user calls directly (the compiled view, the Neumann solver, the path
search, the revenue solve, RAS and the money view) lives in :mod:`computechain.queries.engine`;
the named Cypher queries for a Neo4j copy of the graph live in :mod:`computechain.queries.cypher`.
"""
