"""Extraction quality in one command: per-field P/R/F1 on dev, 5-fold CV over the training set, and SciREX-64.

Scores what ``kg extract`` produces with the functions of ``shared/eval/score.py``
(imported by path, so the numbers are the ones the project is judged by) on:

- **dev**: ``shared/eval/dev.jsonl`` (120 abstracts). For model selection only:
  never train or tune on it;
- **cv**: the 329 annotated corpus abstracts of ``training/data/corpus_train.jsonl``
  in 5 fixed folds (``training/data/folds.json``; fold = SHA-1 of the id mod 5,
  written when missing). Rules have no training step, so each fold is simply
  scored on its own: the table gives the pooled (micro) score of the chosen
  folds, the mean of their per-fold F1, and every fold's F1. A trained
  component is cross-validated by training on the other four folds; pass its
  config per fold with ``--config``;
- **sxours**: the 292 SciREX *train* abstracts annotated to our guidelines
  (``training/data/scirex_train_ours.jsonl``): older papers of another source, every
  field scored. ``--folds`` picks its parts the same way (fold = SHA-1 of the id mod 5),
  so rules can be developed on folds 0-2 of both sets and checked on folds 3-4.
  Caveats: the opt-in span model was trained on these abstracts (its sxours column is
  training data), and the harvested lists hold SciREX train names, so datasets and
  methods there are optimistic;
- **rdev**: 200 more arXiv abstracts of January-June 2026 drawn from the same listings as **recent** (no paper
  shared), annotated once to our guidelines (``training/data/recent_dev.jsonl``): the development set of that
  distribution. ``--folds`` picks its parts as for sxours (fold = SHA-1 of the id mod 5);
- **scirex64**: the 64 abstracts of ``shared/eval/scirex_abstracts.jsonl`` listed in
  ``shared/train/scirex_heldout_ids.txt`` (the only ones no SciREX-trained model
  or vocabulary has seen). SciREX gold has no proposed/used split, no repos and
  no results: those columns are blank;
- a config with the **task or metric ranker** on (``ranker`` under ``[components.task_patterns]`` or
  ``[components.metric_patterns]``, see ``training/README.md``) scores cv, sxours and rdev out of fold: fold k uses
  a ranker fitted on the candidates of both annotated sets without fold k (``--rank-train-folds 0,1,2``: only
  those folds); the other sets use the config's weights;
- **sx64ours**: the same 64 abstracts annotated to *our* guidelines, twice and
  adjudicated (``training/data/heldout/scirex64_ours.jsonl``): every field, a source
  and a set nobody developed a rule on. Evaluation only: never train or tune on it;
- **recent**: 100 arXiv abstracts of January-June 2026 (cs.CV, cs.CL, cs.AI), sampled at random,
  annotated to our guidelines twice and adjudicated (``training/data/heldout/recent100_ours.jsonl``):
  the kind of paper the extractors are judged on, newer than every other set. Evaluation only;
- **recent2**: 100 more of those papers (``training/data/heldout/recent2_ours.jsonl``), made at the end of round 9
  after the rules of that round had been chosen on recent, so that one set stays untouched by any decision.
  Evaluation only;
- **hfdev**: the other 192 papers of the Hugging Face pool (``training/data/hf_dev.jsonl``), annotated once: the
  development set of judge-like papers, folded by SHA-1 of the id like sxours and rdev;
- **hf100**: 100 papers of May-October 2026 featured on Hugging Face Daily Papers, the kind of paper the corpus
  and the judged abstracts are (``training/data/heldout/hf100_ours.jsonl``, ``training/sample_hf.py``), annotated
  twice and adjudicated. Evaluation only.

    .venv/bin/python benchmarks/quality.py                          # everything, shipped pipeline
    .venv/bin/python benchmarks/quality.py --folds 0,1,2,3          # develop on folds 0-3 only
    .venv/bin/python benchmarks/quality.py --sets cv,scirex64 --fields datasets,metrics
    .venv/bin/python benchmarks/quality.py --config my.cfg --json   # another pipeline, for machines
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import spacy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # training/ is not an installed package: the rankers' fitting lives there

import extractors  # noqa: E402
from extractors.ranker import load_ranker  # noqa: E402
from kg.io import atomic_write  # noqa: E402
from paperkg.extract import extract_records, write_predictions  # noqa: E402
from training import rank  # noqa: E402
from training.rank import fold_of, read_jsonl  # noqa: E402 - the folds the rankers are fitted on

SHARED = REPO.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
SCORE_PY = SHARED / "eval" / "score.py"
SCIREX = SHARED / "eval" / "scirex_abstracts.jsonl"
SCIREX_HELDOUT = SHARED / "train" / "scirex_heldout_ids.txt"
TRAIN = REPO / "training" / "data" / "corpus_train.jsonl"
FOLDS = REPO / "training" / "data" / "folds.json"
N_FOLDS = 5
FIELDS = ["datasets", "metrics", "methods_proposed", "methods_used", "methods", "tasks", "repos", "results"]
SCIREX_OURS = REPO / "training" / "data" / "scirex_train_ours.jsonl"
RECENT_DEV = REPO / "training" / "data" / "recent_dev.jsonl"
HF_DEV = REPO / "training" / "data" / "hf_dev.jsonl"
#: Development sets folded by SHA-1 of the id (cv has its own fold file): name -> file.
FOLDED_BY_ID = {"sxours": SCIREX_OURS, "rdev": RECENT_DEV, "hfdev": HF_DEV}
SX64_OURS = REPO / "training" / "data" / "heldout" / "scirex64_ours.jsonl"
RECENT = REPO / "training" / "data" / "heldout" / "recent100_ours.jsonl"
RECENT2 = REPO / "training" / "data" / "heldout" / "recent2_ours.jsonl"
HF100 = REPO / "training" / "data" / "heldout" / "hf100_ours.jsonl"
#: Evaluation-only sets annotated to our guidelines, every field scored: name -> file.
HELDOUT_OURS = {"sx64ours": SX64_OURS, "recent": RECENT, "recent2": RECENT2, "hf100": HF100}
SETS = ["dev", "cv", *FOLDED_BY_ID, "scirex64", *HELDOUT_OURS]
#: Fields SciREX gold does not annotate (always empty lists there): not scored on it.
SCIREX_UNSCORED = {"methods_proposed", "methods_used", "repos", "results"}


def load_score_py(path: Path = SCORE_PY) -> ModuleType:
    """shared/eval/score.py as a module."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fold_assignment(records: list[dict[str, Any]], path: Path = FOLDS) -> dict[str, int]:
    """id -> fold, read from *path*; written there first when missing (ids in file order)."""
    if path.exists():
        folds = json.loads(path.read_text(encoding="utf-8"))["folds"]
        unknown = [r["id"] for r in records if r["id"] not in folds]
        if unknown:
            raise SystemExit(f"{path}: no fold for {len(unknown)} training ids (e.g. {unknown[0]}); "
                             "delete the file to re-derive it")
        return {k: int(v) for k, v in folds.items()}
    folds = {r["id"]: fold_of(r["id"]) for r in records}
    doc = {"_about": f"Fixed {N_FOLDS}-fold split of training/data/corpus_train.jsonl: fold = int(sha1(id), 16) % "
                     f"{N_FOLDS}. Written by benchmarks/quality.py; develop on folds 0-3, check on fold 4.",
           "sizes": [sum(1 for f in folds.values() if f == k) for k in range(N_FOLDS)],
           "folds": folds}
    with atomic_write(path) as fh:
        fh.write(json.dumps(doc, indent=1) + "\n")
    return folds


