"""ir_datasets: the documentation catalog shipped in ``ir_datasets/docs/*.yaml`` (datasets, metrics).

Each file describes one collection: ``_`` holds its ``pretty_name`` ("MSMARCO (passage)"),
every other key a sub-collection or split ("trec-dl-2019", "dev/small"). Top-level collections
and first-level sub-collections that are not splits are taken; a sub-collection's written name is
looked up in its description. ``official_measures`` are metrics.
"""

from __future__ import annotations

import re

import yaml

from ..common import CURATED, DERIVED, FOUND_IN_TEXT, Record, find_written, norm, package_dir

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "ir_datasets", "ir-datasets", "Apache-2.0"
TAKEN = "docs/*.yaml: collection pretty names and first-level sub-collections (datasets); official_measures (metrics)"

_SPLIT = re.compile(r"^(train|dev|test|valid|validation|eval|small|judged|trec-?dl.*-judged|queries|docs|"
                    r"subtask\d|fold\d|v\d.*|\d{4}.*|[a-z]{2}|[a-z]{3}|.*-(train|dev|test|judged))$")


def harvest() -> list[Record]:
    root = package_dir("ir_datasets") / "docs"
    records: list[Record] = []
    measures: set[str] = set()
    for path in sorted(root.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        top = path.stem
        head = doc.get("_") or {}
        pretty = head.get("pretty_name")
        if pretty:
            name = re.sub(r"\s*\([^)]*\)$", "", pretty).strip() or pretty  # "NFCorpus (NutritionFacts)"
            aliases = {top, pretty} - {name}
            records.append(Record("dataset", name, SOURCE, top, tuple(sorted(aliases)), CURATED))
        for key, value in sorted(doc.items(), key=lambda kv: str(kv[0])):
            if not isinstance(value, dict):
                continue
            for m in value.get("official_measures") or []:
                measures.add(str(m))
            key = str(key)
            if key == "_" or "/" in key or _SPLIT.match(key):
                continue
            text = re.sub(r"<[^>]+>", " ", str(value.get("desc", "")))
            sub_pretty = value.get("pretty_name")
            found = [w for w in find_written(norm(key), text) if re.search(r"[A-Z]", w)]
            if sub_pretty:
                name, quality = re.sub(r"\s*\([^)]*\)$", "", sub_pretty).strip() or sub_pretty, CURATED
            elif found:
                name, quality = found[0], FOUND_IN_TEXT
            else:
                continue  # an id with no written name ("car/v1.5") is no name papers write
            records.append(Record("dataset", name, SOURCE, f"{top}/{key}", (key,) if key != name else (), quality))
    for m in sorted(measures):
        base = re.sub(r"\(rel=\d+\)", "", m)
        records.append(Record("metric", base, SOURCE, f"official_measures:{m}", (), DERIVED))
    return records
