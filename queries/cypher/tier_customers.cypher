// name: tier_customers
// description: Tier-N customers of a company along SUPPLIES (goods flow supplier -> customer).
//   A company's tier is its shortest distance from the entity over relationships valid on $as_of;
//   one row per relationship from a company at tier t - 1 (the entity is tier 0) to a tier-t customer.
// mirrors: computechain.queries.tiers.customers
// param entity: string — company id, e.g. "company:tsmc"
// param tiers: integer = 1 — how many tiers down the chain (1: direct customers)
// param as_of: string = null — ISO date: only relationships that hold that day by the period rule of docs/methodology.md, Time (null: all)
// columns: tier, supplier, supplier_name, customer, customer_name, product, share_of_supplier_revenue,
//   share_of_customer_spend, basis, as_of, relation_id

MATCH (e:Company {id: $entity})
OPTIONAL CALL (e) {
  MATCH (c:Company) WHERE c <> e
  MATCH p = shortestPath((e)-[:SUPPLIES*1..]->(c))
  WHERE all(r IN relationships(p) WHERE ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) })))))
  WITH c, length(p) AS tier WHERE tier <= $tiers
  RETURN collect({node: c, tier: tier}) AS reached
}
WITH [{node: e, tier: 0}] + reached AS reached
UNWIND reached AS far
UNWIND reached AS near
WITH far, near WHERE far.tier = near.tier + 1
MATCH (a)-[r:SUPPLIES]->(b) WHERE a = near.node AND b = far.node AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
RETURN far.tier AS tier, a.id AS supplier, a.name AS supplier_name, b.id AS customer, b.name AS customer_name,
       r.product AS product, r.share_of_supplier_revenue AS share_of_supplier_revenue,
       r.share_of_customer_spend AS share_of_customer_spend, r.basis AS basis, r.as_of AS as_of, r.id AS relation_id
ORDER BY tier, customer, supplier, relation_id
