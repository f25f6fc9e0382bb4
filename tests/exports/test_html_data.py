"""exports/html_data.py: what an HTML view embeds: safe JSON, http(s)-only links, side-panel details."""

from __future__ import annotations

import json
import re

import pytest

from exports.html_data import (MAX_MENTIONS, NodeDetails, display_name, node_details, safe_json, safe_url, short_label,
                               text_segments)
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
    by_paper = {m["paper"]: m for m in json.loads(safe_json(coco))["mentions"]}  # each mention is JSON text
    hit = [s for s in by_paper["title:0000000000000002"]["sentences"][0] if len(s) == 3]
    assert hit == [["MS COCO", "hit", ""]]


def test_text_segments_clip_and_drop_overlaps() -> None:
    assert text_segments("We use COCO and LVIS.", [(16, 20, "Dataset", "d:lvis"), (7, 11, "Dataset", "d:coco")]) == [
        ["We use "], ["COCO", "Dataset", "d:coco"], [" and "], ["LVIS", "Dataset", "d:lvis"], ["."]]
    assert text_segments("abc", [(1, 99, "M", "m")]) == [["a"], ["bc", "M", "m"]]
    assert text_segments("abcdef", [(0, 4, "A", "a"), (2, 6, "B", "b")]) == [["abcd", "A", "a"], ["ef", "B", "b"]]
    assert text_segments("abc", [(5, 9, "A", "a"), (2, 1, "B", "b")]) == [["abc"]]
    assert text_segments("", []) == []


@pytest.mark.parametrize(("url", "kept"), [
    ("https://github.com/a/b", "https://github.com/a/b"),
    ("  http://x.org/p?q=1  ", "http://x.org/p?q=1"),
    ("javascript:alert(1)", None), ("data:text/html,<b>", None), ("https://x.org/\"onmouseover=", None),
    ("https://x.org/a b", None), ("ftp://x.org", None), (None, None), (42, None),
])
def test_safe_url(url: object, kept: str | None) -> None:
    assert safe_url(url) == kept


def test_display_names_and_short_labels(kg: KnowledgeGraph) -> None:
    result = next(kg.nodes("Result"))
    assert display_name(result) == "AP = 42.0 AP"
    assert display_name(kg.node("arxiv:2005.12872")) == "End-to-End Object Detection with Transformers"
    assert display_name(kg.node("dataset:coco")) == "COCO"
    assert short_label("a\n  b") == "a b" and short_label("x" * 40, 10) == "x" * 9 + "\u2026"


def test_result_facts_and_connections(kg: KnowledgeGraph) -> None:
    result_id = next(kg.nodes("Result")).id
    details = node_details(kg, result_id, degree=4, shown={result_id, "dataset:coco"})
    assert details["type"] == "Result" and details["degree"] == 4
    assert dict(details["facts"]) == {"value": "42.0", "raw": "42.0 AP", "metric": "AP", "dataset": "COCO",
                                      "method": "DETR"}
    connections = {c[1]: c for c in details["connections"]}
    assert connections["dataset:coco"][0] == "\u2192 ON_DATASET" and connections["dataset:coco"][3] == "1"
    assert connections["method:detr"][3] == ""  # listed, but not drawn on the page: not clickable
    assert details["connection_count"] == len(details["connections"])


def test_a_restored_panel_carries_on_as_if_it_had_seen_every_relation() -> None:
    kg = make_graph(n_extra=MAX_MENTIONS + 5)
    shown = {node.id for node in kg.nodes()}
    for node_id in ("dataset:cityscapes", "dataset:coco", "metric:ap", "arxiv:2005.12872"):
        into, out = list(kg.relations(target=node_id)), list(kg.relations(source=node_id))
        whole = node_details(kg, node_id, degree=kg.degree(node_id), shown=shown)
        first = NodeDetails(kg.node(node_id), degree=0, shown=shown)
        for rel in into[::2]:
            first.add(rel, kg.node(rel.source), outgoing=False)
        state = json.loads(json.dumps(first.state()))  # as the store keeps it
        later = NodeDetails.restore(kg.node(node_id), state, degree=kg.degree(node_id), shown=shown)
        for rel in into[1::2]:
            later.add(rel, kg.node(rel.source), outgoing=False)
        for rel in out:
            later.add(rel, kg.node(rel.target), outgoing=True)
        assert safe_json(later.record()) == safe_json(whole), node_id
    assert whole["evidence_count"] > 0
    assert node_details(kg, "dataset:cityscapes", degree=1, shown=shown)["mention_count"] == MAX_MENTIONS + 6


def test_whether_a_connection_is_drawn_is_decided_when_the_record_is_made(kg: KnowledgeGraph) -> None:
    details = NodeDetails(kg.node("dataset:coco"), degree=3, shown=set())
    for rel in kg.relations(target="dataset:coco"):
        details.add(rel, kg.node(rel.source), outgoing=False)
    result = [c for c in details.record()["connections"] if c[1].startswith("result:")]
    assert result and result[0][3] == ""
    details.shown = {result[0][1]}
    assert details.record()["connections"][0][3] == "1"
