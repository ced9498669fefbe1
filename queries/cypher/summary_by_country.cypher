// name: summary_by_country
// description: How many companies are headquartered in each country (ISO 3166-1 alpha-2 code).
// mirrors: computechain.queries.summary.summary (by="country")
// columns: country, count

MATCH (c:Company) WHERE c.computechain = true
RETURN c.country AS country, count(*) AS count
ORDER BY count DESC, country
