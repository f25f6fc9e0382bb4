"""kg/stats.py: counts by type and the entities linked to the most papers (what `kg stats` prints)."""

from __future__ import annotations

import pytest

from kg.graph import KnowledgeGraph
from kg.model import Mention
from kg.stats import TOP_LABELS, graph_stats, top_entities
from tests.kg.conftest import ev, frag


@pytest.fixture
def kg(fragments) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for fragment in fragments:
        kg.add_fragment(fragment)
    kg.add_fragment(frag("title:c", [
        Mention("dataset", "dataset:lvis", "LVIS", ev("LVIS", 3)),
        Mention("dataset", "dataset:ade20k", "ADE20K", ev("ADE20K", 9)),
        Mention("method", "method:co-detr", "Co-DETR", ev("Co-DETR", 20), role="used"),
    ]))
    return kg


def test_entities_are_ranked_by_papers_not_mentions(kg: KnowledgeGraph) -> None:
    # COCO: mentioned twice by paper a, once by paper b, and the target of a result (not a paper): 2 papers
    assert top_entities(kg, "Dataset") == [("dataset:coco", "COCO", 2), ("dataset:ade20k", "ADE20K", 1),
                                           ("dataset:lvis", "LVIS", 1)]  # ties by name, case-insensitively
    assert top_entities(kg, "Method") == [("method:co-detr", "Co-DETR", 3)]


def test_top_n_and_labels_without_nodes(kg: KnowledgeGraph) -> None:
    assert top_entities(kg, "Dataset", n=1) == [("dataset:coco", "COCO", 2)]
    assert top_entities(kg, "Task") == []


def test_an_entity_without_a_name_is_listed_by_id() -> None:
    kg = KnowledgeGraph()
    kg.add_node("task:unnamed", "Task")
    assert top_entities(kg, "Task") == [("task:unnamed", "task:unnamed", 0)]


def test_graph_stats(kg: KnowledgeGraph) -> None:
    stats = graph_stats(kg, top=2)
    assert stats["nodes"] == kg.counts()["nodes"] and stats["edges"] == kg.counts()["edges"]
    assert stats["nodes"]["Paper"] == 3 and stats["edges"]["EVALUATES_ON"] == 4
    assert stats["total_nodes"] == kg.number_of_nodes() == sum(stats["nodes"].values())
    assert stats["total_edges"] == kg.number_of_relations() == sum(stats["edges"].values())
    assert list(stats["top"]) == list(TOP_LABELS)
    assert stats["top"]["Dataset"] == [("dataset:coco", "COCO", 2), ("dataset:ade20k", "ADE20K", 1)]
    assert stats["top"]["Repository"] == [("repo:github.com/sense-x/co-detr", "github.com/sense-x/co-detr", 1)]
    assert stats["top"]["Task"] == []


def test_empty_graph() -> None:
    stats = graph_stats(KnowledgeGraph())
    assert (stats["total_nodes"], stats["total_edges"], stats["nodes"], stats["edges"]) == (0, 0, {}, {})
    assert all(rows == [] for rows in stats["top"].values())
