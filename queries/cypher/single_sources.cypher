// name: single_sources
// description: Customers that buy a product (a segment) from exactly one supplier in the graph.
// mirrors: computechain.queries.chokepoints.single_sources
// param as_of: string = null — ISO date: only relationships valid that day (null: all)
// columns: customer, product, supplier

MATCH (u:Company)-[r:SUPPLIES]->(v:Company)
WHERE r.product IS NOT NULL AND ($as_of IS NULL OR (r.as_of <= $as_of AND coalesce(r.valid_from, "") <= $as_of AND $as_of <= coalesce(r.valid_to, "9999")))
WITH v, r.product AS product, collect(DISTINCT u.id) AS suppliers
WHERE size(suppliers) = 1
RETURN v.id AS customer, product, suppliers[0] AS supplier
ORDER BY product, customer
