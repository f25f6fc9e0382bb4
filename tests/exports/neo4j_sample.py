"""A small hand-made graph with known answers to every canned question (neo4j tests share it)."""

from __future__ import annotations

from typing import Any

from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord

__all__ = ["P1", "P2", "P3", "P4", "REPO", "sample_graph"]

P1, P2, P3 = "DetNet: detecting things", "A study using DetNet", "SegNet2 for detection"
P4 = 'Quotes "x", back\\slash, }{ and\nnewline'
REPO = "https://github.com/a/detnet"


def _ev(surface: str, start: int = 0) -> Evidence:
    return Evidence(surface, start, start + len(surface), f"... {surface} ...", "hand", 0.8)


def _m(kind: str, eid: str, name: str, surface: str | None = None, role: str | None = None,
       start: int = 0, **props: Any) -> Mention:
    return Mention(kind, eid, name, _ev(surface or name, start), role, tuple(sorted(props.items())))


def _r(value: float, dataset: tuple[str, str] | None, method: tuple[str, str] | None) -> ResultRecord:
    return ResultRecord("AP", "metric:ap", value, f"{value} AP", _ev(f"{value} AP"), None,
                        dataset[1] if dataset else None, dataset[0] if dataset else None,
                        method[1] if method else None, method[0] if method else None)


COCO, VOC, IMAGENET = ("dataset:coco", "COCO"), ("dataset:voc", "VOC"), ("dataset:imagenet", "ImageNet")
DETNET, SEGNET = ("method:detnet", "DetNet"), ("method:segnet2", "SegNet2")


def sample_graph() -> KnowledgeGraph:
    """Four papers: DetNet proposed in P1 and used by P2 and P4; a tie for best AP on COCO."""
    task = _m("task", "task:object-detection", "object detection")
    kg = KnowledgeGraph()
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0001", title=P1, abstract=""), [
        _m("method", *DETNET, role="proposed"), task,
        _m("dataset", *COCO, surface="MS COCO"), _m("dataset", *COCO, start=40), _m("dataset", *VOC),
        _m("repository", "repo:github.com/a/detnet", "github.com/a/detnet", REPO, url=REPO, host="github.com"),
    ], [_r(51.5, COCO, DETNET), _r(80.0, VOC, None)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0002", title=P2, abstract=""), [
        _m("method", *DETNET, role="used"), _m("dataset", *COCO), _m("dataset", *VOC), _m("dataset", *IMAGENET),
    ], [_r(49.0, COCO, DETNET)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0003", title=P3, abstract=""), [
        _m("method", *SEGNET, role="proposed"), task, _m("dataset", *COCO), _m("dataset", *IMAGENET),
    ], [_r(51.5, COCO, SEGNET)]))
    kg.add_fragment(PaperFragment(Paper(id="arxiv:0004", title=P4, abstract=""), [
        _m("method", *DETNET, role="used"), _m("dataset", *IMAGENET),
    ]))
    return kg
