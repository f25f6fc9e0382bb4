// The canned questions of `kg query --examples`. Each block runs unchanged on Neo4j 5 and on
// the embedded engine, so it keeps to their common Cypher subset (see docs/neo4j.md):
// aliases on every returned column, ORDER BY on every result, no labels()/type()/exists().
// Header lines: "// name:", "// description:", "// params:" (JSON defaults, overridable with --param).

// name: papers-on-dataset
// description: Papers that evaluate on a dataset (matched by name, id or alias, any case).
// params: {"dataset": "COCO"}
MATCH (p:Paper)-[e:EVALUATES_ON]->(d:Dataset)
WHERE toLower(d.name) = toLower($dataset) OR d.id = $dataset OR $dataset IN d.aliases
RETURN d.name AS dataset, p.id AS paper, p.title AS title, e.count AS mentions
ORDER BY mentions DESC, paper;

// name: best-results
// description: Best (highest) reported value per dataset and metric, with the paper and method that reported it.
// params: {}
MATCH (r:Result)-[:ON_DATASET]->(d:Dataset), (r)-[:OF_METRIC]->(m:Metric)
WITH d, m, max(r.value) AS best, count(r) AS reported
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_DATASET]->(d), (r)-[:OF_METRIC]->(m)
WHERE r.value = best
OPTIONAL MATCH (r)-[:OF_METHOD]->(x:Method)
RETURN d.name AS dataset, m.name AS metric, best, r.unit AS unit, x.name AS method,
       p.title AS paper, reported
ORDER BY dataset, metric, paper;

// name: methods-for-task
// description: Methods proposed for a task, with the paper proposing each and its code repositories.
// params: {"task": "object detection"}
MATCH (p:Paper)-[:ADDRESSES]->(t:Task), (p)-[:PROPOSES]->(m:Method)
WHERE toLower(t.name) = toLower($task) OR t.id = $task OR $task IN t.aliases
OPTIONAL MATCH (p)-[:HAS_CODE]->(c:Repository)
RETURN t.name AS task, m.name AS method, p.title AS paper, collect(DISTINCT c.url) AS code
ORDER BY method, paper;

// name: datasets-used-together
// description: Pairs of datasets most often evaluated on in the same paper.
// params: {"limit": 20}
MATCH (a:Dataset)<-[:EVALUATES_ON]-(p:Paper)-[:EVALUATES_ON]->(b:Dataset)
WHERE a.id < b.id
RETURN a.name AS dataset_a, b.name AS dataset_b, count(DISTINCT p) AS papers
ORDER BY papers DESC, dataset_a, dataset_b
LIMIT $limit;

// name: uses-proposed-method
// description: Papers that use a method another paper proposed.
// params: {}
MATCH (origin:Paper)-[:PROPOSES]->(m:Method)<-[:USES]-(p:Paper)
WHERE origin.id <> p.id
RETURN m.name AS method, origin.title AS proposed_in, p.title AS used_in
ORDER BY method, proposed_in, used_in;
