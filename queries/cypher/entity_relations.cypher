// name: entity_relations
// description: Every relationship computechain pushed into and out of one entity: the body of an entity
//   card. Outgoing first, each sorted by kind, the other end's id and the relation id. Paste it into
//   Neo4j Browser with RETURN e, r, o instead to see the neighbourhood as a picture.
// mirrors: computechain.queries.neighbours.relations_of
// param entity: string — any entity id, e.g. "company:tsmc" or "segment:hbm"
// columns: direction, kind, other, other_name, product, basis, as_of, sources, relation_id

MATCH (e {id: $entity}) WHERE e.computechain = true
CALL (e) {
  MATCH (e)-[r]->(o) WHERE r.computechain = true
  RETURN "out" AS direction, 0 AS side, r, o
  UNION ALL
  MATCH (e)<-[r]-(o) WHERE r.computechain = true
  RETURN "in" AS direction, 1 AS side, r, o
}
RETURN direction, r.kind AS kind, o.id AS other, o.name AS other_name, r.product AS product, r.basis AS basis,
       r.as_of AS as_of, reduce(text = "", s IN r.sources | text + CASE text WHEN "" THEN "" ELSE ";" END + s) AS sources,
       r.id AS relation_id
ORDER BY side, kind, other, relation_id
