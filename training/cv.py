"""Cross-validation of the span model and of its combinations with the rules, scored by ``shared/eval/score.py``.

The 329 corpus abstracts are split into 5 fixed folds (SHA-1 of the id mod 5). For each fold the SciREX base model
(``python -m training.retrain`` stage 1, trained on no corpus abstract) is fine-tuned on the other 4
folds plus our 292 SciREX-train abstracts, with ``dev.jsonl`` picking the checkpoint, and the held-out fold
is extracted by the rules pipeline with and without the model in each combination (:data:`VARIANTS`),
then scored with score.py's own functions (imported by path). ``--no-finetune`` scores the base model on
all folds as is (a fully held-out check of what SciREX alone teaches).

    python -m training.cv --base /tmp/paperkg-span-model/base_w32d2-noupper/model-best
    python -m training.cv --score /tmp/model --gold ../shared/eval/dev.jsonl   # one gold file, every variant
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path

from spacy.util import load_config

from extractors import CONFIG
from paperkg.extract import extract_records
from training.retrain import DATA, DEV, SHARED, docbin, train

__all__ = ["FIELDS", "VARIANTS", "score_module", "folds", "model_config", "score", "main"]

FIELDS = ("datasets", "metrics", "methods_proposed", "methods_used", "methods", "tasks", "repos", "results")
#: name -> the span_model settings of a combination ("rules": no model). "(list)": the model's spans of
#: that label must be in the name lists; "@p": beam search (width 8, or cv's ``--beam-width``), spans of
#: probability >= p.
VARIANTS: dict[str, dict] = {
    "rules": {},
    "+DATASET": {"labels": ["DATASET"]},
    "+TASK": {"labels": ["TASK"]},
    "+METRIC": {"labels": ["METRIC"]},
    "+METHOD": {"labels": ["METHOD"]},
    "+DATASET(list)": {"labels": ["DATASET"], "vocab_labels": ["DATASET"]},
    "+TASK(list)": {"labels": ["TASK"], "vocab_labels": ["TASK"]},
    "+METRIC(list)": {"labels": ["METRIC"], "vocab_labels": ["METRIC"]},
    "+METHOD(list)": {"labels": ["METHOD"], "vocab_labels": ["METHOD"]},
    "+DATASET+TASK": {"labels": ["DATASET", "TASK"]},
    "+TASK+METHOD(list)": {"labels": ["TASK", "METHOD"], "vocab_labels": ["TASK", "METHOD"]},
    "+DATASET+TASK(list)": {"labels": ["DATASET", "TASK"], "vocab_labels": ["DATASET", "TASK"]},
    **{f"+{label}@{p}": {"labels": [label], "beam_width": 8, "thresholds": {label: p}}
       for label in ("DATASET", "TASK", "METRIC", "METHOD") for p in (0.5, 0.7, 0.8, 0.9, 0.97)},
}


def score_module():
    """``shared/eval/score.py`` imported by path (it is not a package)."""
    spec = importlib.util.spec_from_file_location("paperkg_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folds(ids: list[str], k: int = 5) -> list[list[str]]:
    """*ids* in *k* fixed folds: SHA-1 of the id mod *k* (the split of benchmarks/quality.py, issue 13)."""
    out: list[list[str]] = [[] for _ in range(k)]
    for record_id in ids:
        out[int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % k].append(record_id)
    return out


def model_config(model: Path | None, settings: dict, out: Path, beam_width: int | None = None) -> Path:
    """The shipped pipeline config plus ``span_model`` (*model*, *settings*) before the resolver; rules if no settings.

    *beam_width* replaces the width of a beam-search variant (one with thresholds), e.g. a beam-trained model's own.
    """
    cfg = load_config(CONFIG, interpolate=False)
    if settings and beam_width and settings.get("thresholds"):
        settings = {**settings, "beam_width": beam_width}
    if settings:
        pipeline = list(cfg["nlp"]["pipeline"])
        pipeline.insert(pipeline.index("kg_resolver"), "span_model")
        cfg["nlp"]["pipeline"] = pipeline
        cfg["components"]["span_model"] = {"factory": "span_model", "model": str(model) if model else None,
                                           "vocab_labels": [], "beam_width": 1, "thresholds": {}, **settings}
    cfg.to_disk(out)
    return out


def score(gold: list[dict], config: Path, scorer) -> dict:
    """score.py's per-field P/R/F1 of ``kg extract`` with *config* on the *gold* records."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
        records = list(extract_records([str(gold_path)], config=str(config)))
        pred_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            return scorer.main(str(gold_path), str(pred_path), True)


