"""`kg build`, `kg stats`, `kg extract` through the Typer runner: output and files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


def test_build_prints_summary_warnings_and_writes_graph(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), str(fixtures / "papers.jsonl"),
                                 "-o", str(tmp_path), "--no-exports"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "6 records in 2 file(s); 5 added to the graph, 1 duplicate record(s) merged" in " ".join(out.split())
    assert "skipped" in out and "5 bad record(s)" in out
    assert "duplicate: 'SePiCo: Semantic-Guided" in out and "dump.txt:25 (first read at" in out
    assert f"{fixtures / 'papers.jsonl'}:3: invalid JSON" in out  # warning names file and line
    assert "HAS_CODE" in out and "Paper" in out
    assert (tmp_path / "graph.json").exists()


def test_build_quiet_hides_warnings_not_the_summary(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--no-exports", "-q"])
    assert result.exit_code == 0
    assert "papers.jsonl:3" not in result.output and "4 bad record(s)" in result.output


def test_build_strict_exits_non_zero_with_the_location(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "error:" in result.output and "papers.jsonl:3: invalid JSON" in result.output
    assert "Traceback" not in result.output


def test_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "nope.jsonl: no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_clear_error(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 1 and "unknown reader 'docx'; choose one of: hf-text" in result.output


def test_update_flag(fixtures, tmp_path):
    runner.invoke(app, ["build", str(fixtures / "dump.txt"), "-o", str(tmp_path), "--no-exports"])
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), "-o", str(tmp_path), "--no-exports",
                                 "--update"])
    assert result.exit_code == 0 and "2 already in the graph" in result.output


def test_stats(fixtures, tmp_path):
    runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--no-exports"])
    result = runner.invoke(app, ["stats", str(tmp_path / "graph.json")])
    assert result.exit_code == 0, result.output
    assert "top repositories" in result.output and "github.com/sense-x/co-detr" in result.output
    as_json = runner.invoke(app, ["stats", str(tmp_path), "--json"])
    data = json.loads(as_json.output)
    assert data["nodes"]["Paper"] == 3 and data["edges"]["HAS_CODE"] == 2


def test_stats_on_a_missing_graph(tmp_path):
    result = runner.invoke(app, ["stats", str(tmp_path / "graph.json")])
    assert result.exit_code == 1 and "run `kg build" in result.output


def test_extract_writes_the_contract(fixtures, tmp_path):
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", str(fixtures / "papers.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["p1", "p2", "p7"]  # the input's own ids
    repo = next(e for e in records[0]["entities"] if e["type"] == "repository")
    assert repo["id"] == "github.com/sense-x/co-detr"
    assert "github.com/Sense-X/Co-DETR" in repo["surface"]
    text = records[0]["title"]
    assert all({"start", "end", "sentence"} <= ev.keys() for ev in repo["evidence"])
    assert text.startswith("Co-DETR")


def test_help_explains_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "stats", "extract", "export"):
        assert command in result.output
    build_help = runner.invoke(app, ["build", "--help"])
    assert "--update" in build_help.output and "--strict" in build_help.output
