"""Scoring predictions against gold: per-field precision, recall and F1.

The same rules as ``shared/eval/score.py`` (see ``shared/eval/GUIDELINES.md``),
so that ``kg eval`` prints the numbers the project is judged by:

- names are compared after NFKC, lower-casing, ``+`` -> ``plus`` and dropping
  everything but ``[0-9a-z]``; a predicted entity matches a gold one when any
  of its name / surface forms equals the gold name or an alias;
- tasks also match on containment (both forms >= 4 characters) or token
  Jaccard >= 0.5;
- repositories match after URL normalisation (host/owner/repo);
- results match on numeric value and metric (equal, or one contains the other);
- matching is greedy and one-to-one; counts are micro-averaged per field.

>>> gold = [{"id": "p1", "datasets": [{"name": "COCO", "aliases": ["MS COCO"]}], "tasks": [], "metrics": []}]
>>> pred = [{"id": "p1", "entities": [{"type": "dataset", "name": "COCO", "surface": ["MSCOCO"]},
...                                   {"type": "dataset", "name": "LVIS", "surface": ["LVIS"]}]}]
>>> scores = score_records(gold, pred)
>>> scores["datasets"]
{'P': 0.5, 'R': 1.0, 'F1': 0.667, 'gold': 1, 'pred': 2}
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kg.errors import InputError, UsageError
from kg.io import STDIN, is_stdin
from kg.names import name_key
from paperkg.extract import extract_records, write_predictions

__all__ = ["FIELDS", "norm", "score_records", "score_files", "format_table", "read_jsonl", "read_gold",
           "evaluate"]

#: The fields scored, in the order of score.py's table.
FIELDS = ["datasets", "metrics", "methods_proposed", "methods_used", "methods", "tasks", "repos", "results"]
_PRED_FIELD = {"dataset": "datasets", "metric": "metrics", "method": "methods", "task": "tasks",
               "repository": "repos", "repo": "repos", "code": "repos"}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

Forms = tuple[set[str], list[str]]


def norm(text: Any) -> str:
    """The scorer's name key: :func:`kg.names.name_key` without accent folding, as score.py compares.

    >>> norm("RefCOCO+"), norm("F1-score")
    ('refcocoplus', 'f1score')
    """
    return name_key(str(text), fold_accents=False)


def _tokens(text: Any) -> set[str]:
    return {t for t in re.split(r"[^0-9a-z]+", unicodedata.normalize("NFKC", str(text)).lower()) if t}


def _repo(text: Any) -> str:
    s = re.sub(r"^www\.", "", re.sub(r"^[a-z]+://", "", str(text).strip().lower()))
    parts = [p for p in s.split("/") if p][:3]
    return re.sub(r"\.git$", "", "/".join(parts)).rstrip(".,;:)")


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = _NUMBER.search(str(value).replace(",", ""))
    return float(m.group()) if m else None


def _gold_forms(entity: Any) -> Forms:
    if isinstance(entity, str):
        return {norm(entity)} - {""}, [entity]
    names = [entity.get("name", ""), *(entity.get("aliases") or [])]
    return {norm(n) for n in names} - {""}, names


def _pred_forms(entity: dict[str, Any]) -> Forms:
    names = [entity.get("name", "")]
    for key in ("surface", "surfaces", "mentions", "aliases_in_text"):
        value = entity.get(key)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(x.get("text", "") if isinstance(x, dict) else x for x in value)
    return {norm(n) for n in names} - {""}, names


def _task_match(gold: Forms, pred: Forms) -> bool:
    (gs, gn), (ps, pn) = gold, pred
    if gs & ps:
        return True
    if any(len(a) >= 4 and len(b) >= 4 and (a in b or b in a) for a in gs for b in ps):
        return True
    for a in gn:
        for b in pn:
            ta, tb = _tokens(a), _tokens(b)
            if ta and tb and len(ta & tb) / len(ta | tb) >= 0.5:
                return True
    return False


def _result_match(gold: tuple[str, float | None], pred: tuple[str, float | None]) -> bool:
    return gold[1] is not None and gold[1] == pred[1] and (
        gold[0] == pred[0] or bool(gold[0] and pred[0] and (gold[0] in pred[0] or pred[0] in gold[0])))


def _matcher(field: str) -> Callable[[Any, Any], bool]:
    if field == "repos":
        return lambda a, b: a == b
    if field == "results":
        return _result_match
    if field == "tasks":
        return _task_match
    return lambda a, b: bool(a[0] & b[0])


def _greedy(golds: list, preds: list, match: Callable[[Any, Any], bool]) -> tuple[int, int, int]:
    used: set[int] = set()
    tp = 0
    for g in golds:
        for j, p in enumerate(preds):
            if j not in used and match(g, p):
                used.add(j)
                tp += 1
                break
    return tp, len(preds), len(golds)


def _pred_sets(record: dict[str, Any]) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for entity in record.get("entities") or []:
        field = _PRED_FIELD.get(str(entity.get("type", "")).lower())
        if not field:
            continue
        if field == "repos":
            out["repos"].append(_repo(entity.get("id") or entity.get("name") or entity.get("url", "")))
            continue
        forms = _pred_forms(entity)
        if field == "methods":
            out["methods"].append(forms)
            role = str(entity.get("role", "")).lower()
            proposed = role.startswith("propos") or role == "introduced"
            out["methods_proposed" if proposed else "methods_used"].append(forms)
        else:
            out[field].append(forms)
    for repo in record.get("repos") or []:
        out["repos"].append(_repo(repo if isinstance(repo, str) else repo.get("id") or repo.get("url", "")))
    out["repos"] = list(dict.fromkeys(out["repos"]))
    out["results"] = [(norm(r.get("metric", "")), _number(r.get("value", r.get("raw"))))
                      for r in record.get("results") or []]
    return out


def _gold_sets(record: dict[str, Any]) -> dict[str, list]:
    out: dict[str, list] = {f: [_gold_forms(e) for e in record.get(f) or []]
                            for f in ("datasets", "metrics", "methods_proposed", "methods_used", "tasks")}
    out["methods"] = ([_gold_forms(e) for e in record["methods"]] if record.get("methods")
                      else out["methods_proposed"] + out["methods_used"])
    out["repos"] = list(dict.fromkeys(_repo(r) for r in record.get("repos") or []))
    out["results"] = [(norm(r.get("metric", "")), _number(r.get("value"))) for r in record.get("results") or []]
    return out


def score_records(gold: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Per-field ``{"P", "R", "F1", "gold", "pred"}`` (rounded to 3 places) and ``_missing_ids``."""
    preds = {str(p.get("id")): p for p in predictions}
    totals = {f: [0, 0, 0] for f in FIELDS}
    missing = 0
    for g in gold:
        p = preds.get(str(g["id"]))
        if p is None:
            missing += 1
            p = {}
        gs, ps = _gold_sets(g), _pred_sets(p)
        for field in FIELDS:
            tp, n_pred, n_gold = _greedy(gs[field], ps.get(field, []), _matcher(field))
            totals[field][0] += tp
            totals[field][1] += n_pred
            totals[field][2] += n_gold
    out: dict[str, Any] = {}
    for field, (tp, n_pred, n_gold) in totals.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[field] = {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "gold": n_gold, "pred": n_pred}
    out["_missing_ids"] = missing
    return out


