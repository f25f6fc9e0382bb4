"""kg eval: the same numbers as shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from paperkg.cli import app
from kg.errors import InputError
from paperkg.evaluate import FIELDS, format_table, score_files, score_records
from tests.conftest import SHARED

SCORE_PY = SHARED / "eval" / "score.py"

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


@pytest.fixture
def files(tmp_path):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in GOLD), encoding="utf-8")
    pred.write_text("".join(json.dumps(r) + "\n" for r in PRED), encoding="utf-8")
    return gold, pred


def test_scores_by_hand():
    s = score_records(GOLD, PRED)
    assert s["datasets"] == {"P": 0.5, "R": 0.333, "F1": 0.4, "gold": 3, "pred": 2}
    assert s["tasks"]["R"] == 1.0  # containment and token Jaccard
    assert s["repos"]["F1"] == 1.0
    assert s["results"] == {"P": 0.667, "R": 1.0, "F1": 0.8, "gold": 2, "pred": 3}
    assert s["methods"]["gold"] == 3 and s["_missing_ids"] == 1


@pytest.mark.skipif(not SCORE_PY.exists(), reason="shared/eval/score.py is not next to the repository")
def test_identical_to_score_py(files):
    gold, pred = files
    expected = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(pred)], capture_output=True,
                              text=True, check=True).stdout.strip()
    assert format_table(score_files(gold, pred)) == expected
    as_json = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(pred), "--json"], capture_output=True,
                             text=True, check=True).stdout
    assert json.loads(as_json) == score_files(gold, pred)


def test_cli_with_pred(files):
    gold, pred = files
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == format_table(score_files(gold, pred))


def test_cli_extracts_from_the_gold_file(files, tmp_path):
    gold, _ = files
    saved = tmp_path / "made.jsonl"
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--save", str(saved), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(FIELDS) <= set(scores) and scores["_missing_ids"] == 0
    assert scores["repos"]["F1"] == 1.0
    assert [json.loads(line)["id"] for line in saved.read_text().splitlines()] == ["a", "b", "c"]


def test_cli_errors_name_the_file(tmp_path, files):
    gold, pred = files
    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path / "nope.jsonl"), "--pred", str(pred)])
    assert result.exit_code == 1 and "nope.jsonl" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2"):
        score_files(gold, bad)
