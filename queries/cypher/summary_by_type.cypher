// name: summary_by_type
// description: How many entities computechain pushed, by type (company, segment, model ...); cited sources
//   are pushed as :Source nodes but are not entities of the graph, so they are left out.
// mirrors: computechain.queries.summary.summary (by="type")
// columns: type, count

MATCH (n) WHERE n.computechain = true AND n.type <> "source"
RETURN n.type AS type, count(*) AS count
ORDER BY count DESC, type
