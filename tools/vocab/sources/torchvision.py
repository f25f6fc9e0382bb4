"""torchvision: dataset classes (datasets), model classes and registered builders (methods).

Read from the package's source with :mod:`ast`; torch is never imported. A dataset class's
docstring opens with an RST link whose text is the dataset's long name
("`Oxford 102 Flower <...>`_ Dataset"); a model builder's docstring opens with the model's
written name ("ResNet-50 from `Deep Residual Learning ...`").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ..common import (DERIVED, FOUND_IN_TEXT, Record, find_written, iter_py, module_all, norm,
                      package_dir, parse)

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "torchvision", "torchvision", "BSD-3-Clause"
TAKEN = "torchvision.datasets classes (datasets); torchvision.models classes and @register_model builders (methods)"

_NOT_DATASETS = {"VisionDataset", "ImageFolder", "DatasetFolder", "FakeData", "LSUNClass", "wrap_dataset_for_transforms_v2"}
_LOADER_SUFFIX = re.compile(r"(?<=[a-z0-9A-Z])(Detection|Captions|Segmentation|Classification|Identification|Verification)$")
_LINK = re.compile(r"`([^`<]+?)\s*<https?://[^>]+>`_")


def link_text(doc: str) -> str:
    """The text of the first RST link of a docstring, "Generic" and "Dataset" words dropped."""
    m = _LINK.search(doc.split("\n\n", 1)[0])
    if not m:
        return ""
    text = re.sub(r"\s+", " ", m.group(1)).strip()
    text = re.sub(r"^(Generic|The)\s+", "", text)
    text = re.sub(r"\s+(Dataset|dataset|Data Set)$", "", text)
    if len(text.split()) < 2 and not re.search(r"[A-Z].*[A-Z0-9]", text):
        return ""  # a lone ordinary word ("Stereo") is no name
    return text


def written_name(ident: str, doc: str) -> tuple[str, int]:
    """The docstring's way of writing ``ident``, else ``ident`` itself."""
    found = [w for w in find_written(norm(ident), doc) if any(c.isupper() for c in w) and w != ident]
    return (found[0], FOUND_IN_TEXT) if found else (ident, DERIVED)


def dataset_records(pkg: Path, source: str) -> list[Record]:
    records = []
    init = pkg / "datasets" / "__init__.py"
    docs: dict[str, str] = {}
    for path in iter_py(pkg / "datasets", skip={"__pycache__", "samplers", "_optical_flow.py"}):
        docs.update({k: v for k, v in _docstrings(path).items() if k not in docs})
    for cls in module_all(init):
        if cls in _NOT_DATASETS or not cls[:1].isupper():
            continue
        doc = docs.get(cls, "")
        base = _LOADER_SUFFIX.sub("", cls) or cls
        name, quality = written_name(base, doc)
        aliases = {cls}
        link = link_text(doc)
        if link and norm(link) != norm(name):
            aliases.add(link)
        records.append(Record("dataset", name, source, f"datasets.{cls}", tuple(sorted(aliases)), quality))
    return records


def _docstrings(path: Path) -> dict[str, str]:
    return {n.name: ast.get_docstring(n) or "" for n in parse(path).body
            if isinstance(n, (ast.ClassDef, ast.FunctionDef))}


_SIZES = {"tiny", "small", "base", "medium", "large", "huge"}


def _builder_name(doc: str) -> str:
    """The written model name a builder's docstring opens with ("ResNet-50 from ...")."""
    first = " ".join(doc.strip().split("\n\n", 1)[0].split())
    first = re.sub(r"^Constructs an?\s+", "", first)
    size = ""
    if first.split(" ", 1)[0] in _SIZES:
        size, first = first.split(" ", 1)
    m = re.match(r"([A-Z][\w.\-/ ]*?)\s+(model\s+)?(architecture\s+)?(from|as described|\(|backbone|with)", first)
    if not m or len(m.group(1).split()) > 4 or not re.search(r"[A-Z]", m.group(1)):
        return ""
    name = m.group(1).strip().replace("_", "-")
    return f"{name}-{size.capitalize()}" if size else name


def model_records(pkg: Path) -> list[Record]:
    records = []
    for path in iter_py(pkg / "models", skip={"__pycache__", "quantization"}):
        tree = parse(path)
        exported = set(module_all(path))
        for node in tree.body:
            doc = ast.get_docstring(node) if isinstance(node, (ast.ClassDef, ast.FunctionDef)) else None
            if doc is None:
                continue
            if isinstance(node, ast.FunctionDef) and any(
                    "register_model" in ast.unparse(d) for d in node.decorator_list):
                shown = _builder_name(doc)
                if shown and norm(shown) != norm(node.name) and not re.search(r"\d", shown) and re.search(r"\d", node.name):
                    shown = ""  # "ResNet from" for resnet50 would lose the size
                if shown:
                    records.append(Record("method", shown, SOURCE, f"models.{node.name}", (node.name,), FOUND_IN_TEXT))
                # a builder without a written name ("fasterrcnn_resnet50_fpn") is left out
            elif (isinstance(node, ast.ClassDef) and node.name in exported and not node.name.endswith(("Weights", "Enum"))
                  and node.name[:1].isupper()):
                name, quality = written_name(node.name, doc)
                records.append(Record("method", name, SOURCE, f"models.{node.name}", (node.name,), quality))
    return records


def harvest() -> list[Record]:
    pkg = package_dir("torchvision")
    return dataset_records(pkg, SOURCE) + model_records(pkg)
