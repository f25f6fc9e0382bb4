"""Fixtures shared by the core tests: small hand-made fragments."""

from __future__ import annotations

import pytest

from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord


def ev(surface, start, extractor="test", sentence="s"):
    return Evidence(surface, start, start + len(surface), sentence, extractor, 0.9)


def frag(pid, mentions=(), results=(), authors=()):
    return PaperFragment(Paper(id=pid, title=f"Title {pid}", abstract="A.", source=f"f:{pid}", authors=authors),
                         list(mentions), list(results))


@pytest.fixture
def fragments():
    a = frag("title:a", [
        Mention("dataset", "dataset:coco", "COCO", ev("MS COCO", 10)),
        Mention("dataset", "dataset:coco", "COCO", ev("COCO", 50)),
        Mention("method", "method:co-detr", "Co-DETR", ev("Co-DETR", 0), role="proposed"),
        Mention("method", "method:co-detr", "Co-DETR", ev("Co-DETR", 80), role="used"),
        Mention("repository", "repo:github.com/sense-x/co-detr", "github.com/sense-x/co-detr",
                ev("github.com/Sense-X/Co-DETR", 90), props=(("host", "github.com"),)),
    ], [ResultRecord("AP", "metric:ap", 66.0, "66.0 AP", ev("66.0 AP", 60), dataset="COCO test-dev",
                     dataset_id="dataset:coco", method="Co-DETR", method_id="method:co-detr")],
        authors=("Zhuofan Zong",))
    b = frag("title:b", [
        Mention("dataset", "dataset:coco", "COCO", ev("Microsoft COCO", 5)),
        Mention("method", "method:co-detr", "Co-DETR", ev("Co-DETR", 20), role="used"),
    ])
    return [a, b]
