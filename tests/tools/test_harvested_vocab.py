"""The harvested name lists (extractors/data/harvested/) as shipped: schema, order, provenance, size.

Nothing here needs the harvest-time packages; the pure helpers of tools/vocab are checked through
their doctests.
"""

from __future__ import annotations

import doctest
import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARVESTED = ROOT / "extractors" / "data" / "harvested"
FILES = {"dataset": "datasets.jsonl", "method": "methods.jsonl", "metric": "metrics.jsonl", "task": "tasks.jsonl"}
# (at least, at most) entries per kind: the issue asks for thousands of datasets and methods,
# hundreds of metrics and about a thousand tasks
EXPECTED = {"dataset": (2000, 20000), "method": (2000, 20000), "metric": (200, 3000), "task": (700, 5000)}
REQUIRED = {"name": str, "aliases": list, "sources": list, "common_word": bool, "case_sensitive": bool}
OPTIONAL = {"common_forms": list, "short": bool, "also_kinds": list, "generic": bool}


def norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((HARVESTED / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=sorted(FILES))
def kind_rows(request) -> tuple[str, list[str], list[dict]]:
    lines = (HARVESTED / FILES[request.param]).read_text(encoding="utf-8").splitlines()
    return request.param, lines, [json.loads(line) for line in lines]


def test_entries_follow_the_schema(kind_rows):
    kind, _, rows = kind_rows
    for row in rows:
        assert set(REQUIRED) <= set(row), row
        assert set(row) <= set(REQUIRED) | set(OPTIONAL), row
        for key, typ in {**REQUIRED, **OPTIONAL}.items():
            if key in row:
                assert isinstance(row[key], typ), (key, row)
        assert row["name"].strip() == row["name"] and norm(row["name"]), row
        assert all(isinstance(a, str) and a and a != row["name"] for a in row["aliases"]), row
        assert len(set(row["aliases"])) == len(row["aliases"]), row
        assert row["aliases"] == sorted(row["aliases"], key=lambda a: (norm(a), a)), row
        forms = {row["name"], *row["aliases"]}
        assert set(row.get("common_forms", [])) <= forms, row
        assert row["common_word"] == bool(row.get("common_forms")), row
        assert not row["case_sensitive"] or row["common_word"], row
        assert kind not in row.get("also_kinds", []), row


def test_every_entry_names_its_sources(kind_rows, manifest):
    _, _, rows = kind_rows
    versions = {s["source"]: s["version"] for s in manifest["sources"]}
    for row in rows:
        assert row["sources"], row
        for src in row["sources"]:
            assert set(src) == {"source", "version", "id"}, row
            assert versions.get(src["source"]) == src["version"], src
            assert src["id"], row
        keys = [(s["source"], s["version"], s["id"]) for s in row["sources"]]
        assert keys == sorted(set(keys)), row


def test_files_are_sorted_merged_and_canonical(kind_rows):
    """Sorted by normalised name, one entry per normalised name, each line in canonical JSON."""
    _, lines, rows = kind_rows
    keys = [(norm(r["name"]), r["name"]) for r in rows]
    assert keys == sorted(keys)
    assert len({k for k, _ in keys}) == len(keys)
    for line, row in zip(lines, rows):
        assert line == json.dumps(row, ensure_ascii=False)


def test_counts_are_in_the_expected_range(kind_rows, manifest):
    kind, _, rows = kind_rows
    low, high = EXPECTED[kind]
    assert low <= len(rows) <= high, (kind, len(rows))
    assert manifest["counts"][kind] == len(rows)
    assert manifest["common_word"][kind] == sum(r["common_word"] for r in rows)


def test_ordinary_words_are_flagged():
    """Spot checks of the precision flags on names the catalogs are known to hold."""
    rows = {json.loads(l)["name"]: json.loads(l) for l in (HARVESTED / "datasets.jsonl").read_text().splitlines()}
    assert rows["ImageNet"]["common_word"] is False
    assert rows["COCO"]["common_word"] is False
    assert rows["GLUE"]["common_word"] and rows["GLUE"]["case_sensitive"]
    metrics = {json.loads(l)["name"]: json.loads(l) for l in (HARVESTED / "metrics.jsonl").read_text().splitlines()}
    assert metrics["accuracy"]["common_word"] is True


def test_size_and_licences_are_recorded(manifest):
    total = sum((HARVESTED / f).stat().st_size for f in FILES.values())
    assert total < 5_000_000, total
    readme = (HARVESTED / "README.md").read_text(encoding="utf-8")
    assert "python -m tools.vocab.harvest" in readme
    for src in manifest["sources"]:
        assert src["licence"] and src["version"], src
        assert src["source"] in readme and src["licence"] in readme, src["source"]


@pytest.mark.parametrize("module", ["tools.vocab.common", "tools.vocab.harvest", "tools.vocab.sources.mteb",
                                    "tools.vocab.sources.lm_eval", "tools.vocab.sources.timm"])
def test_harvest_helpers_doctests(module):
    """The name-form helpers, without the harvest-time packages."""
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.skipif(not (ROOT.parent / "shared" / "eval" / "dev.jsonl").exists(), reason="needs ../shared/eval")
def test_coverage_report_runs(capsys):
    from tools.vocab import coverage

    assert coverage.main() == 0
    out = capsys.readouterr().out
    assert "SciREX held-out (64)" in out and "dev.jsonl (120)" in out