def _sum(totals: dict, result: dict) -> None:
    for field in FIELDS:
        t = totals.setdefault(field, [0.0, 0, 0])
        p, n_pred, n_gold = result[field]["P"], result[field]["pred"], result[field]["gold"]
        t[0] += round(p * n_pred)  # true positives back from P (score.py rounds P to 3 places)
        t[1] += n_pred
        t[2] += n_gold


def _f1(t: list) -> tuple[float, float, float]:
    p = t[0] / t[1] if t[1] else 0.0
    r = t[0] / t[2] if t[2] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_table(title: str, totals: dict[str, dict]) -> None:
    """One row per variant, P/R/F1 per field (micro-averaged over the folds)."""
    print(f"\n{title}")
    print("| variant | " + " | ".join(FIELDS) + " |")
    print("|---|" + "---|" * len(FIELDS))
    for name, fields in totals.items():
        cells = []
        for field in FIELDS:
            p, r, f = _f1(fields[field])
            cells.append(f"{f:.3f} ({p:.2f}/{r:.2f})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    sys.stdout.flush()


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="the SciREX base model (stage 1 of training.retrain)")
    parser.add_argument("--no-finetune", action="store_true", help="score the base model as is on every fold")
    parser.add_argument("--score", type=Path, help="score this model on --gold instead of cross-validating")
    parser.add_argument("--gold", type=Path, help="with --score: the gold JSONL")
    parser.add_argument("--only-ids", type=Path, help="with --score: keep these gold ids (e.g. scirex_heldout_ids.txt)")
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), help="which combinations to score")
    parser.add_argument("--beam-width", type=int, help="beam width of the '@p' variants (default: theirs, 8)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--folds", type=int, nargs="*", help="only these folds (0-based; default all)")
    parser.add_argument("--finetune-steps", type=int, default=600, help="as training.retrain")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paperkg-span-cv"),
                        help="DocBins, fold models and per-fold scores (results/fold<i>/<variant>.json, reused)")
    args = parser.parse_args(argv)
    scorer = score_module()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    totals: dict[str, dict] = {v: {} for v in args.variants}
    if args.score:
        gold = _read(args.gold)
        if args.only_ids:
            keep = set(args.only_ids.read_text().split())
            gold = [r for r in gold if r["id"] in keep]
        for v in args.variants:
            _sum(totals[v], score(gold, model_config(args.score, VARIANTS[v], work / f"{v}.cfg", args.beam_width), scorer))
        print_table(f"{args.gold.name} ({len(gold)} abstracts), model {args.score}", totals)
        return 0
    if args.base is None:
        parser.error("--base is required for cross-validation")
    corpus = _read(DATA / "corpus_train.jsonl")
    scirex_ids = [r["id"] for r in _read(DATA / "scirex_train_ours.jsonl")]
    dev = docbin(work / "dev.spacy", [DEV])
    for i, held_out in enumerate(folds([r["id"] for r in corpus], args.k)):
        if args.folds is not None and i not in args.folds:
            continue
        test = [r for r in corpus if r["id"] in set(held_out)]
        if args.no_finetune:
            model = args.base
        else:
            ids = work / f"fold{i}.ids"
            ids.write_text("\n".join([r["id"] for r in corpus if r["id"] not in set(held_out)] + scirex_ids) + "\n")
            train_path = docbin(work / f"fold{i}.spacy", [DATA / "corpus_train.jsonl", DATA / "scirex_train_ours.jsonl"],
                                only_ids=ids)
            model = work / f"fold{i}" / "model-best"
            if not model.exists():
                train("span_ner_finetune.cfg", work / f"fold{i}", train_path, dev, width=0, depth=0, hidden=0,
                      max_steps=args.finetune_steps, eval_frequency=100, base_model=args.base)
        for v in args.variants:
            saved = work / "results" / f"fold{i}" / f"{v}.json"
            if not saved.exists():
                saved.parent.mkdir(parents=True, exist_ok=True)
                result = score(test, model_config(model, VARIANTS[v], work / f"fold{i}-{v}.cfg", args.beam_width), scorer)
                saved.write_text(json.dumps(result) + "\n", encoding="utf-8")
            _sum(totals[v], json.loads(saved.read_text(encoding="utf-8")))
        print_table(f"after fold {i + 1}/{args.k} ({'base model' if args.no_finetune else 'fine-tuned'})", totals)
    return 0


if __name__ == "__main__":
    sys.exit(main())