def score(score_py: ModuleType, gold: list[dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, dict]:
    """Micro P/R/F1 per field, exactly as score.py's ``main`` computes them (without its files and printing)."""
    totals = {t: [0, 0, 0] for t in score_py.TYPES}
    for g in gold:
        gs, ps = score_py.gold_sets(g), score_py.pred_sets(preds.get(str(g["id"]), {}))
        for t in score_py.TYPES:
            tp, n_pred, n_gold = score_py.greedy(gs[t], ps.get(t, []), _matcher(score_py, t))
            totals[t][0] += tp
            totals[t][1] += n_pred
            totals[t][2] += n_gold
    out = {}
    for t, (tp, n_pred, n_gold) in totals.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[t] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "gold": n_gold, "pred": n_pred}
    return out


def _matcher(score_py: ModuleType, field: str):
    if field == "repos":
        return lambda a, b: a == b
    if field == "results":
        return lambda a, b: a[1] is not None and a[1] == b[1] and (
            a[0] == b[0] or bool(a[0] and b[0] and (a[0] in b[0] or b[0] in a[0])))
    if field == "tasks":
        return score_py.task_match
    return lambda a, b: bool(a[0] & b[0])


def predict(records: list[dict[str, Any]], config: str | None) -> dict[str, dict[str, Any]]:
    """``kg extract`` over *records* (title + abstract only: the gold is not shown to the pipeline)."""
    with tempfile.TemporaryDirectory(prefix="kg-quality-") as tmp:
        src = Path(tmp) / "papers.jsonl"
        write_predictions(({"id": r["id"], "title": r.get("title", ""), "abstract": r.get("abstract", "")}
                           for r in records), src)
        return {str(p["id"]): p for p in extract_records([str(src)], config=config, on_problem=_on_problem)}


