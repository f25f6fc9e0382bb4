"""torchaudio: dataset classes (datasets) and model classes (methods), read with :mod:`ast`.

Dataset docstrings open with the emphasised name (``*LibriSpeech* :cite:... dataset``).
"""

from __future__ import annotations

import re

from ..common import (CURATED, DERIVED, FOUND_IN_TEXT, Record, class_docstrings, find_written,
                      iter_py, module_all, norm, package_dir)

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "torchaudio", "torchaudio", "BSD-2-Clause"
TAKEN = "torchaudio.datasets classes (datasets); torchaudio.models classes (methods)"


def harvest() -> list[Record]:
    pkg = package_dir("torchaudio")
    records: list[Record] = []
    docs: dict[str, str] = {}
    for path in iter_py(pkg / "datasets", skip={"__pycache__"}):
        docs.update(class_docstrings(path))
    for cls in module_all(pkg / "datasets" / "__init__.py"):
        doc = docs.get(cls, "")
        m = re.match(r"\s*\*([^*]+)\*", doc)
        base = re.sub(r"(Identification|Verification|_\d+)$", "", cls)
        if m:
            name, quality = m.group(1).strip(), CURATED
        else:
            found = [w for w in find_written(norm(base), doc) if w != cls]
            name, quality = (found[0], FOUND_IN_TEXT) if found else (base, DERIVED)
        records.append(Record("dataset", name, SOURCE, f"datasets.{cls}", (cls,), quality))
    exported = {n for n in module_all(pkg / "models" / "__init__.py") if n[:1].isupper()}
    exported -= {"Hypothesis", "RNNTBeamSearch"}
    for path in iter_py(pkg / "models", skip={"__pycache__", "decoder"}):
        for cls, doc in class_docstrings(path).items():
            if cls not in exported:
                continue
            base = re.sub(r"(PretrainModel|Model)$", "", cls) or cls
            found = [w for w in find_written(norm(base), doc) if w != cls and re.search(r"[A-Z]", w)]
            name, quality = (found[0], FOUND_IN_TEXT) if found else (base, DERIVED)
            records.append(Record("method", name, SOURCE, f"models.{cls}", (cls,), quality))
    return records