def _numbered_jsonl(path: str | os.PathLike) -> list[tuple[int, Any]]:
    """(line number, JSON value) per non-blank line; ``-`` reads standard input."""
    if is_stdin(path):
        return _parse_lines(sys.stdin, STDIN)
    try:
        with open(path, encoding="utf-8") as fh:
            return _parse_lines(fh, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check the path") from None


def _parse_lines(fh: Iterable[str], path: str | os.PathLike) -> list[tuple[int, Any]]:
    records = []
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            records.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: not valid JSON ({exc.msg}); fix or remove the line") from None
    return records


def read_jsonl(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file (``-``: standard input); a bad line raises :class:`kg.errors.InputError` naming it."""
    return [record for _, record in _numbered_jsonl(path)]


def read_gold(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The records of a gold file, each checked to be one: an object with an ``id`` and some of :data:`FIELDS`.

    A file of predictions, or of plain papers, passed as gold is an
    :class:`~kg.errors.InputError` naming the first line that is not gold,
    rather than a table of zeros.
    """
    records = _numbered_jsonl(path)
    if not records:
        raise InputError(f"{path}: the gold file holds no record")
    for lineno, record in records:
        if not isinstance(record, dict):
            raise InputError(f"{path}:{lineno}: a gold record is a JSON object, not {type(record).__name__}")
        if "id" not in record:
            raise InputError(f"{path}:{lineno}: gold record has no 'id'; every gold line needs one")
        if "entities" in record:  # the prediction contract's key; gold lists entities per field
            raise InputError(f"{path}:{lineno}: not a gold record but a `kg extract` prediction (it has "
                             "'entities'); pass predictions with --pred, and as --gold a file in the format of "
                             "shared/eval/dev.jsonl")
        if not any(key in record for key in FIELDS):
            raise InputError(f"{path}:{lineno}: not a gold record: it has none of the fields {', '.join(FIELDS)} "
                             "(a paper without annotations?); gold files are in the format of shared/eval/dev.jsonl")
    return [record for _, record in records]


def score_files(gold_path: str | os.PathLike, pred_path: str | os.PathLike) -> dict[str, Any]:
    """:func:`score_records` over two JSONL files (the gold one checked by :func:`read_gold`)."""
    return score_records(read_gold(gold_path), read_jsonl(pred_path))


def format_table(scores: dict[str, Any]) -> str:
    """The table score.py prints, line for line."""
    lines = [f"{f:17s} P={scores[f]['P']:.3f} R={scores[f]['R']:.3f} F1={scores[f]['F1']:.3f}  "
             f"gold={scores[f]['gold']} pred={scores[f]['pred']}" for f in FIELDS]
    lines.append(f"missing ids: {scores['_missing_ids']}")
    return "\n".join(lines)


def evaluate(gold: Path, pred: Path | None = None, inputs: list[str] | None = None,
             config: str | None = None, save: Path | None = None) -> dict:
    """Score *pred* against *gold*; without *pred*, extract from *inputs* (default: the gold file itself)."""
    if not gold.exists():
        raise InputError(f"{gold}: gold file not found; pass --gold with a JSONL file like shared/eval/dev.jsonl")
    if pred is not None:
        if inputs:
            raise UsageError("give either --pred or input files to extract from, not both")
        return score_files(gold, pred)
    read_gold(gold)  # before the extraction: a file that is not gold fails now, not after it
    sources = inputs or [str(gold)]
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        out = save or Path(tmp) / "predictions.jsonl"
        write_predictions(extract_records(sources, config=config), out)
        return score_files(gold, out)
