// Statements the embedded engine (exports/embedded.py) runs. Same placeholders as neo4j.cypher;
// __COLUMNS__, __SET__ and __PROPS__ are built from the typed properties in schema.json.
// The embedded engine needs a schema up front and typed values, hence the CASTs in them.
// A fresh database is bulk-loaded with COPY (exports/embedded_copy.py builds those statements);
// an existing one is merged into with these MERGEs.

// name: create_node_table
CREATE NODE TABLE IF NOT EXISTS __LABEL__(__COLUMNS__, PRIMARY KEY (id));

// name: create_rel_table
CREATE REL TABLE IF NOT EXISTS __TYPE__(FROM __FROM__ TO __TO__, __COLUMNS__);

// name: merge_nodes
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET __SET__;

// name: merge_relationships
UNWIND $rows AS row
MATCH (a:__FROM__ {id: row.source})
MATCH (b:__TO__ {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
SET __SET__;

// name: count_nodes
MATCH (n:__LABEL__)
RETURN count(n) AS n;

// name: count_relationships
MATCH (:__FROM__)-[r:__TYPE__]->(:__TO__)
RETURN count(r) AS n;
