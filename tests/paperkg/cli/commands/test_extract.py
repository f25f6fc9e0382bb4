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


def test_bad_records_are_warned_about_on_stderr(fixtures, tmp_path):
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", str(fixtures / "papers.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[1].rsplit(":", 1)[1] for w in warnings] == ["3", "4", "5", "7"]
    assert all(w.endswith("(skipped)") for w in warnings)
    assert "warning" not in result.stdout


def test_strict_stops_at_the_first_bad_record_and_writes_nothing(fixtures, tmp_path):
    out = tmp_path / "preds.jsonl"
    out.write_text("kept from an earlier run\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(fixtures / "papers.jsonl"), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert result.output.endswith("papers.jsonl:3: invalid JSON (Expecting value at column 52)\n")
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "kept from an earlier run\n"  # the half-written file never replaced it


def test_input_errors_exit_1_without_a_file(tmp_path):
    out = tmp_path / "preds.jsonl"
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert missing.exit_code == 1 and "nope.jsonl: no such file or directory" in missing.output
    unknown = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out), "--format", "pdf"])
    assert unknown.exit_code == 1 and "unknown reader 'pdf'" in unknown.output
    assert not out.exists()


def test_format_and_jobs_options(fixtures, tmp_path):
    odd = tmp_path / "papers.data"
    odd.write_bytes((fixtures / "papers.jsonl").read_bytes())
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["extract", str(odd), "-o", str(one), "-f", "jsonl"]).exit_code == 0
    assert runner.invoke(app, ["extract", str(odd), "-o", str(two), "-f", "jsonl", "-j", "2"]).exit_code == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert [json.loads(line)["id"] for line in one.read_text(encoding="utf-8").splitlines()] == ["p1", "p2", "p7"]


def test_standard_input_to_standard_output(fixtures):
    result = runner.invoke(app, ["extract", "-", "-o", "-"], input=(fixtures / "papers.jsonl").read_bytes())
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]  # nothing but JSONL on stdout
    assert [r["id"] for r in records] == ["p1", "p2", "p7"]
    assert "wrote 3 predictions to standard output; skipped 4 bad record(s)" in result.stderr
    assert "<stdin>:3: invalid JSON" in result.stderr


def test_warnings_are_capped_and_quiet_hides_them(tmp_path):
    papers = tmp_path / "bad.jsonl"
    papers.write_text("{oops\n" * 30 + json.dumps({"id": "x", "title": "T", "abstract": "We use BERT."}) + "\n",
                      encoding="utf-8")
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", str(papers), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 21 and warnings[-1].startswith("warning: more than 20 bad records")
    assert "skipped 30 bad record(s)" in result.stdout  # the summary still counts them all
    quiet = runner.invoke(app, ["extract", str(papers), "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == "" and "skipped 30 bad record(s)" in quiet.stdout


def test_input_format_is_the_papers_format(fixtures, tmp_path):
    odd = tmp_path / "papers.data"
    odd.write_bytes((fixtures / "papers.jsonl").read_bytes())
    result = runner.invoke(app, ["extract", str(odd), "-o", "-", "--input-format", "jsonl", "-q"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3
