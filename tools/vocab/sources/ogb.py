"""OGB: the dataset catalogs ``{node,link,graph}proppred/master.csv`` and the LSC datasets
(datasets), their evaluation metrics (metrics) and the three prediction tasks (tasks)."""

from __future__ import annotations

import csv
import re

from ..common import CURATED, DERIVED, Record, find_written, norm, package_dir

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "ogb", "ogb", "MIT"
TAKEN = "columns of nodeproppred/linkproppred/graphproppred master.csv and the lsc modules (datasets); their eval metric rows (metrics); the three property-prediction tasks (tasks)"

_METRIC = {"rocauc": "ROC-AUC", "acc": "accuracy", "mrr": "MRR", "ap": "AP", "F1": "F1", "rmse": "RMSE", "mae": "MAE"}
_TASK = {"nodeproppred": "node property prediction", "linkproppred": "link property prediction",
         "graphproppred": "graph property prediction"}


def harvest() -> list[Record]:
    pkg = package_dir("ogb")
    records: list[Record] = [Record("dataset", "OGB", SOURCE, "ogb", ("Open Graph Benchmark",), CURATED)]
    metrics: set[str] = set()
    for folder, task in _TASK.items():
        records.append(Record("task", task, SOURCE, folder, (), CURATED))
        with open(pkg / folder / "master.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        for name in rows[0][1:]:
            records.append(Record("dataset", name, SOURCE, f"{folder}:{name}", (), CURATED))
        for row in rows:
            if row and row[0] == "eval metric":
                metrics.update(v for v in row[1:] if v)
    for metric in sorted(metrics):
        base = re.sub(r"@\d+$", "", metric)
        shown = _METRIC.get(base, base) + metric[len(base):]
        records.append(Record("metric", shown.replace("hits", "Hits"), SOURCE, f"eval_metric:{metric}", (metric,), DERIVED))
    for path in sorted((pkg / "lsc").glob("*.py")):
        if path.stem in {"__init__", "utils"} or path.stem.endswith(("_dgl", "_pyg")):
            continue
        found = [w for w in find_written(norm(path.stem), path.read_text(encoding="utf-8"))
                 if re.search(r"[A-Z]", w) and "_" not in w]
        if found:
            records.append(Record("dataset", found[0], SOURCE, f"lsc:{path.stem}", (path.stem,), CURATED))
    return records
