"""training.cv: fixed folds, the combination configs it scores, and scoring through score.py."""

from __future__ import annotations

import json

import pytest
from spacy.util import load_config

from extractors import CONFIG
from tests.conftest import SHARED
from training.cv import VARIANTS, folds, model_config, score, score_module

DEV = SHARED / "eval" / "dev.jsonl"


def test_folds_are_a_fixed_partition():
    ids = [f"title:{i:04x}" for i in range(200)]
    first = folds(ids)
    assert first == [sorted(f, key=ids.index) for f in folds(list(reversed(ids)))]  # order of input does not matter
    assert sorted(i for fold in first for i in fold) == sorted(ids)
    assert all(20 < len(fold) < 60 for fold in first)


def test_rules_variant_is_the_shipped_pipeline(tmp_path):
    cfg = load_config(model_config(None, VARIANTS["rules"], tmp_path / "rules.cfg"))
    assert cfg["nlp"]["pipeline"] == load_config(CONFIG)["nlp"]["pipeline"]


def test_model_variant_adds_span_model_before_the_resolver(tmp_path):
    cfg = load_config(model_config(tmp_path / "m", VARIANTS["+DATASET(list)"], tmp_path / "m.cfg"))
    pipeline = cfg["nlp"]["pipeline"]
    assert pipeline.index("span_model") == pipeline.index("kg_resolver") - 1
    assert cfg["components"]["span_model"]["labels"] == cfg["components"]["span_model"]["vocab_labels"] == ["DATASET"]
    assert cfg["components"]["span_model"]["model"] == str(tmp_path / "m")


def test_score_uses_score_py_on_kg_extract_output(tmp_path):
    if not DEV.exists():
        pytest.skip("shared/eval/dev.jsonl not found")
    gold = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:3]]
    result = score(gold, model_config(None, {}, tmp_path / "rules.cfg"), score_module())
    assert result["_missing_ids"] == 0
    assert result["datasets"]["gold"] == sum(len(r["datasets"]) for r in gold)
    assert 0.0 <= result["tasks"]["F1"] <= 1.0


def test_beam_width_option_sets_the_width_of_threshold_variants_only(tmp_path):
    beam = load_config(model_config(tmp_path / "m", VARIANTS["+TASK@0.8"], tmp_path / "b.cfg", beam_width=4))
    assert beam["components"]["span_model"]["beam_width"] == 4
    assert beam["components"]["span_model"]["thresholds"] == {"TASK": 0.8}
    greedy = load_config(model_config(tmp_path / "m", VARIANTS["+TASK"], tmp_path / "g.cfg", beam_width=4))
    assert greedy["components"]["span_model"]["beam_width"] == 1
    assert VARIANTS["+TASK@0.9"]["beam_width"] == 8  # the default stays the width of the greedy model's beam check
