"""training.rank: a deterministic logistic fit, separable toy problems, thresholds and provenance."""

from __future__ import annotations

import json

import numpy as np

from extractors.ranker import ranker_from_dict
from training import rank


def toy_rows(n=60):
    rows = []
    for i in range(n):
        label = i % 2
        feats = ["good" if label else "bad", f"noise={i % 3}"]
        rows.append({"id": f"r{i}", "set": "cv", "fold": i % 5, "features": feats, "label": label,
                     "forms": ({f"x{i}"}, [f"x{i}"]), "spans": [(i, i + 1)]})
    return rows


def test_fit_is_deterministic_and_learns_a_separable_problem():
    rows = toy_rows()
    first, second = rank.fit(rows), rank.fit(rows)
    assert first == second
    weights, bias = first
    assert weights["good"] > 1.0 > -1.0 > weights["bad"]
    probs = rank.probabilities(rows, weights, bias)
    assert ((probs >= 0.5) == np.array([r["label"] for r in rows], dtype=bool)).all()


def test_rare_features_get_no_weight():
    rows = toy_rows()
    rows[0]["features"] = rows[0]["features"] + ["once"]
    assert "once" not in rank.fit(rows)[0]


def test_train_ranker_writes_provenance_that_loads(tmp_path):
    doc = rank.train_ranker(toy_rows(), 0.5, [0, 1, 2], {"command": "test"})
    assert doc["provenance"]["folds"] == [0, 1, 2] and doc["provenance"]["rows"] == 36
    assert doc["provenance"]["command"] == "test" and doc["provenance"]["seed"] == rank.SEED
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc))
    assert ranker_from_dict(json.loads(path.read_text())).threshold == 0.5


def test_pooled_f1_drops_rows_inside_longer_kept_rows():
    scorer = rank.score_module()
    gold = {"a": [scorer.forms_gold({"name": "image segmentation", "aliases": []})]}
    long = {"id": "a", "forms": rank._forms(scorer, "semantic image segmentation", []), "spans": [(0, 3)]}
    short = {"id": "a", "forms": rank._forms(scorer, "rare task", []), "spans": [(1, 3)]}
    # the short row lies inside the long one: not predicted, so precision stays 1
    assert rank.pooled_f1([long, short], np.array([0.9, 0.9]), gold, 0.5, scorer) == 1.0
    assert rank.pooled_f1([long, short], np.array([0.1, 0.9]), gold, 0.5, scorer) == 0.0


def test_metric_rows_match_exactly_and_overlapped_pattern_rows_are_not_predicted():
    scorer = rank.score_module()
    gold = {"a": [scorer.forms_gold({"name": "IoU", "aliases": ["intersection over union"]})]}
    match = rank.matcher(scorer, "metrics")
    assert match(gold["a"][0], rank._forms(scorer, "IoU", [])) and not match(gold["a"][0], rank._forms(scorer, "mIoU", []))
    curated = {"id": "a", "forms": rank._forms(scorer, "IoU", ["intersection over union"]), "spans": [(0, 3)],
               "features": ["curated"]}
    partial = {"id": "a", "forms": rank._forms(scorer, "union score", []), "spans": [(2, 4)], "features": []}
    # "union score" overlaps the curated "intersection over union" without holding it: the resolver drops it
    assert rank.pooled_f1([curated, partial], np.array([0.9, 0.9]), gold, 0.5, scorer, "metrics") == 1.0
    assert rank.pooled_f1([curated, partial], np.array([0.9, 0.9]), gold, 0.5, scorer, "tasks") < 1.0


def test_train_ranker_records_the_kind():
    assert rank.train_ranker(toy_rows(), 0.5, [0, 1], {}, kind="metrics")["provenance"]["kind"] == "metrics"
