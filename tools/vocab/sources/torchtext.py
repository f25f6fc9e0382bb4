"""torchtext: the ``DATASETS`` catalog of torchtext.datasets (datasets).

torchtext is no longer developed (0.18 is its last release) but its catalog of classic NLP
datasets still names them. The ids are upper-case Python names (``AG_NEWS``, ``WikiText2``).
"""

from __future__ import annotations

import ast

from ..common import DERIVED, FOUND_IN_TEXT, Record, class_docstrings, find_written, norm, package_dir, parse

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "torchtext", "torchtext", "BSD-3-Clause"
TAKEN = "keys of torchtext.datasets.DATASETS (datasets)"


def harvest() -> list[Record]:
    pkg = package_dir("torchtext")
    init = pkg / "datasets" / "__init__.py"
    names: list[str] = []
    for stmt in parse(init).body:
        if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "DATASETS":
            names = [k.value for k in stmt.value.keys if isinstance(k, ast.Constant)]
    records = []
    for ident in names:
        doc = class_docstrings(pkg / "datasets" / f"{ident.lower()}.py").get(ident, "") \
            if (pkg / "datasets" / f"{ident.lower()}.py").exists() else ""
        found = [w for w in find_written(norm(ident), doc) if w != ident and "_" not in w and "/" not in w and any(c.isupper() for c in w)]
        if found:
            name, quality = found[0], FOUND_IN_TEXT
        else:
            name, quality = ident.replace("_", " ") if ident.isupper() else ident, DERIVED
        records.append(Record("dataset", name, SOURCE, f"datasets.{ident}", (ident,), quality))
    return records