def _on_problem(problem: Exception) -> None:
    """A component that raises is a bug to see, not a paper to score as empty; unreadable records
    (SciREX abstracts without a title) are skipped as ``kg extract`` skips them, and score as missing."""
    if "extraction failed" in str(problem):
        raise problem
    print(f"skipped: {problem}", file=sys.stderr)


def ranker_setting(config: str | None, kind: str = "tasks") -> str | None:
    """The ``ranker`` setting of *kind*'s component in the config (a weights path, "shipped", or None)."""
    cfg = spacy.util.load_config(config or extractors.CONFIG, interpolate=False)
    return cfg["components"].get(rank.KINDS[kind][0], {}).get("ranker")


class OutOfFold:
    """Configs whose task and metric rankers never saw the fold scored: fold k's ranker is fitted on the
    candidates of both annotated sets in *train_folds* minus k (default: every other fold), with the threshold
    of the config's weights (chosen on the develop folds). Without a ranker in the config, the config itself."""

    def __init__(self, config: str | None, train_folds: list[int] | None, tmp: Path) -> None:
        self.config, self.tmp = config, tmp
        self.train_folds = list(range(N_FOLDS)) if train_folds is None else train_folds
        self.thresholds: dict[str, float] = {}
        for kind, (_, _, shipped) in rank.KINDS.items():
            setting = ranker_setting(config, kind)
            if setting:
                self.thresholds[kind] = load_ranker(shipped if setting == "shipped" else setting).threshold
        self.kind_rows: dict[str, list] = {}  # kind -> candidate rows of both annotated sets, made on first use
        self.made: dict[int, str] = {}

    def _rows(self, kind: str) -> list:
        if kind not in self.kind_rows:
            self.kind_rows[kind] = rank.load_training(rank.score_module(), kind)[1]
        return self.kind_rows[kind]

    def __call__(self, fold: int) -> str | None:
        if not self.thresholds:
            return self.config
        if fold not in self.made:
            cfg = spacy.util.load_config(self.config or extractors.CONFIG, interpolate=False)
            train = [k for k in self.train_folds if k != fold]
            for kind, threshold in self.thresholds.items():
                weights = rank.train_ranker(self._rows(kind), threshold, train,
                                            {"command": "benchmarks/quality.py, out of fold"}, kind=kind)
                path = self.tmp / f"{kind}_ranker_fold{fold}.json"
                path.write_text(json.dumps(weights), encoding="utf-8")
                cfg["components"][rank.KINDS[kind][0]]["ranker"] = str(path)
            cfg.to_disk(self.tmp / f"fold{fold}.cfg", interpolate=False)
            self.made[fold] = str(self.tmp / f"fold{fold}.cfg")
        return self.made[fold]


