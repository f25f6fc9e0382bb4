"""benchmarks/: every script still imports (a renamed module broke methods_throughput.py unnoticed once).

The scripts measure, so the suite does not run them; importing one runs its
imports and definitions, not its ``main``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

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


_IMPORT_AS_SCRIPTS = """
import importlib.util, sys
sys.path[:0] = [sys.argv[1]]  # what `python benchmarks/x.py` puts first: the script's folder, not the repository
start = list(sys.path)
for path in sys.argv[2:]:
    sys.path[:] = start  # one script's sys.path line must not help the next
    spec = importlib.util.spec_from_file_location("bench_" + path.rsplit("/", 1)[-1][:-3], path)
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # dataclasses look themselves up there
    spec.loader.exec_module(module)
"""


def test_benchmark_scripts_import_when_run_as_scripts(tmp_path):
    """Run the way the docs run them (`.venv/bin/python benchmarks/quality.py`): no PYTHONPATH, another working
    directory, so a module that is not installed (``training``) must be reached by the script itself."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", _IMPORT_AS_SCRIPTS, str(REPO / "benchmarks"), *map(str, SCRIPTS)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


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


def test_quality_scores_every_record_of_each_evaluation_only_set(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    quality = importlib.import_module("quality")
    result = quality.evaluate(None, ["sx64ours", "recent", "recent2", "hf100"], [])
    assert result["recent"]["n"] == result["recent2"]["n"] == result["hf100"]["n"] == 100
    assert result["sx64ours"]["n"] == 64
    assert result["hf100"]["scores"]["results"]["gold"] > 0  # every field is scored, results included
    table = quality.format_table(result, ["tasks"]).splitlines()
    assert "sx64ours P R" in table[0] and "hf100 P R" in table[0]
    assert table[-1].endswith("sx64ours=64 recent=100 recent2=100 hf100=100")


def test_the_recent_sets_share_no_paper_with_each_other_or_the_sets_rules_were_developed_on(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    quality = importlib.import_module("quality")
    from training.sample_recent import ANNOTATED, annotated_titles, title_key
    new = [r for path in (quality.RECENT, quality.RECENT2, quality.HF100) for r in quality.read_jsonl(path)]
    assert len({r["id"] for r in new}) == len({title_key(r["title"]) for r in new}) == len(new) == 300
    assert not {title_key(r["title"]) for r in new} & annotated_titles([*ANNOTATED, quality.RECENT_DEV, quality.HF_DEV])
    assert not {title_key(r["title"]) for r in quality.read_jsonl(quality.HF_DEV)} & annotated_titles([quality.RECENT_DEV])
    fields = ["datasets", "metrics", "methods_proposed", "methods_used", "tasks", "repos", "results"]
    assert all(list(r) == ["id", "title", "abstract", *fields] for r in new)


def test_quality_runs_the_hand_rules_unless_a_config_names_a_ranker(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    quality = importlib.import_module("quality")
    assert quality.ranker_setting(None) is None  # the shipped config runs the hand rules for tasks
    assert quality.ranker_setting(None, "metrics") is None  # and for metrics (the ranker is opt-in)
    cfg = quality.spacy.util.load_config(quality.extractors.CONFIG, interpolate=False)
    cfg["components"]["metric_patterns"]["ranker"] = None
    cfg.to_disk(tmp_path / "rules.cfg", interpolate=False)
    assert quality.OutOfFold(str(tmp_path / "rules.cfg"), [0, 1, 2], tmp_path)(1) == str(tmp_path / "rules.cfg")


@pytest.mark.parametrize(("kind", "component", "threshold", "fold", "fitted_on"), [
    ("tasks", "task_patterns", 0.5, 1, [0, 2]),
    ("metrics", "metric_patterns", 0.3, 2, [0, 1]),
])
def test_quality_fits_a_ranker_out_of_fold(monkeypatch, tmp_path, kind, component, threshold, fold, fitted_on):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    quality = importlib.import_module("quality")
    rows = [{"id": f"r{i}", "set": "cv", "fold": i % 5, "features": ["good" if i % 2 else "bad"], "label": i % 2}
            for i in range(50)]
    folds = quality.OutOfFold(None, [0, 1, 2], tmp_path)
    folds.thresholds, folds.kind_rows = {kind: threshold}, {kind: rows}  # as with that ranker in the config
    cfg = quality.spacy.util.load_config(folds(fold), interpolate=False)
    weights = quality.json.loads(Path(cfg["components"][component]["ranker"]).read_text())
    assert weights["kind"] == kind and weights["threshold"] == threshold
    assert weights["provenance"]["folds"] == fitted_on  # the scored fold left out, folds 3-4 never used


def test_extract_throughput_versus_blank_prints_each_round_and_the_ratio(monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    throughput = importlib.import_module("extract_throughput")
    papers = throughput.load_papers([str(REPO / "examples")])[:4]
    assert papers and throughput.versus_blank(papers, 6, None, 4, rounds=2) == 0
    out = capsys.readouterr().out
    assert out.count("round ") == 2 and "blank tokenizer" in out
    ratio = float(out.rsplit("the tokenizer is ", 1)[1].split("x")[0])
    assert ratio > 0
