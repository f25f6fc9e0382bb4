"""Train the ranker of task or metric candidates: logistic regression with L2 over binary features, numpy only.

Every task candidate of an annotated abstract (``TaskPatterns.groups``: one group per entity, see
``extractors/task_features.py``) is a row; it is positive when it matches a gold task of its abstract by
``shared/eval/score.py``'s task matcher (name, surfaces and the gold's aliases). Metric candidates
(``MetricPatterns.groups``, ``extractors/metric_features.py``) likewise, matched as ``score.py`` matches metrics
(a normalised form equal to the gold name or an alias). The fit is full-batch gradient
descent with Nesterov momentum from zero weights: deterministic, no sampling. The threshold maximises the pooled
task F1 of the develop folds (0-2 of both annotated sets), each scored by a ranker trained on the other develop
folds; then the shipped weights are fitted on every fold of both sets::

    python -m training.rank tasks                  # rewrites extractors/data/task_ranker.json
    python -m training.rank tasks --out /tmp/w.json --train-folds 0,1,2
    python -m training.rank metrics                # rewrites extractors/data/metric_ranker.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import spacy

import extractors
from extractors.handover import make_doc
from extractors.metrics import SHIPPED_RANKER as METRIC_RANKER
from extractors.tasks import SHIPPED_RANKER
from training.cv import score_module

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "training" / "data"
SETS = {"cv": DATA / "corpus_train.jsonl", "sxours": DATA / "scirex_train_ours.jsonl"}
DEVELOP_FOLDS = (0, 1, 2)
L2 = 0.002
MIN_COUNT = 2
#: Word-identity feature families, penalised LEXICAL_SCALE times as much as the others.
LEXICAL = ("head=", "first=", "prev1=", "prev2=", "next=")
LEXICAL_SCALE = 1.0
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(25)]
SEED = 0  # recorded for provenance: the fit has no randomness

Row = dict[str, Any]
#: kind -> (component, gold field, shipped weights file)
KINDS = {"tasks": ("task_patterns", "tasks", SHIPPED_RANKER), "metrics": ("metric_patterns", "metrics", METRIC_RANKER)}


def matcher(scorer, kind: str = "tasks"):
    """``score.py``'s match of a gold entity and a predicted one for *kind*."""
    return scorer.task_match if kind == "tasks" else (lambda g, p: bool(g[0] & p[0]))


def fold_of(record_id: str) -> int:
    """The fixed fold of an annotated abstract: SHA-1 of its id, mod 5 (benchmarks/quality.py scores by it)."""
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 5


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def candidate_rows(records: Iterable[dict[str, Any]], set_name: str, scorer, config: Path | None = None,
                   kind: str = "tasks") -> list[Row]:
    """One row per candidate group of each record: features, label and the gold it may match. Task candidates
    are read before the task component runs; metric candidates after the metric component's hand rules."""
    pipe, gold_field, _ = KINDS[kind]
    cfg = spacy.util.load_config(config or extractors.CONFIG)
    cfg["components"][pipe]["ranker"] = None
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True)
    names = [name for name, _ in nlp.pipeline]
    before = nlp.pipeline[:names.index(pipe) + (kind == "metrics")]
    component = nlp.get_pipe(pipe)
    match = matcher(scorer, kind)
    rows = []
    for rec in records:
        doc = make_doc(nlp, f"{rec.get('title', '')}\n{rec.get('abstract', '')}")
        for _, proc in before:
            doc = proc(doc)
        gold = [scorer.forms_gold(e) for e in rec.get(gold_field) or []]
        for group in component.groups(doc):
            forms = _forms(scorer, group.name, group.surfaces)
            rows.append({"id": rec["id"], "set": set_name, "fold": fold_of(rec["id"]), "kb": group.kb,
                         "name": group.name, "forms": forms, "features": sorted(group.features),
                         "spans": sorted({(span.start, span.end) for span, _ in group.mentions}),
                         "label": int(any(match(g, forms) for g in gold))})
    return rows


