"""Graph merge: entities by id, evidence aggregated, merging idempotent and order-independent."""

from __future__ import annotations

import itertools

from kg.graph import KnowledgeGraph
from kg.model import Mention
from tests.kg.conftest import ev, frag


def test_entities_merge_by_id_across_papers(fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    coco = kg.node("dataset:coco")
    assert coco.label == "Dataset" and coco.name == "COCO"
    assert coco.get("aliases") == ["COCO", "MS COCO", "Microsoft COCO"]
    assert {r.source for r in kg.relations(target="dataset:coco")} == {"title:a", "title:b", kg_result_id(kg)}


def kg_result_id(kg):
    (rid,) = [n.id for n in kg.nodes("Result")]
    return rid


def test_repeated_mentions_aggregate_on_one_edge(fragments):
    kg = KnowledgeGraph()
    kg.add_fragment(fragments[0])
    edge = kg.relation("title:a", "dataset:coco", "EVALUATES_ON")
    assert edge.count == 2
    assert [e.surface for e in edge.evidence] == ["MS COCO", "COCO"]
    assert len(list(kg.relations(source="title:a", target="dataset:coco"))) == 1


def test_a_paper_proposes_or_uses_a_method_not_both(fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    assert kg.has_relation("title:a", "method:co-detr", "PROPOSES")
    assert not kg.has_relation("title:a", "method:co-detr", "USES")
    assert kg.relation("title:a", "method:co-detr", "PROPOSES").count == 2
    assert kg.has_relation("title:b", "method:co-detr", "USES")


def test_results_link_metric_dataset_method_and_every_edge_has_evidence(fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    rid = kg_result_id(kg)
    assert kg.node(rid).properties["value"] == 66.0
    assert {(r.target, r.type) for r in kg.relations(source=rid)} == {
        ("metric:ap", "OF_METRIC"), ("dataset:coco", "ON_DATASET"), ("method:co-detr", "OF_METHOD")}
    assert kg.has_relation("title:a", rid, "REPORTS")
    assert kg.has_relation("title:a", "author:zhuofan-zong", "AUTHORED_BY")
    for rel in kg.relations():
        assert rel.evidence, rel


def test_merging_is_idempotent_and_order_independent(fragments):
    from kg.graphjson import graph_to_dict

    dumps = set()
    for order in itertools.permutations(fragments + fragments[:1]):
        kg = KnowledgeGraph()
        for f in order:
            kg.add_fragment(f)
        dumps.add(repr(graph_to_dict(kg)))
    assert len(dumps) == 1


def test_merge_of_graphs_equals_adding_all_fragments(fragments):
    from kg.graphjson import graph_to_dict

    whole = KnowledgeGraph()
    for f in fragments:
        whole.add_fragment(f)
    left, right = KnowledgeGraph(), KnowledgeGraph()
    left.add_fragment(fragments[0])
    right.add_fragment(fragments[1])
    right.add_fragment(fragments[0])
    left.merge(right)
    assert graph_to_dict(left) == graph_to_dict(whole)


def test_counts(fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    counts = kg.counts()
    assert counts["nodes"] == {"Author": 1, "Dataset": 1, "Method": 1, "Metric": 1, "Paper": 2,
                               "Repository": 1, "Result": 1}
    assert counts["edges"]["EVALUATES_ON"] == 2
    assert kg.paper_ids() == {"title:a", "title:b"}


def test_result_names_do_not_become_aliases_whatever_the_order(fragments):
    from kg.graphjson import graph_to_dict

    a, b = fragments
    one, two = KnowledgeGraph(), KnowledgeGraph()
    one.add_fragment(a); one.add_fragment(b)
    two.add_fragment(b); two.add_fragment(a)
    assert graph_to_dict(one) == graph_to_dict(two)
    assert "COCO test-dev" not in one.node("dataset:coco").properties["aliases"]


def test_fragments_of_slash_lists_are_evidence_but_not_aliases():
    kg = KnowledgeGraph()
    kg.add_fragment(frag("title:c", [Mention("dataset", "dataset:refcocog", "RefCOCOg", ev("g", 10)),
                                     Mention("dataset", "dataset:refcocog", "RefCOCOg", ev("RefCOCOg", 30))]))
    assert kg.node("dataset:refcocog").properties["aliases"] == ["RefCOCOg"]
    assert kg.relation("title:c", "dataset:refcocog", "EVALUATES_ON").count == 2


def test_nodes_and_relations_read_back_from_their_graph_json_objects():
    from kg.graph import Node, Relation
    from kg.model import Evidence

    rel = Relation("title:1", "dataset:coco", "EVALUATES_ON", (Evidence("COCO", 7, 11, "We use COCO.", "r", 0.5),),
                   ("COCO",), {"extra": 1})
    data = {"source": rel.source, "target": rel.target, "type": rel.type, **rel.to_dict()}
    assert data["count"] == 1 and data["confidence"] == 0.5
    back = Relation.from_dict(data)
    assert back == rel and dict(back.properties) == {"extra": 1}  # count and confidence are derived again
    node = Node.from_dict({"id": "dataset:coco", "label": "Dataset", "name": "COCO"})
    assert (node.id, node.label, dict(node.properties)) == ("dataset:coco", "Dataset", {"name": "COCO"})
