"""A small graph for the HTML-view tests (hostile title included), and how to read a page's data back.

Shared by the tests of exports/html.py, html_data.py, html_layout.py, graphml.py and of `kg view`.
"""

from __future__ import annotations

import json
import re

from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord

__all__ = ["HOSTILE_TITLE", "make_graph", "embedded_data"]

HOSTILE_TITLE = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> <!-- \u2028"


def _mention(paper: Paper, kind: str, eid: str, name: str, surface: str, role: str | None = None) -> Mention:
    start = paper.text.index(surface)
    sentence = next(s for s in paper.text.split("\n")[1].split(". ") if surface in s) if surface in paper.abstract else paper.title
    return Mention(kind, eid, name, Evidence(surface, start, start + len(surface), sentence, f"{kind}_ruler", 0.9), role)


def make_graph(n_extra: int = 0) -> KnowledgeGraph:
    """A small graph: papers with datasets, methods, a metric, a result, a repository, a hostile title."""
    kg = KnowledgeGraph()
    p1 = Paper("arxiv:2005.12872", "End-to-End Object Detection with Transformers",
               "We present DETR. DETR is evaluated on COCO and reaches 42.0 AP. Code: https://github.com/facebookresearch/detr",
               arxiv_id="2005.12872")
    ev = Evidence("42.0 AP", p1.text.index("42.0"), p1.text.index("42.0") + 7, "DETR is evaluated on COCO and reaches 42.0 AP", "results", 0.8)
    kg.add_fragment(PaperFragment(p1, [
        _mention(p1, "method", "method:detr", "DETR", "DETR", "proposed"),
        _mention(p1, "dataset", "dataset:coco", "COCO", "COCO"),
        _mention(p1, "repository", "repo:github.com/facebookresearch/detr", "github.com/facebookresearch/detr",
                 "https://github.com/facebookresearch/detr"),
    ], [ResultRecord("AP", "metric:ap", 42.0, "42.0 AP", ev, None, "COCO", "dataset:coco", "DETR", "method:detr")]))
    kg.set_properties("repo:github.com/facebookresearch/detr", url="https://github.com/facebookresearch/detr")
    p2 = Paper("title:0000000000000002", "Mask R-CNN revisited", "We train Mask R-CNN on MS COCO and Cityscapes.")
    kg.add_fragment(PaperFragment(p2, [
        _mention(p2, "method", "method:mask-r-cnn", "Mask R-CNN", "Mask R-CNN", "used"),
        _mention(p2, "dataset", "dataset:coco", "COCO", "MS COCO"),
        _mention(p2, "dataset", "dataset:cityscapes", "Cityscapes", "Cityscapes"),
    ]))
    p3 = Paper("title:0000000000000003", HOSTILE_TITLE, "We use COCO. javascript:alert(3)", url="javascript:alert(3)")
    kg.add_fragment(PaperFragment(p3, [_mention(p3, "dataset", "dataset:coco", "COCO", "COCO")]))
    for i in range(n_extra):
        p = Paper(f"title:extra{i:05d}", f"Extra paper {i} on Cityscapes", "We use Cityscapes.")
        kg.add_fragment(PaperFragment(p, [_mention(p, "dataset", "dataset:cityscapes", "Cityscapes", "Cityscapes")]))
    return kg


def embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))