def _forms(scorer, name: str, surfaces: list[str]):
    names = [name, *surfaces]
    return {scorer.norm(n) for n in names} - {""}, names


def gold_counts(records: Iterable[dict[str, Any]], scorer, kind: str = "tasks") -> dict[str, list]:
    """id -> the gold forms of *kind* of each record."""
    return {r["id"]: [scorer.forms_gold(e) for e in r.get(KINDS[kind][1]) or []] for r in records}


def fit(rows: Sequence[Row], l2: float = L2, min_count: int = MIN_COUNT, iterations: int = 1500,
        step: float = 0.5, lexical: float | None = None) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-regularised logistic regression over the rows' features (seen >= *min_count*);
    the word features (:data:`LEXICAL`) get *lexical* times the penalty (default :data:`LEXICAL_SCALE`)."""
    counts: dict[str, int] = {}
    for row in rows:
        for f in row["features"]:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, c in counts.items() if c >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    row_of, feat_of = [], []
    for r, row in enumerate(rows):
        for f in row["features"]:
            if f in index:
                row_of.append(r)
                feat_of.append(index[f])
    rows_i, feats_i = np.array(row_of, dtype=np.int64), np.array(feat_of, dtype=np.int64)
    y = np.array([row["label"] for row in rows], dtype=np.float64)
    n, d = len(rows), len(vocab)
    scale = LEXICAL_SCALE if lexical is None else lexical
    penalty = np.array([l2 * (scale if f.startswith(LEXICAL) else 1.0) for f in vocab])
    theta = np.zeros(d + 1)  # weights, then the bias
    velocity = np.zeros(d + 1)
    for _ in range(iterations):
        ahead = theta + 0.9 * velocity
        margin = ahead[d] + np.bincount(rows_i, weights=ahead[feats_i], minlength=n)
        residual = 1.0 / (1.0 + np.exp(-margin)) - y
        grad = np.empty(d + 1)
        grad[:d] = np.bincount(feats_i, weights=residual[rows_i], minlength=d) / n + penalty * ahead[:d]
        grad[d] = residual.mean()
        velocity = 0.9 * velocity - step * grad
        theta = theta + velocity
    weights = {f: round(float(theta[i]), 4) for i, f in enumerate(vocab) if abs(theta[i]) >= 1e-4}
    return weights, round(float(theta[d]), 4)


def probabilities(rows: Sequence[Row], weights: dict[str, float], bias: float) -> np.ndarray:
    margins = np.array([bias + sum(weights.get(f, 0.0) for f in row["features"]) for row in rows])
    return 1.0 / (1.0 + np.exp(-margins))


def pooled_f1(rows: Sequence[Row], probs: np.ndarray, gold: dict[str, list], threshold: float, scorer,
              kind: str = "tasks") -> float:
    """F1 of *kind* over the records of *gold* when the rows scoring >= *threshold* are the predictions; as the
    resolver does, a kept row whose every mention lies inside a longer kept mention is not predicted."""
    kept: dict[str, list[Row]] = {}
    for row, p in zip(rows, probs):
        if p >= threshold:
            kept.setdefault(row["id"], []).append(row)
    preds = {rid: [row["forms"] for row in group if not _covered(row, group)
                   and not (kind == "metrics" and _overlapped(row, group))] for rid, group in kept.items()}
    tp = n_pred = n_gold = 0
    for rid, golds in gold.items():
        t, n_p, n_g = scorer.greedy(golds, preds.get(rid, []), matcher(scorer, kind))
        tp, n_pred, n_gold = tp + t, n_pred + n_p, n_gold + n_g
    p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def _covered(row: Row, rows: Sequence[Row]) -> bool:
    """Whether every mention of *row* lies inside a longer mention of another row of its abstract."""
    longer = [(s, e) for other in rows if other is not row for s, e in other["spans"]]
    return all(any(s <= a and b <= e and e - s > b - a for s, e in longer) for a, b in row["spans"])


def _overlapped(row: Row, rows: Sequence[Row]) -> bool:
    """Whether every mention of a pattern (not curated) *row* overlaps a curated row's mention without holding
    it: the resolver keeps the curated span then ("over Union score" against "Intersection over Union")."""
    if "curated" in row["features"]:
        return False
    curated = [(s, e) for other in rows if other is not row and "curated" in other["features"] for s, e in other["spans"]]
    return all(any(s < b and a < e and not (a <= s and e <= b) for s, e in curated) for a, b in row["spans"])


def out_of_fold(rows: Sequence[Row], folds: Sequence[int], l2: float = L2) -> tuple[list[Row], np.ndarray]:
    """The rows of *folds*, each scored by a ranker fitted on the rows of the other folds of *folds*."""
    kept, probs = [], []
    for k in folds:
        train = [r for r in rows if r["fold"] in folds and r["fold"] != k]
        test = [r for r in rows if r["fold"] == k]
        weights, bias = fit(train, l2)
        kept.extend(test)
        probs.extend(probabilities(test, weights, bias))
    return kept, np.array(probs)


def choose_threshold(rows: Sequence[Row], records: Sequence[dict], scorer, folds: Sequence[int] = DEVELOP_FOLDS,
                     l2: float = L2, kind: str = "tasks") -> tuple[float, float]:
    """The threshold of the best pooled out-of-fold F1 of *kind* over *folds*, and that F1."""
    held, probs = out_of_fold(rows, folds, l2)
    gold = gold_counts([r for r in records if fold_of(r["id"]) in folds], scorer, kind)
    f1 = {t: pooled_f1(held, probs, gold, t, scorer, kind) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (round(f1[t], 4), -abs(t - 0.5)))
    return best, f1[best]


def train_ranker(rows: Sequence[Row], threshold: float, train_folds: Sequence[int], provenance: dict[str, Any],
                 l2: float = L2, kind: str = "tasks") -> dict[str, Any]:
    """The weights JSON of a ranker fitted on the rows of *train_folds*."""
    train = [r for r in rows if r["fold"] in train_folds]
    weights, bias = fit(train, l2)
    prov = {"kind": kind, "trained_on": sorted({r["set"] for r in train}), "folds": sorted(train_folds),
            "rows": len(train), "positives": sum(r["label"] for r in train), "features": len(weights),
            "l2": l2, "lexical_l2_scale": LEXICAL_SCALE, "min_count": MIN_COUNT, "seed": SEED, **provenance}
    return {"kind": kind, "bias": bias, "threshold": threshold, "weights": dict(sorted(weights.items())),
            "provenance": prov}


def load_training(scorer, kind: str = "tasks") -> tuple[list[dict], list[Row]]:
    """Both annotated sets' records and their candidate rows of *kind*."""
    records, rows = [], []
    for name, path in SETS.items():
        recs = read_jsonl(path)
        records.extend(recs)
        rows.extend(candidate_rows(recs, name, scorer, kind=kind))
    return records, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=sorted(KINDS), help="which candidates to rank")
    parser.add_argument("--out", type=Path, default=None, help="weights file to write (default: the shipped one)")
    parser.add_argument("--train-folds", default="0,1,2,3,4", help="folds of both sets to fit on (default: all)")
    args = parser.parse_args(argv)
    kind, shipped = args.kind, KINDS[args.kind][2]
    args.out = args.out or shipped
    scorer = score_module()
    records, rows = load_training(scorer, kind)
    threshold, f1 = choose_threshold(rows, records, scorer, kind=kind)
    folds = [int(x) for x in args.train_folds.split(",")]
    command = f"python -m training.rank {kind}" + ("" if args.out == shipped else f" --out {args.out}") \
        + ("" if args.train_folds == "0,1,2,3,4" else f" --train-folds {args.train_folds}")
    doc = train_ranker(rows, threshold, folds, {"command": command, "threshold_from": "folds 0-2, out of fold",
                                                "develop_oof_f1": round(f1, 4)}, kind=kind)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    p = doc["provenance"]
    print(f"{args.out}: {p['rows']} rows ({p['positives']} positive), {p['features']} weights, "
          f"threshold {threshold} (develop out-of-fold F1 {f1:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