def evaluate(config: str | None, sets: list[str], folds: list[int],
             rank_train_folds: list[int] | None = None) -> dict[str, Any]:
    score_py = load_score_py()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kg-quality-rank-") as tmp:
        fold_config = OutOfFold(config, rank_train_folds, Path(tmp))
        _evaluate(score_py, out, config, fold_config, sets, folds)
    return out


def _evaluate(score_py: ModuleType, out: dict[str, Any], config: str | None, fold_config: OutOfFold,
              sets: list[str], folds: list[int]) -> None:
    if "dev" in sets:
        dev = read_jsonl(DEV)
        out["dev"] = {"n": len(dev), "scores": score(score_py, dev, predict(dev, config))}
    if "cv" in sets:
        train = read_jsonl(TRAIN)
        out["cv"] = _folded(score_py, train, fold_assignment(train), folds, fold_config)
    for name in [n for n in FOLDED_BY_ID if n in sets]:
        records = read_jsonl(FOLDED_BY_ID[name])
        out[name] = _folded(score_py, records, {r["id"]: fold_of(r["id"]) for r in records}, folds, fold_config)
    if "scirex64" in sets:
        held = set(SCIREX_HELDOUT.read_text(encoding="utf-8").split())
        records = [r for r in read_jsonl(SCIREX) if r["id"].split(":", 1)[-1] in held or r["id"] in held]
        scores = score(score_py, records, predict(records, config))
        out["scirex64"] = {"n": len(records), "scores": {t: v for t, v in scores.items() if t not in SCIREX_UNSCORED}}
    for name in [n for n in HELDOUT_OURS if n in sets]:
        records = read_jsonl(HELDOUT_OURS[name])
        out[name] = {"n": len(records), "scores": score(score_py, records, predict(records, config))}


def _folded(score_py: ModuleType, records: list[dict[str, Any]], assignment: dict[str, int], folds: list[int],
            fold_config: OutOfFold) -> dict[str, Any]:
    """Scores of the records in *folds*: pooled (micro), the mean of the per-fold F1, and every fold."""
    chosen = [r for r in records if assignment[r["id"]] in folds]
    preds: dict[str, dict[str, Any]] = {}
    for k in folds:
        preds.update(predict([r for r in chosen if assignment[r["id"]] == k], fold_config(k)))
    per_fold = {k: score(score_py, [r for r in chosen if assignment[r["id"]] == k], preds) for k in folds}
    pooled = score(score_py, chosen, preds)
    mean = {t: round(sum(per_fold[k][t]["F1"] for k in folds) / len(folds), 3) for t in pooled}
    return {"n": len(chosen), "folds": folds, "pooled": pooled, "fold_mean_F1": mean,
            "per_fold": {str(k): v for k, v in per_fold.items()}}


def _prf(v: dict | None) -> str:
    return f"{v['P']:.3f} {v['R']:.3f} {v['F1']:.3f}" if v else f"{'-':>5} {'-':>5} {'-':>5}"


