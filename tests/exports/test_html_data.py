"""exports/html_data.py: what an HTML view embeds: safe JSON, http(s)-only links, side-panel details."""

from __future__ import annotations

import json
import re

import pytest

from exports.html_data import node_details, safe_json
from kg.graph import KnowledgeGraph
from tests.exports.html_sample import make_graph


@pytest.fixture
def kg() -> KnowledgeGraph:
    return make_graph()


@pytest.fixture
def details(kg: KnowledgeGraph) -> dict[str, dict]:
    """The side-panel record of every node, as write_html computes them for a whole-graph page."""
    shown = {node.id for node in kg.nodes()}
    return {node_id: node_details(kg, node_id, degree=kg.degree(node_id), shown=shown) for node_id in shown}


def test_safe_json_escapes_and_round_trips() -> None:
    value = {"t": "</script><!-- & \u2028\u2029 <b>"}
    text = safe_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_links_keep_only_http(details: dict[str, dict]) -> None:
    assert details["arxiv:2005.12872"]["links"] == [
        ["arXiv", "https://arxiv.org/abs/2005.12872"], ["code", "https://github.com/facebookresearch/detr"]]
    assert details["title:0000000000000003"]["links"] == []


def test_paper_abstract_carries_evidence_spans(kg: KnowledgeGraph, details: dict[str, dict]) -> None:
    paper = details["arxiv:2005.12872"]
    marked = [s for s in paper["abstract_segments"] if len(s) == 3]
    assert ["COCO", "Dataset", "dataset:coco"] in marked
    assert ["DETR", "Method", "method:detr"] in marked
    text = "".join(s[0] for s in paper["title_segments"]) + "\n" + "".join(s[0] for s in paper["abstract_segments"])
    assert text == f"{kg.node('arxiv:2005.12872').properties['title']}\n{kg.node('arxiv:2005.12872').properties['abstract']}"


def test_entity_lists_mentioning_papers_with_sentence(details: dict[str, dict]) -> None:
    coco = details["dataset:coco"]
    assert coco["mention_count"] == 3
    assert "MS COCO" in coco["aliases"]
    by_paper = {m["paper"]: m for m in coco["mentions"]}
    hit = [s for s in by_paper["title:0000000000000002"]["sentences"][0] if len(s) == 3]
    assert hit == [["MS COCO", "hit", ""]]
