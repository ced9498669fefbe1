"""The engine under the public queries: what they compute on, never called by a user directly.

The compiled view of the relations (:mod:`~computechain.queries.engine.view`), the Neumann
solver (:mod:`~computechain.queries.engine.leontief`), path search, the revenue solve, RAS
balancing and the money view with its inputs, named customers, markets and Monte Carlo draws.
"""
