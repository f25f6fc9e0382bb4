"""Regression guard: methods and code links on the shared dev set must not drop below the recorded F1."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.conftest import SHARED

DEV = SHARED / "eval" / "dev.jsonl"
SCORER = SHARED / "eval" / "score.py"
#: F1 recorded when the methods extractor landed (docs/methods.md); a drop of more than 0.02 fails.
RECORDED = {"methods_proposed": 0.88, "methods_used": 0.90, "repos": 0.984}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason="shared dev set not available")]


def test_dev_f1_holds(tmp_path, capsys):
    from paperkg.extract import extract_records, write_predictions

    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    preds = tmp_path / "pred.jsonl"
    write_predictions(extract_records([DEV]), preds)
    result = score.main(str(DEV), str(preds), as_json=True)
    capsys.readouterr()
    drops = {field: (result[field]["F1"], f1) for field, f1 in RECORDED.items() if result[field]["F1"] < f1 - 0.02}
    assert not drops, f"F1 dropped (now, recorded): {drops}"
    assert json.loads(preds.read_text(encoding="utf-8").splitlines()[0])["id"]
