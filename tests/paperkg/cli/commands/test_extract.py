"""`kg extract` (paperkg/cli/commands/extract.py): the predictions file, its messages and exit codes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


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


def test_the_summary_names_the_file_literally(fixtures, tmp_path):
    out = tmp_path / "[draft] preds.jsonl"
    result = runner.invoke(app, ["extract", str(fixtures / "papers.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote 3 predictions to {out}; skipped 4 bad record(s)\n" in result.output
    assert out.exists()
