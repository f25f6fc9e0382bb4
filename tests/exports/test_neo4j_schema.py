"""The shared schema, statement files and value conversions of the Neo4j exporters."""

from __future__ import annotations

import pytest

from exports.neo4j_schema import (
    REL_TYPES,
    NodeValue,
    RelationshipValue,
    batched,
    check_graph,
    cypher_literal,
    edge_props,
    examples,
    load_schema,
    neo4j_value,
    node_props,
    render,
    statements,
)
from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Relation
from kg.model import Evidence
from kg.model import NODE_LABELS


def test_schema_matches_the_data_model() -> None:
    schema = load_schema()
    assert tuple(schema.nodes) == NODE_LABELS
    assert set(schema.relationships) == set(REL_TYPES)
    assert all(set(ends) <= set(NODE_LABELS) for ends in schema.relationships.values())
    assert all(props["id"] == "STRING" for props in schema.nodes.values())


def test_statement_files_parse() -> None:
    assert set(statements("neo4j")) == {"constraint", "merge_nodes", "merge_relationships", "count_nodes",
                                        "count_relationships"}
    assert set(statements("embedded")) >= {"create_node_table", "create_rel_table", "merge_nodes"}
    assert len(examples()) == 5
    assert examples()["papers-on-dataset"].params == {"dataset": "COCO"}
    assert all(not s.text.endswith(";") and "// name" not in s.text for s in examples().values())


@pytest.mark.parametrize("bad", ["Paper) DETACH DELETE (n", "paper", "Entity", "Paper`", ""])
def test_render_refuses_names_outside_the_whitelist(bad: str) -> None:
    with pytest.raises(ExportError, match="not a label"):
        render("MATCH (n:__LABEL__) RETURN n", label=bad)
    with pytest.raises(ExportError, match="not a relationship type"):
        render("MATCH ()-[r:__TYPE__]->() RETURN r", rel_type=bad)


def test_render_fills_endpoints_and_refuses_missing_values() -> None:
    text = render(statements("neo4j")["merge_relationships"].text, rel_type="OF_METRIC")
    assert "MATCH (a:Result {id: row.source})" in text and "MATCH (b:Metric {id: row.target})" in text
    with pytest.raises(ExportError, match="__LABEL__"):
        render("MATCH (n:__LABEL__) RETURN n")


def test_batched() -> None:
    assert [len(b) for b in batched(list(range(7)), 3)] == [3, 3, 1]
    assert list(batched([], 3)) == []
    with pytest.raises(ExportError):
        list(batched([1], 0))


@pytest.mark.parametrize(("value", "expected"), [
    ("x", ("k", "x")), (3, ("k", 3)), ([1, 2.5], ("k", [1.0, 2.5])), ([True, False], ("k", [True, False])), ([1, True], ("k_json", "[1, true]")), ([], ("k", [])),
    ({"a": 1}, ("k_json", '{"a": 1}')), ([1, "a"], ("k_json", '[1, "a"]')), ([None], ("k_json", "[null]")),
    (None, None), (float("nan"), None),
])
def test_neo4j_value(value, expected) -> None:
    assert neo4j_value("k", value) == expected


def test_node_props_types_schema_fields_and_drops_nulls() -> None:
    props = node_props("Paper", {"year": "2020", "title": "T", "authors": ("A", "B"), "doi": None})
    assert props == {"year": 2020, "title": "T", "authors": ["A", "B"]}


def test_edge_props_parallel_arrays_keep_order() -> None:
    evidence = (Evidence("a", 1, 2, "s1", "x", 0.5), Evidence("b", None, None, "", "y", 1.0))
    props = edge_props(Relation("title:1", "method:m", "USES", evidence))
    assert props["ev_surface"] == ["a", "b"] and props["ev_start"] == [1, -1] and props["ev_end"] == [2, -1]
    assert props["ev_extractor"] == ["x", "y"] and props["ev_confidence"] == [0.5, 1.0]
    assert "type" not in props and props["count"] == 2


def test_check_graph_rejects_foreign_labels_and_endpoints() -> None:
    kg = KnowledgeGraph()
    kg.add_node("x:1", "Entity")
    with pytest.raises(ExportError, match="label 'Entity'"):
        check_graph(kg)
    kg = KnowledgeGraph()
    kg.add_node("dataset:a", "Dataset")
    kg.add_node("method:b", "Method")
    kg.add_relation("dataset:a", "method:b", "USES")
    with pytest.raises(ExportError, match="joins Dataset to Method"):
        check_graph(kg)
    kg = KnowledgeGraph()
    kg.add_node("dataset:a", "Dataset")
    kg.add_node("method:b", "Method")
    kg.add_relation("dataset:a", "method:b", "LIKES")
    with pytest.raises(ExportError, match="type 'LIKES'"):
        check_graph(kg)


def test_nodes_and_relationships_print_as_cypher_and_json() -> None:
    node = NodeValue(("Dataset",), {"id": "dataset:coco", "name": 'MS "COCO"', "aliases": ["COCO"], "n": 2,
                                   "ok": True, "odd key": None})
    assert str(node) == '(:Dataset {id: "dataset:coco", name: "MS \\"COCO\\"", aliases: ["COCO"], n: 2, ok: TRUE, ' \
                        '`odd key`: NULL})'
    assert node.to_json() == {"labels": ["Dataset"], "properties": node.properties}
    rel = RelationshipValue("USES", {"count": 2})
    assert str(rel) == "[:USES {count: 2}]" and rel.to_json() == {"type": "USES", "properties": {"count": 2}}
    assert str(NodeValue(("Paper",), {})) == "(:Paper)" and cypher_literal([node]) == f"[{node}]"
