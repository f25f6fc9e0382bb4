"""Differential test: every shipped Cypher query gives the same rows on Neo4j and on the embedded engine.

Run on the corpus graph (``kg build ../shared/corpus``) loaded into a live Neo4j 5 (marker
``neo4j``, ``tests/with-neo4j``) and into LadybugDB, the engine of ``kg query`` without ``--uri``.
The queries are the canned questions of ``exports/cypher/examples.cypher`` (with their default
parameters and with every dataset and task of the graph), and every query that README.md and
docs/neo4j.md show. Where the two dialects differ, ``DIALECT`` below shows it, one case per row
of the table in docs/neo4j.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exports.embedded import EmbeddedQueryError, load_embedded, run_query
from exports.neo4j import Neo4jLoadError, load_neo4j
from exports.neo4j_schema import QueryResult, examples
from kg.graphjson import read_graph_json
from tests.conftest import REPO
from tests.exports.conftest import Live
from tests.exports.doc_queries import doc_queries

pytestmark = pytest.mark.neo4j

Engine = Callable[[str, dict[str, Any]], QueryResult]
DOCS = [REPO / "README.md", REPO / "docs" / "neo4j.md"]


@pytest.fixture(scope="module")
def engines(live: Live, corpus_out: Path) -> tuple[Engine, Engine, Any]:
    """(Neo4j, embedded, graph): the corpus graph in both engines."""
    from exports.neo4j import query_neo4j

    kg = read_graph_json(corpus_out / "graph.json")
    report = load_neo4j(kg, driver=live.driver, database=live.database)
    assert report.found == report.expected
    conn = load_embedded(kg)
    return (lambda q, p: query_neo4j(q, p, driver=live.driver, database=live.database),
            lambda q, p: run_query(conn, q, p), kg)


def same(a: Any, b: Any) -> bool:
    """Equal, except that floats may differ in the last bits (aggregation order differs)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(a, b, rel_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def shipped_queries() -> list[Any]:
    cases = [pytest.param(ex.text, ex.params, id=f"examples.cypher:{name}") for name, ex in examples().items()]
    for doc in DOCS:
        cases += [pytest.param(q.cypher, q.params, id=q.where) for q in doc_queries(doc)]
    return cases


@pytest.mark.parametrize(("cypher", "params"), shipped_queries())
def test_shipped_query_gives_the_same_rows(engines: tuple[Engine, Engine, Any], cypher: str,
                                          params: dict[str, Any]) -> None:
    neo4j, embedded, _ = engines
    a, b = neo4j(cypher, params), embedded(cypher, params)
    assert a.columns == b.columns
    assert same(a.rows, b.rows), f"Neo4j: {a.rows[:5]}\nembedded: {b.rows[:5]}"


@pytest.mark.parametrize(("name", "param", "label"), [
    ("papers-on-dataset", "dataset", "Dataset"),
    ("methods-for-task", "task", "Task"),
])
def test_canned_questions_agree_for_every_entity(engines: tuple[Engine, Engine, Any], name: str, param: str,
                                                 label: str) -> None:
    """A canned question asked of every dataset (or task) of the corpus, by name and by id."""
    neo4j, embedded, kg = engines
    ex = examples()[name]
    values = sorted({v for node in kg.nodes(label) for v in (node.id, node.name)})
    answered = 0
    for value in values:
        a, b = neo4j(ex.text, {param: value}), embedded(ex.text, {param: value})
        assert same(a.rows, b.rows), f"{name} {param}={value!r}\nNeo4j: {a.rows}\nembedded: {b.rows}"
        answered += bool(a.rows)
    assert answered >= len(values) // 4  # most have an answer: not a comparison of empty sets


def test_the_differential_is_not_empty(engines: tuple[Engine, Engine, Any]) -> None:
    neo4j, _, _ = engines
    counts = {name: len(neo4j(ex.text, ex.params).rows) for name, ex in examples().items()}
    assert all(counts.values()), counts


NEO4J_ONLY = object()  # the embedded engine rejects the query
EMBEDDED_ONLY = object()  # Neo4j rejects the query



def first_dataset(kg: Any) -> list[list[Any]]:
    return [[min(node.id for node in kg.nodes("Dataset"))]]


def papers_using_a_method(kg: Any) -> list[list[Any]]:
    return [[len({rel.source for rel in kg.relations("USES")})]]


#: (what docs/neo4j.md says, query, Neo4j's rows, the embedded engine's rows); rows may be a
#: function of the graph; an engine marked *_ONLY is the one that accepts the query, the other
#: rejects it; a string is the name of the only column.
DIALECT = [
    ("`labels(n)[0]` the first label", "MATCH (n:Paper) RETURN labels(n)[0] AS l LIMIT 1", [["Paper"]], [[""]]),
    ("no `type()`; use `label(r)`", "MATCH (:Paper)-[r:USES]->(:Method) RETURN type(r) AS t LIMIT 1",
     [["USES"]], NEO4J_ONLY),
    ("no `type()`; use `label(r)`", "MATCH (:Paper)-[r:USES]->(:Method) RETURN label(r) AS t LIMIT 1",
     EMBEDDED_ONLY, [["USES"]]),
    ("lists are 0-based", "RETURN [10, 20, 30][1] AS x", [[20]], [[10]]),
    ("(`xs[0]` is an error)", "RETURN [10, 20, 30][0] AS x", [[10]], NEO4J_ONLY),
    ("no `head()`", "RETURN head([10, 20, 30]) AS x", [[10]], NEO4J_ONLY),
    ("no `toString`", "RETURN toString(1) AS x", [["1"]], NEO4J_ONLY),
    ("no `toInteger`", "RETURN toInteger('12') AS x", [[12]], NEO4J_ONLY),
    ("`ORDER BY` in `WITH` needs `SKIP`/`LIMIT`",
     "MATCH (d:Dataset) WITH d ORDER BY d.id RETURN d.id AS d LIMIT 1", first_dataset, NEO4J_ONLY),
    ("no `exists()` function", "MATCH (p:Paper) WHERE exists((p)-[:USES]->()) RETURN count(p) AS n",
     papers_using_a_method, NEO4J_ONLY),
    ("`EXISTS { MATCH ... }`", "MATCH (p:Paper) WHERE EXISTS { MATCH (p)-[:USES]->() } RETURN count(p) AS n",
     papers_using_a_method, papers_using_a_method),
    ("unknown properties are a compile error", "MATCH (d:Dataset) RETURN d.nosuch AS x LIMIT 1",
     [[None]], NEO4J_ONLY),
    ("`STARTS`, `ENDS` are keywords", "MATCH (d:Dataset) RETURN d.id AS starts ORDER BY starts LIMIT 1",
     first_dataset, NEO4J_ONLY),
    ("kg names every column as written", "MATCH (d:Dataset) RETURN count(*)", "count(*)", "count(*)"),
    ("not always bit for bit", "MATCH (r:Result) RETURN avg(r.value) AS a", "close", "close"),
]


@pytest.mark.parametrize(("doc", "cypher", "on_neo4j", "on_embedded"), [pytest.param(*c, id=c[1]) for c in DIALECT])
def test_documented_dialect_differences(engines: tuple[Engine, Engine, Any], doc: str, cypher: str,
                                        on_neo4j: Any, on_embedded: Any) -> None:
    neo4j, embedded, kg = engines
    assert doc in (REPO / "docs" / "neo4j.md").read_text(encoding="utf-8")
    answers = []
    for run, want, error in ((neo4j, on_neo4j, Neo4jLoadError), (embedded, on_embedded, EmbeddedQueryError)):
        if want is NEO4J_ONLY or want is EMBEDDED_ONLY:
            with pytest.raises(error):
                run(cypher, {})
            continue
        result = run(cypher, {})
        if isinstance(want, str) and want != "close":
            assert result.columns == [want]
        elif want == "close":
            answers.append(result.rows[0][0])
        else:
            assert result.rows == (want(kg) if callable(want) else want)
    if len(answers) == 2:
        a, b = answers
        assert math.isclose(a, b, rel_tol=1e-12)  # the same to 12 digits; bit-equal only by luck
