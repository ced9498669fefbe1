// name: summary_by_segment
// description: How many companies are in each segment: participants plus suppliers of that product,
//   each company counted once per segment.
// mirrors: computechain.queries.summary.summary (by="segment")
// columns: segment, count

MATCH (u)-[r:PARTICIPATES_IN|SUPPLIES]->(v) WHERE r.computechain = true AND (r:PARTICIPATES_IN OR r.product IS NOT NULL)
WITH DISTINCT u, CASE WHEN r:PARTICIPATES_IN THEN v.id ELSE r.product END AS segment
RETURN segment, count(*) AS count
ORDER BY count DESC, segment