def format_table(result: dict[str, Any], fields: list[str]) -> str:
    """One row per field: dev P/R/F1, CV pooled P/R/F1, CV fold-mean F1 and per-fold F1, SciREX-64 P/R/F1."""
    cv = result.get("cv")
    head = [f"{'field':17s}"]
    if "dev" in result:
        head.append(f"{'dev  P     R    F1':17s}")
    if cv:
        head.append(f"{'cv   P     R    F1':17s}")
        head.append("mean  " + " ".join(f"f{k}   " for k in cv["folds"]))
    head += [f"{name[:4]:4s} P     R    F1" for name in FOLDED_BY_ID if name in result]
    if "scirex64" in result:
        head.append(f"{'sx64 P     R    F1':17s}")
    head += [f"{name + ' P R  F1':17s}" for name in HELDOUT_OURS if name in result]
    lines = ["  ".join(head)]
    for t in fields:
        row = [f"{t:17s}"]
        if "dev" in result:
            row.append(_prf(result["dev"]["scores"][t]))
        if cv:
            row.append(_prf(cv["pooled"][t]))
            row.append(f"{cv['fold_mean_F1'][t]:.3f} " + " ".join(f"{cv['per_fold'][str(k)][t]['F1']:.3f}"
                                                                for k in cv["folds"]))
        row += [_prf(result[name]["pooled"][t]) for name in FOLDED_BY_ID if name in result]
        if "scirex64" in result:
            row.append(_prf(result["scirex64"]["scores"].get(t)))
        row += [_prf(result[name]["scores"][t]) for name in HELDOUT_OURS if name in result]
        lines.append("  ".join(row))
    sizes = [f"{name}={result[name]['n']}" for name in SETS if name in result]
    if cv:
        sizes.append(f"folds={','.join(map(str, cv['folds']))}")
    lines.append("abstracts: " + " ".join(sizes))
    return "\n".join(lines)


def _csv_list(text: str, allowed: list[str], what: str) -> list[str]:
    items = [x.strip() for x in text.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(bad) or '(none)'}; choose from {', '.join(allowed)}")
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None, help="spaCy pipeline config to score (default: the shipped one)")
    parser.add_argument("--fields", type=lambda s: _csv_list(s, FIELDS, "field"), default=FIELDS,
                        help=f"comma-separated fields (default: all of {','.join(FIELDS)})")
    parser.add_argument("--sets", type=lambda s: _csv_list(s, SETS, "set"), default=SETS,
                        help=f"comma-separated evaluation sets: {','.join(SETS)} (default: all)")
    parser.add_argument("--folds", type=lambda s: [int(x) for x in _csv_list(s, list("01234"), "fold")],
                        default=list(range(N_FOLDS)),
                        help="folds of cv, sxours, rdev and hfdev to score, e.g. 0,1,2 (default: all five)")
    parser.add_argument("--rank-train-folds", type=lambda s: [int(x) for x in _csv_list(s, list("01234"), "fold")],
                        default=None, help="folds the task or metric ranker of a cv / sxours fold may be fitted on, "
                                           "that fold left out (default: all); dev and the held-out sets use the "
                                           "config's weights")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    needed = {"dev": [DEV], "cv": [TRAIN], **{name: [path] for name, path in FOLDED_BY_ID.items()},
              "scirex64": [SCIREX, SCIREX_HELDOUT],
              **{name: [path] for name, path in HELDOUT_OURS.items()}}
    for path in [SCORE_PY] + [p for name in args.sets for p in needed[name]]:
        if not path.exists():
            where = "shared data, in ../shared of the repository" if SHARED in path.parents else "repository data"
            parser.error(f"{path} not found ({where})")
    trained_on = {"cv", "sxours"} & set(args.sets)
    if args.config and trained_on and "span_model" in Path(args.config).read_text(encoding="utf-8"):
        # the shipped span model was fine-tuned on all five folds and on sxours: those columns are training data
        print("warning: this config runs the shipped span model, which was trained on every CV fold and on sxours; "
              "those columns are not held out. Cross-validate a trained component with `python -m training.cv`.",
              file=sys.stderr)
    start = time.perf_counter()
    result = evaluate(args.config, args.sets, args.folds, args.rank_train_folds)
    result["seconds"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(result))
    else:
        print(format_table(result, args.fields))
        print(f"seconds: {result['seconds']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
