"""MTEB: task metadata (datasets, tasks, metrics), benchmark names (datasets), model metadata (methods).

Every ``TaskMetadata(...)`` and ``ModelMeta(...)`` call in the package is read with :mod:`ast`;
only literal arguments are taken. An MTEB task is a dataset in this project's sense; its name
carries the evaluation type as a suffix ("Banking77Classification"), which is dropped from the
display name and kept as an alias. Task types and subtypes (the ``TaskType`` and
``TaskSubtype`` literals) are tasks; ``main_score`` values are metrics.
"""

from __future__ import annotations

import ast
import re

from ..common import (CURATED, DERIVED, Record, call_kwargs, iter_py, literal, metric_case,
                      package_dir, parse, split_camel)

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "mteb", "mteb", "Apache-2.0"
TAKEN = ("TaskMetadata names (datasets), Benchmark names (datasets), TaskType/TaskSubtype literals "
         "(tasks), main_score values (metrics), ModelMeta names (methods)")

_TYPE_SUFFIX = re.compile(
    r"(Any2Any(Multilingual)?Retrieval|Any2AnyReranking|InstructionRetrieval|InstructionReranking|"
    r"(Audio|Video|Image)?(Multilabel|Pair|Zeroshot|ZeroShot)?Classification|"
    r"(Audio|Video|Image)?Clustering(Fast|S2S|P2P)?|BitextMining|Reranking|Retrieval|STS|Summarization|"
    r"Regression|VideoCentricQA|VisionCentricQA|DocumentUnderstanding|Compositionality)$")

# how score ids are written in papers: "ndcg_at_10" -> "nDCG@10"
_SCORE_WORDS = {"ndcg": "nDCG", "map": "MAP", "mrr": "MRR", "ap": "AP", "nmi": "NMI", "ari": "ARI",
                "lrap": "LRAP", "f1": "F1", "p": "p", "v": "V", "mae": "MAE", "mse": "MSE", "rmse": "RMSE"}


def score_name(score: str) -> str:
    """``ndcg_at_10`` -> ``nDCG@10``, ``v_measure`` -> ``V-measure``, ``cosine_spearman`` -> ``cosine spearman``.

    >>> score_name("ndcg_at_10"), score_name("map_at_1000"), score_name("v_measure"), score_name("max_ap")
    ('nDCG@10', 'MAP@1000', 'V-measure', 'max AP')
    """
    text = re.sub(r"_at_(\d+)$", r"@\1", score)
    words = [_SCORE_WORDS.get(w, w) for w in re.split(r"[_\s]+", text.split("@")[0])]
    joined = "-".join(words) if words[0] == "V" else " ".join(words)
    return joined + ("@" + text.split("@")[1] if "@" in text else "")


def _literal_values(tree: ast.Module, name: str) -> list[str]:
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            if getattr(target, "id", "") == name and isinstance(stmt.value, ast.Subscript):
                return [v for v in ast.walk(stmt.value.slice)
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return []


def _calls(tree: ast.AST, func: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == func:
            yield call_kwargs(node)


def harvest() -> list[Record]:
    pkg = package_dir("mteb")
    records: list[Record] = []
    scores: set[str] = set()
    for path in iter_py(pkg / "tasks", skip={"__pycache__"}):
        for kw in _calls(parse(path), "TaskMetadata"):
            name = literal(kw.get("name"))
            if not isinstance(name, str):
                continue
            base = _TYPE_SUFFIX.sub("", re.sub(r"\.v\d+$", "", name)) or name
            # MTEB's names are code-style ids ("CIFAR10Clustering"): a written form elsewhere wins
            records.append(Record("dataset", base, SOURCE, f"task:{name}", (name,) if base != name else (), DERIVED))
            score = literal(kw.get("main_score"))
            if isinstance(score, str):
                scores.add(score)
    for score in sorted(scores):
        shown = score_name(score)
        records.append(Record("metric", shown, SOURCE, f"main_score:{score}",
                              (score, score.replace("_", " ")), DERIVED))
    for path in iter_py(pkg / "benchmarks", skip={"__pycache__"}):
        for kw in _calls(parse(path), "Benchmark"):
            name = literal(kw.get("name"))
            if isinstance(name, str) and re.search(r"[A-Z]{2}|\d|[a-z][A-Z]", name):
                records.append(Record("dataset", name, SOURCE, f"benchmark:{name}", (), CURATED))
    meta = parse(pkg / "abstasks" / "task_metadata.py")
    for node in _literal_values(meta, "TaskType"):
        records.append(Record("task", metric_case(split_camel(node.value)).lower()
                              .replace("any 2 any", "any-to-any"), SOURCE, f"type:{node.value}",
                              (node.value,), DERIVED))
    for node in _literal_values(meta, "TaskSubtype"):
        records.append(Record("task", metric_case(node.value), SOURCE, f"subtype:{node.value}", (), CURATED))
    for path in iter_py(pkg / "models", skip={"__pycache__"}):
        for kw in _calls(parse(path), "ModelMeta"):
            name = literal(kw.get("name"))
            if isinstance(name, str) and "/" in name:
                short = name.split("/", 1)[1]
                records.append(Record("method", short, SOURCE, f"model:{name}", (name,), CURATED))
    return records
