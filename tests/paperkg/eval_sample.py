"""A gold file and a prediction file whose scores are worked out by hand (the evaluation tests share them)."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["GOLD", "PRED", "write_eval_files"]

GOLD = [
    {"id": "a", "title": "Co-DETR", "abstract": "Co-DETR gets 66.0 AP on COCO test-dev. github.com/Sense-X/Co-DETR",
     "datasets": [{"name": "COCO", "aliases": ["MS COCO"]}, {"name": "LVIS v1.0", "aliases": []}],
     "metrics": [{"name": "AP", "aliases": ["average precision"]}],
     "methods_proposed": [{"name": "Co-DETR", "aliases": []}], "methods_used": [{"name": "DETR", "aliases": []}],
     "tasks": [{"name": "object detection", "aliases": []}, {"name": "inductive link prediction", "aliases": []}],
     "repos": ["https://github.com/Sense-X/Co-DETR.git"],
     "results": [{"metric": "AP", "value": 66.0, "dataset": "COCO test-dev", "method": "Co-DETR"},
                 {"metric": "top-1 accuracy", "value": 90.0, "dataset": None, "method": None}]},
    {"id": "b", "title": "SciREX-style", "abstract": "x", "datasets": [], "metrics": [],
     "methods": [{"name": "BiDAF", "aliases": ["BiDAF (single model)"]}], "tasks": [], "repos": [], "results": []},
    {"id": "c", "title": "missing from predictions", "abstract": "y", "datasets": [{"name": "GLUE", "aliases": []}]},
]
PRED = [
    {"id": "a", "entities": [
        {"type": "dataset", "id": "dataset:coco", "name": "COCO", "surface": ["MSCOCO", "MS COCO"]},
        {"type": "dataset", "id": "dataset:imagenet", "name": "ImageNet", "surface": ["ImageNet"]},
        {"type": "metric", "id": "metric:ap", "name": "AP", "surface": ["AP"]},
        {"type": "method", "name": "Co-DETR", "surface": ["Co-DETR"], "role": "proposed"},
        {"type": "method", "name": "DINO", "surface": ["DINO"], "role": "used"},
        {"type": "task", "name": "object detection", "surface": ["detection"]},
        {"type": "task", "name": "link prediction", "surface": ["link prediction"]},
        {"type": "repository", "id": "github.com/sense-x/co-detr", "name": "github.com/sense-x/co-detr"}],
     "results": [{"metric": "AP", "value": 66.0}, {"metric": "accuracy", "value": 90.0}, {"metric": "AP", "raw": "+2.1"}]},
    {"id": "b", "entities": [{"type": "method", "name": "BiDAF", "surface": ["BiDAF"]}], "results": []},
    {"id": "zzz", "entities": [{"type": "dataset", "name": "Extra"}]},
]


def write_eval_files(folder: Path) -> tuple[Path, Path]:
    """GOLD and PRED written as ``gold.jsonl`` and ``pred.jsonl`` in *folder*."""
    gold, pred = folder / "gold.jsonl", folder / "pred.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in GOLD), encoding="utf-8")
    pred.write_text("".join(json.dumps(r) + "\n" for r in PRED), encoding="utf-8")
    return gold, pred
