// name: summary_by_kind
// description: How many relationships computechain pushed, by relation kind (supplies, owns ...).
// mirrors: computechain.queries.summary.summary (by="kind")
// columns: kind, count

MATCH ()-[r]->() WHERE r.computechain = true
RETURN r.kind AS kind, count(*) AS count
ORDER BY count DESC, kind
