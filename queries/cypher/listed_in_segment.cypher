// name: listed_in_segment
// description: Companies listed on the given exchanges (default: the A-share markets SSE, SZSE, BSE)
//   that participate in a segment or supply it as a product, with their latest market share.
//   "Latest" share: the newest as_of, then the newest valid_from, then the highest relation id.
// mirrors: computechain.queries.listings.listed_in_segment
// param segment: string — segment id, e.g. "segment:optical-modules"
// param exchanges: list = ["SSE", "SZSE", "BSE"] — exchange codes from seed/lookups/exchanges.csv
// param as_of: string = null — ISO date: only relationships that hold that day by the period rule of docs/methodology.md, Time (null: all)
// columns: company, name, name_zh, listings, participates, supplies, market_share

MATCH (s:Segment {id: $segment})
MATCH (c:Company)
WITH s, c,
     EXISTS { MATCH (c)-[r:PARTICIPATES_IN]->(s) WHERE ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) })))) } AS participates,
     EXISTS { MATCH (c)-[r:SUPPLIES]->(:Company) WHERE r.product = s.id AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) })))) } AS supplies
WHERE participates OR supplies
CALL (c) {
  UNWIND c.listings AS listing
  WITH listing WHERE split(listing, ":")[0] IN $exchanges
  ORDER BY listing
  RETURN collect(listing) AS listed
}
WITH s, c, participates, supplies, listed WHERE size(listed) > 0
CALL (c, s) {
  OPTIONAL MATCH (c)-[r:PARTICIPATES_IN]->(s) WHERE r.market_share IS NOT NULL AND ($as_of IS NULL OR (coalesce(r.valid_from, r.as_of) <= $as_of AND ($as_of <= coalesce(r.valid_to, "9999") OR (r.valid_from IS NOT NULL AND r.valid_to IS NOT NULL AND coalesce(r.share_of_customer_spend, r.share_of_supplier_revenue, r.share_of_supplier_output, r.market_share, r.cost_share, r.capex_allocation_share, r.ownership_share) IS NOT NULL AND NOT EXISTS { MATCH (x)-[n]->(y) WHERE x = startNode(r) AND y = endNode(r) AND type(n) = type(r) AND coalesce(n.product, "") = coalesce(r.product, "") AND coalesce(n.share_of_customer_spend, n.share_of_supplier_revenue, n.share_of_supplier_output, n.market_share, n.cost_share, n.capex_allocation_share, n.ownership_share) IS NOT NULL AND coalesce(n.valid_from, n.as_of) <= $as_of AND (n.as_of > r.as_of OR (n.as_of = r.as_of AND (coalesce(n.valid_from, "") > coalesce(r.valid_from, "") OR (coalesce(n.valid_from, "") = coalesce(r.valid_from, "") AND n.id > r.id)))) }))))
  WITH r ORDER BY r.as_of DESC, coalesce(r.valid_from, "") DESC, r.id DESC LIMIT 1
  RETURN r.market_share AS market_share
}
RETURN c.id AS company, c.name AS name, c.name_zh AS name_zh,
       reduce(text = "", l IN listed | text + CASE text WHEN "" THEN "" ELSE ";" END + l) AS listings,
       participates, supplies, market_share
ORDER BY company
