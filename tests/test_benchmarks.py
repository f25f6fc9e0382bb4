"""benchmarks/: every script still imports (a renamed module broke methods_throughput.py unnoticed once).

The scripts measure, so the suite does not run them; importing one runs its
imports and definitions, not its ``main``.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import pytest

from tests.conftest import REPO

SCRIPTS = sorted((REPO / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_benchmark_script_imports(script, monkeypatch):
    monkeypatch.syspath_prepend(str(script.parent))  # scripts import their siblings (fuzz_cases, scale_data)
    spec = importlib.util.spec_from_file_location(f"benchmarks_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)  # raises if an import is broken


def test_scripts_are_found():
    assert {"quality", "scale", "methods_throughput"} <= {s.stem for s in SCRIPTS}


def test_quality_scores_the_chosen_folds_of_sxours(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    quality = importlib.import_module("quality")
    records = quality.read_jsonl(quality.SCIREX_OURS)
    result = quality.evaluate(None, ["sxours"], [4])["sxours"]
    assert result["n"] == sum(1 for r in records if quality.fold_of(r["id"]) == 4) > 40
    assert set(result["per_fold"]) == {"4"} and result["pooled"]["methods_proposed"]["gold"] > 0
    assert "sxou P" in quality.format_table({"sxours": result}, ["tasks"])
