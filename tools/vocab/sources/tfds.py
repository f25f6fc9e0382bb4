"""tensorflow-datasets: builder names (datasets) and the ``ml.task.*`` tags (tasks).

Builders are found by parsing the package's Python files (a class whose base ends in
``Builder`` and that declares a VERSION); the name follows TFDS's own rule (``name =`` or the
class name in snake case; ``datasets/<dir>/`` builders take the folder name). Display forms are
looked up in the builder's description, citation and README.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ..common import (CURATED, DERIVED, FOUND_IN_TEXT, Record, find_written, iter_py, literal,
                      metric_case, norm, package_dir, parse)

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "tensorflow-datasets", "tensorflow-datasets", "Apache-2.0"
TAKEN = "builder names (datasets, configs left out); `ml.task.*` tags of core/valid_tags.txt (tasks)"

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z0-9]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")


def camelcase_to_snakecase(name: str) -> str:
    """TFDS's naming rule (tensorflow_datasets/core/naming.py)."""
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()


def _base_name(base: ast.expr) -> str:
    return base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")


def _builders(root: Path):
    """(builder name, text about it) for every concrete builder or collection class."""
    classes = []  # (path, class node, module text)
    for path in iter_py(root, skip={"core", "testing", "scripts", "__pycache__"}):
        tree = parse(path)
        module_text = " ".join(
            v for stmt in tree.body if isinstance(stmt, ast.Assign)
            for v in [literal(stmt.value)] if isinstance(v, str))
        classes += [(path, n, module_text) for n in tree.body if isinstance(n, ast.ClassDef)]
    builder_like = {"DatasetCollection"}
    changed = True
    while changed:  # subclasses of builders (``class Cifar100(Cifar10)``) are builders too
        changed = False
        for _, node, _ in classes:
            if node.name not in builder_like and any(
                    _base_name(b).endswith("Builder") or _base_name(b) in builder_like for b in node.bases):
                builder_like.add(node.name)
                changed = True
    for path, node, module_text in classes:
        rel = path.relative_to(root).parts
        in_folder = rel[0] == "datasets" and len(rel) == 3 and node.name == "Builder"
        if node.name not in builder_like or node.name.startswith("_"):
            continue
        if not in_folder and (node.name.endswith(("Builder", "Base")) or node.name == "DatasetCollection"):
            continue  # abstract bases
        attrs = {t.id: s.value for s in node.body if isinstance(s, ast.Assign)
                 for t in s.targets if isinstance(t, ast.Name)}
        name = rel[1] if in_folder else (literal(attrs.get("name")) or camelcase_to_snakecase(node.name))
        extra = ""
        if rel[0] == "datasets":
            for fname in ("README.md", "CITATIONS.bib"):
                if (path.parent / fname).exists():
                    extra += " " + (path.parent / fname).read_text(encoding="utf-8", errors="replace")
        yield name, " ".join([ast.get_docstring(node) or "", module_text, extra])


def _display(builder: str, text: str) -> tuple[str, int]:
    key = norm(builder)
    written = [w for w in find_written(key, text) if w != builder]
    if written:
        capped = [w for w in written if any(c.isupper() for c in w)]
        return (capped or written)[0], FOUND_IN_TEXT
    readable = re.sub(r"_(converted_externally_to_rlds|dataset)$", "", builder)
    return readable.replace("_", " "), DERIVED


def harvest() -> list[Record]:
    root = package_dir("tensorflow_datasets")
    records: list[Record] = []
    seen: set[str] = set()
    for builder, text in _builders(root):
        if builder in seen:
            continue
        seen.add(builder)
        name, quality = _display(builder, text)
        records.append(Record("dataset", name, SOURCE, builder, (builder,), quality))
    for line in (root / "core" / "valid_tags.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"ml\.task\.([a-z0-9-]+)\s*#\s*Relates to (.+?), a machine learning task", line)
        if not m:
            continue
        tag, label = m.groups()
        aliases = [tag, tag.replace("-", " ")]
        acr = re.search(r"\s*\(([A-Z]{2,})\)$", label)
        if acr:
            aliases.append(acr.group(1))
            label = label[:acr.start()]
        records.append(Record("task", metric_case(label).lower(), SOURCE, f"ml.task.{tag}", tuple(aliases), CURATED))
    return records
