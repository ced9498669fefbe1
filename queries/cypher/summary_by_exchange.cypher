// name: summary_by_exchange
// description: How many companies are listed on each exchange (a company listed twice on one exchange
//   counts once).
// mirrors: computechain.queries.summary.summary (by="exchange")
// columns: exchange, count

MATCH (c:Company) WHERE c.computechain = true
UNWIND c.listings AS listing
WITH DISTINCT c, split(listing, ":")[0] AS exchange
RETURN exchange, count(*) AS count
ORDER BY count DESC, exchange
