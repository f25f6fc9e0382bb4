// Statements the Neo4j loader (exports/neo4j.py) runs, one per "// name:" block.
// __LABEL__, __TYPE__, __FROM__, __TO__ and __CONSTRAINT__ are replaced only by names from
// exports/cypher/schema.json (a fixed whitelist); every value travels as a parameter.

// name: constraint
CREATE CONSTRAINT __CONSTRAINT__ IF NOT EXISTS
FOR (n:__LABEL__) REQUIRE n.id IS UNIQUE;

// name: merge_nodes
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n = row.props;

// name: merge_relationships
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.source})
MATCH (b:__TO__ {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
SET r = row.props;

// name: count_nodes
MATCH (n:__LABEL__)
RETURN count(n) AS n;

// name: count_relationships
MATCH (:__FROM__)-[r:__TYPE__]->(:__TO__)
RETURN count(r) AS n;
