// name: supplier_concentration
// description: Supplier concentration per segment: how many companies supply it (participants plus
//   suppliers of that product), the sum of their latest known market shares, the Herfindahl-Hirschman
//   index of those shares (0-10,000: shares in percent, squared, summed), the leader, and how many
//   customers buy the product from a single supplier.
//   "Latest" share: the newest as_of, then the newest valid_from, then the highest relation id. The Python query also gives each segment's
//   influence (a matrix inverse), which Cypher cannot compute.
// mirrors: computechain.queries.chokepoints.chokepoints
// param as_of: string = null — ISO date: only relationships that hold that day by the period rule of docs/methodology.md, Time (null: all)
// columns: segment, name, suppliers, share_known, hhi, leader, leader_share, single_source_customers

MATCH (seg:Segment)
CALL (seg) {
  OPTIONAL MATCH (u)-[r:PARTICIPATES_IN]->(seg) WHERE ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
  RETURN collect(DISTINCT u.id) AS participants
}
CALL (seg) {
  OPTIONAL MATCH (u)-[r:SUPPLIES]->() WHERE r.product = seg.id AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
  RETURN collect(DISTINCT u.id) AS product_suppliers
}
WITH seg, participants + [x IN product_suppliers WHERE NOT x IN participants] AS members
WHERE size(members) > 0
CALL (seg) {
  OPTIONAL MATCH (c)-[r:PARTICIPATES_IN]->(seg) WHERE r.market_share IS NOT NULL AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
  WITH c, r ORDER BY r.as_of DESC, coalesce(r.valid_from, "") DESC, r.id DESC
  WITH c, collect(r.market_share)[0] AS share WHERE c IS NOT NULL
  RETURN collect({company: c.id, share: share}) AS shares
}
CALL (shares) {
  UNWIND CASE size(shares) WHEN 0 THEN [null] ELSE shares END AS x
  WITH x ORDER BY x.share DESC, x.company LIMIT 1
  RETURN x.company AS leader, x.share AS leader_share
}
CALL (seg) {
  OPTIONAL MATCH (u)-[r:SUPPLIES]->(v) WHERE r.product = seg.id AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
  WITH v, count(DISTINCT u) AS n WHERE v IS NOT NULL AND n = 1
  RETURN count(v) AS single_source_customers
}
RETURN seg.id AS segment, seg.name AS name, size(members) AS suppliers,
       reduce(t = 0.0, x IN shares | t + x.share) AS share_known,
       CASE size(shares) WHEN 0 THEN null ELSE reduce(h = 0.0, x IN shares | h + (100 * x.share) ^ 2) END AS hhi,
       leader, leader_share, single_source_customers
ORDER BY hhi IS NULL, hhi DESC, segment
