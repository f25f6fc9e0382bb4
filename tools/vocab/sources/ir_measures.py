"""ir-measures: the retrieval measures it registers (metrics), with their pretty names.

Each ``measures/*.py`` defines a class with ``__name__`` ("nDCG"), ``PRETTY_NAME`` and a docstring
giving the long form; module-level synonyms (``MAP = AP``) become aliases.
"""

from __future__ import annotations

import ast
import re

from ..common import CURATED, Record, iter_py, literal, long_forms, package_dir, parse

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "ir-measures", "ir-measures", "Apache-2.0"
TAKEN = "measure classes of ir_measures/measures (metrics)"


def harvest() -> list[Record]:
    root = package_dir("ir_measures") / "measures"
    records: list[Record] = []
    for path in iter_py(root, skip={"__pycache__"}):
        tree = parse(path)
        instances: dict[str, str] = {}   # module name -> measure class
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
                target = stmt.targets[0].id
                if isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name):
                    instances[target] = stmt.value.func.id
                elif isinstance(stmt.value, ast.Name) and stmt.value.id in instances:
                    instances[target] = instances[stmt.value.id]
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {t.id: s.value for s in node.body if isinstance(s, ast.Assign)
                     for t in s.targets if isinstance(t, ast.Name)}
            name = literal(attrs.get("__name__"))
            if not isinstance(name, str):
                continue
            aliases = [n for n, cls in instances.items() if cls == node.name and n != name and n.isascii()]
            pretty = literal(attrs.get("PRETTY_NAME"))
            if isinstance(pretty, str) and pretty != name:
                aliases.append(re.sub(r"[()\[\]]", "", pretty).strip())
            doc = ast.get_docstring(node) or ""
            aliases += long_forms(re.sub(r"[\[\]]", "", doc), name) if name.isupper() else []
            records.append(Record("metric", name, SOURCE, name, tuple(dict.fromkeys(aliases)), CURATED))
    return records
