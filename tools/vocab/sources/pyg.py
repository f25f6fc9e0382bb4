"""PyTorch Geometric: dataset classes and the dataset names their docstrings list (datasets);
GNN models and acronym-named convolution operators (methods). Read with :mod:`ast`.

A dataset class often serves several datasets, named in its ``name (str)`` argument's doc
(Planetoid: :obj:`"Cora"`, :obj:`"CiteSeer"`, :obj:`"PubMed"`); those names are taken too.
"""

from __future__ import annotations

import re

from ..common import DERIVED, FOUND_IN_TEXT, Record, class_docstrings, find_written, iter_py, module_all, norm, package_dir

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "torch-geometric", "torch-geometric", "MIT"
TAKEN = ("torch_geometric.datasets classes and the names listed in their `name` argument docs (datasets); "
         "torch_geometric.nn.models classes and acronym-named nn.conv operators (methods)")

_NOT_DATASETS = re.compile(r"(Dataset|Generator|Transform|Loader)$|^(Fake|Random|Explainer|Infection|BAShapes|"
                           r"BA2Motif|StochasticBlock|CitationFull|Entities)")


def _docs(path_root) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in iter_py(path_root, skip={"__pycache__"}):
        for k, v in class_docstrings(path).items():
            out.setdefault(k, v)
    return out


def harvest() -> list[Record]:
    pkg = package_dir("torch_geometric")
    records: list[Record] = []
    docs = _docs(pkg / "datasets")
    for cls in module_all(pkg / "datasets" / "__init__.py"):
        if not cls[:1].isupper() or cls not in docs:
            continue
        doc = docs[cls]
        if not _NOT_DATASETS.search(cls):
            found = [w for w in find_written(norm(cls), doc) if w != cls and re.search(r"[A-Z]", w)]
            name, quality = (found[0], FOUND_IN_TEXT) if found else (cls, DERIVED)
            records.append(Record("dataset", name, SOURCE, f"datasets.{cls}", (cls,) if name != cls else (), quality))
        m = re.search(r"name \(str\):(.*?)(?:\n\s*\w+ \(|\Z)", doc, re.S)
        if m:
            for listed in re.findall(r':obj:`"([^"]+)"`', m.group(1)):
                if re.search(r"[A-Z]|\d", listed) and len(listed) > 2:
                    records.append(Record("dataset", listed, SOURCE, f"datasets.{cls}:{listed}", (), FOUND_IN_TEXT))
    docs = _docs(pkg / "nn" / "models")
    for cls in module_all(pkg / "nn" / "models" / "__init__.py"):
        if cls[:1].isupper() and cls in docs and re.search(r"[A-Z].*[A-Z]|\d", cls) \
                and not re.search(r"(Layer|Decoder|Encoder|Memory|Knowledge|MetaLayer|Rev)$", cls):
            records.append(Record("method", cls, SOURCE, f"nn.models.{cls}", (), FOUND_IN_TEXT))
    for cls in module_all(pkg / "nn" / "conv" / "__init__.py"):
        base = re.sub(r"Conv$", "", cls)
        if base != cls and len(base) >= 3 and len(re.findall(r"[A-Z]", base)) >= 2 and "MessagePassing" not in cls:
            records.append(Record("method", base, SOURCE, f"nn.conv.{cls}", (cls,), DERIVED))
    return records
