"""scikit-learn: scoring functions of sklearn.metrics (metrics) and estimator classes (methods).

Read with :mod:`ast`; sklearn is never imported. Names come from each subpackage's ``__all__``;
the written name is looked up in the function's or class's own docstring ("Principal component
analysis (PCA)", "K-Means clustering", "A random forest classifier").
"""

from __future__ import annotations

import re

from ..common import (DERIVED, FOUND_IN_TEXT, Record, class_docstrings, find_written, iter_py,
                      long_forms, metric_case, module_all, norm, package_dir, split_camel)

SOURCE, DIST, LICENCE = "scikit-learn", "scikit-learn", "BSD-3-Clause"
TAKEN = "scoring functions of sklearn.metrics (metrics); estimators of cluster, decomposition, manifold, ensemble, linear_model, svm, neighbors, naive_bayes, tree, neural_network, gaussian_process, mixture, ... (methods)"

_ESTIMATOR_PACKAGES = ("cluster", "covariance", "cross_decomposition", "decomposition", "discriminant_analysis",
                       "ensemble", "gaussian_process", "isotonic", "kernel_approximation", "kernel_ridge",
                       "linear_model", "manifold", "mixture", "naive_bayes", "neighbors", "neural_network",
                       "random_projection", "semi_supervised", "svm", "tree")
_NOT_METRICS = re.compile(r"(curve|Display|report|matrix|scorer|scoring|distances?|kernels?|samples|chunked|"
                          r"argmin|argmin_min|support|thresholds|names|DistanceMetric|cluster|likelihood_ratios|"
                          r"homogeneity_completeness_v_measure)$")


def _docs(pkg, sub: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in iter_py(pkg / sub, skip={"__pycache__", "tests"}):
        for k, v in class_docstrings(path).items():
            out.setdefault(k, v)
    return out


def harvest() -> list[Record]:
    pkg = package_dir("sklearn")
    records: list[Record] = []
    docs = _docs(pkg, "metrics")
    for fn in module_all(pkg / "metrics" / "__init__.py"):
        if _NOT_METRICS.search(fn) or fn == "auc":
            continue
        base = re.sub(r"_(score|error_score)$", "", fn) if not fn.endswith("error_score") else fn
        base = re.sub(r"_score$", "", fn)
        doc = docs.get(fn, "").split("\n\n", 1)[0]
        found = [w for w in find_written(norm(base), doc) if w != fn]
        name = metric_case(found[0]) if found else base.replace("_", " ")
        name = re.sub(r"\bcorrcoef\b", "correlation coefficient", name)
        aliases = [fn] + [lf for w in [name] if w.isupper() for lf in long_forms(doc, w)]
        records.append(Record("metric", name, SOURCE, f"metrics.{fn}", tuple(aliases), FOUND_IN_TEXT if found else DERIVED))
    for sub in _ESTIMATOR_PACKAGES:
        if not (pkg / sub / "__init__.py").exists():
            continue
        docs = _docs(pkg, sub)
        for cls in module_all(pkg / sub / "__init__.py"):
            if cls not in docs or not cls[:1].isupper() or cls.startswith("Base") or cls.endswith(("CV", "IC", "Mixin")):
                continue
            doc = docs.get(cls, "")
            first = doc.split("\n\n", 1)[0]
            found = [w for w in find_written(norm(cls), first) if w != cls]
            if found:
                name, quality = found[0], FOUND_IN_TEXT
            else:
                name, quality = cls, DERIVED
            aliases = [cls] if name != cls else []
            if cls.isupper():
                aliases += long_forms(first, cls)
            if quality == DERIVED and not cls.isupper() and not re.search(r"\b[A-Za-z]\b", split_camel(cls)):
                aliases.append(split_camel(cls))
            records.append(Record("method", name, SOURCE, f"{sub}.{cls}", tuple(aliases), quality))
    return records
