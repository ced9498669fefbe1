// name: single_sources
// description: Customers that buy a product (a segment) from exactly one supplier in the graph.
// mirrors: computechain.queries.chokepoints.single_sources
// param as_of: string = null — ISO date: only relationships that hold that day by the period rule of docs/methodology.md, Time (null: all)
// columns: customer, product, supplier

MATCH (u:Company)-[r:SUPPLIES]->(v:Company)
WHERE r.product IS NOT NULL AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
WITH v, r.product AS product, collect(DISTINCT u.id) AS suppliers
WHERE size(suppliers) = 1
RETURN v.id AS customer, product, suppliers[0] AS supplier
ORDER BY product, customer
