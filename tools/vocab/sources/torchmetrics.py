"""torchmetrics: metric classes of every domain package (metrics), read with :mod:`ast`.

A metric class's docstring opens with the metric's written name as an RST link target
("Compute `Peak Signal-to-Noise Ratio`_ (PSNR)."); the class name is kept as an alias.
Binary/Multiclass/Multilabel variants of one metric are one entry.
"""

from __future__ import annotations

import re

from ..common import (CURATED, DERIVED, Record, class_docstrings, iter_py, long_forms, metric_case,
                      module_all, package_dir, split_camel)

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "torchmetrics", "torchmetrics", "Apache-2.0"
TAKEN = "metric classes exported by torchmetrics and its domain packages (metrics)"

_DOMAINS = ("", "audio", "classification", "clustering", "detection", "image", "multimodal", "nominal",
            "regression", "retrieval", "segmentation", "shape", "text", "video")
_NOT_METRICS = re.compile(r"(Metric|Wrapper|Collection|Tracker|BootStrapper|RunningMean|RunningSum|Curve|"
                          r"ConfusionMatrix|StatScores|FeatureShare|MetricTracker|Running)$|^(Cat|Max|Min|Sum|Mean)Metric$")


def written(cls: str, base: str, doc: str) -> tuple[str, list[str], int]:
    """The metric's written name, its acronym/long form when the docstring gives one, the quality."""
    first = doc.strip().split("\n\n", 1)[0]
    aliases: list[str] = []
    m = re.search(r"`([^`<]+?)`_", first)
    if m and len(m.group(1).split()) <= 7 and not re.search(r"[A-Z][a-z]+[A-Z]", m.group(1).replace(" ", "")[1:]) \
            or m and " " in m.group(1):
        name = re.sub(r"^(Compute|Calculate|IR)\s+", "", m.group(1)).strip()
        quality = CURATED
    else:
        name, quality = split_camel(base), DERIVED
    acr = re.search(r"`[^`]+`_\s*\(([A-Za-z0-9\-@]+)\)", first)
    if acr and not acr.group(1).endswith("_"):
        aliases.append(acr.group(1))
    name = metric_case(name)
    return name, aliases, quality


def harvest() -> list[Record]:
    pkg = package_dir("torchmetrics")
    docs: dict[str, str] = {}
    for path in iter_py(pkg, skip={"__pycache__", "functional", "utilities"}):
        for k, v in class_docstrings(path).items():
            docs.setdefault(k, v)
    records: list[Record] = []
    seen: set[str] = set()
    for domain in _DOMAINS:
        init = pkg / domain / "__init__.py" if domain else pkg / "__init__.py"
        for cls in module_all(init):
            if not cls[:1].isupper() or cls in seen or _NOT_METRICS.search(cls):
                continue
            seen.add(cls)
            base = re.sub(r"^(Binary|Multiclass|Multilabel|Multitask)", "", cls) or cls
            name, aliases, quality = written(cls, base, docs.get(cls, ""))
            aliases += [base] + ([cls] if cls != base else [])
            for acr in list(aliases):
                aliases += long_forms(docs.get(cls, ""), acr) if acr.isupper() else []
            records.append(Record("metric", name, SOURCE, cls, tuple(dict.fromkeys(aliases)), quality))
    return records
