"""Regression guard: the dev-set F1 of every field stays within 0.02 of the recorded scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperkg.evaluate import FIELDS, read_jsonl, score_records
from paperkg.extract import extract_records
from tests.conftest import SHARED

DEV = SHARED / "eval" / "dev.jsonl"
RECORDED = Path(__file__).parent / "dev_scores.json"
TOLERANCE = 0.02


@pytest.fixture(scope="module")
def dev_scores() -> dict:
    if not DEV.exists():
        pytest.skip(f"{DEV} not found: the dev set lives in shared/eval next to the repository")
    return score_records(read_jsonl(DEV), extract_records([str(DEV)]))


def test_recorded_scores_cover_every_field():
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert set(FIELDS) <= set(recorded)


@pytest.mark.parametrize("field", FIELDS)
def test_field_has_not_regressed(dev_scores, field):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[field]
    now = dev_scores[field]["F1"]
    assert now >= recorded - TOLERANCE, f"{field}: dev F1 {now:.3f} fell below the recorded {recorded:.3f}"
