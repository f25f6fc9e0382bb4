"""The embedded Cypher engine: loading, idempotence, verbatim strings, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exports.embedded import EmbeddedLoad, EmbeddedQueryError, count_embedded, load_embedded, run_query
from exports.neo4j_schema import NodeValue, render
from kg.graph import KnowledgeGraph
from tests.exports.nasty_sample import nasty_graph
from tests.exports.neo4j_sample import P4, sample_graph

HOSTILE = 'x"y\'z \\ }{ `MATCH (n) DETACH DELETE n`\n$rows'


@pytest.fixture
def graph() -> KnowledgeGraph:
    kg = sample_graph()
    kg.set_properties("dataset:voc", name=HOSTILE)
    kg.set_properties("dataset:voc", wikidata={"id": "Q1", "note": HOSTILE})  # not in the schema
    return kg


def _expected(kg: KnowledgeGraph) -> dict[str, dict[str, int]]:
    got = count_embedded(load_embedded(kg))
    return {kind: {k: v for k, v in counts.items() if v} for kind, counts in got.items()}


def test_counts_match_the_graph(graph: KnowledgeGraph) -> None:
    assert _expected(graph) == graph.counts()


def test_loading_twice_is_idempotent(graph: KnowledgeGraph) -> None:
    report = EmbeddedLoad()
    conn = load_embedded(graph, batch_size=2, report=report)
    first = count_embedded(conn)
    load_embedded(graph, conn=conn, batch_size=3)
    assert count_embedded(conn) == first
    assert report.nodes == graph.number_of_nodes() and report.relationships == graph.number_of_relations()
    assert report.batches > len(graph.counts()["nodes"])  # batch_size 2 splits labels into several batches


def test_hostile_strings_are_stored_verbatim(graph: KnowledgeGraph) -> None:
    conn = load_embedded(graph)
    rows = run_query(conn, "MATCH (d:Dataset) WHERE d.name = $name RETURN d.id AS id, d.extra AS extra",
                     {"name": HOSTILE}).rows
    assert rows[0][0] == "dataset:voc"
    assert json.loads(rows[0][1]) == {"wikidata": {"id": "Q1", "note": HOSTILE}}
    assert run_query(conn, "MATCH (p:Paper {id: 'arxiv:0004'}) RETURN p.title AS t").rows == [[P4]]


def test_evidence_json_round_trips(graph: KnowledgeGraph) -> None:
    conn = load_embedded(graph)
    for rel in graph.relations():
        cypher = render("MATCH (a {id: $s})-[r:__TYPE__]->(b {id: $t}) RETURN r.evidence_json AS e", rel_type=rel.type)
        got = run_query(conn, cypher, {"s": rel.source, "t": rel.target}).rows
        assert json.loads(got[0][0]) == [e.to_dict() for e in rel.evidence]


def test_nodes_and_relationships_come_back_as_values_without_engine_columns(graph: KnowledgeGraph) -> None:
    conn = load_embedded(graph)
    node, rel = run_query(conn, "MATCH (p)-[r:PROPOSES]->(m:Method {id: 'method:detnet'}) RETURN m, r").rows[0]
    assert node == NodeValue(("Method",), {"id": "method:detnet", "name": "DetNet", "aliases": ["DetNet"]})
    assert str(node) == '(:Method {id: "method:detnet", name: "DetNet", aliases: ["DetNet"]})'
    assert rel.type == "PROPOSES" and rel.properties["count"] == 1 and "extra" not in rel.properties
    assert not any(key.startswith("_") for key in rel.properties)
    voc = run_query(conn, "MATCH (d:Dataset {id: 'dataset:voc'}) RETURN d").rows[0][0]
    assert voc.properties["wikidata"] == {"id": "Q1", "note": HOSTILE}  # the extra column, unpacked


def test_columns_are_named_as_neo4j_names_them(graph: KnowledgeGraph) -> None:
    conn = load_embedded(graph)
    result = run_query(conn, "MATCH (p:Paper)-[r:USES|PROPOSES]->(m) RETURN count(r), m.name AS method, "
                             "count(DISTINCT p) ORDER BY count(r) DESC, method")
    assert result.columns == ["count(r)", "method", "count(DISTINCT p)"]  # the engine says COUNT(r._ID)...


def test_on_disk_database(graph: KnowledgeGraph, tmp_path: Path) -> None:
    conn = load_embedded(graph, database=str(tmp_path / "kg.lbug"))
    assert run_query(conn, "MATCH (p:Paper) RETURN count(p) AS n").rows == [[4]]


def test_rejected_query_points_at_the_dialect_notes(graph: KnowledgeGraph) -> None:
    conn = load_embedded(graph)
    with pytest.raises(EmbeddedQueryError, match="docs/neo4j.md"):
        run_query(conn, "MATCH ()-[r]->() RETURN type(r) AS t")  # Neo4j's type() is label() here


def test_lone_surrogates_and_controls_load() -> None:
    """The engine takes UTF-8 only: a lone surrogate (JSON allows one) is loaded as U+FFFD."""
    kg = nasty_graph()
    conn = load_embedded(kg)
    assert _expected_of(conn) == kg.counts()
    names = run_query(conn, "MATCH (a:Author) RETURN a.name AS name ORDER BY name").rows
    assert ["Ann \ufffd Lee 1"] in names
    ids = run_query(conn, "MATCH (d:Dataset) RETURN d.id AS id").rows
    assert ids == [["dataset:coco\x01"]]


def _expected_of(conn) -> dict[str, dict[str, int]]:
    return {kind: {k: v for k, v in counts.items() if v} for kind, counts in count_embedded(conn).items()}
