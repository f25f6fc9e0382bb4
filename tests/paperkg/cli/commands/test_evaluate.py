"""`kg eval` (paperkg/cli/commands/evaluate.py): scores printed as score.py prints them, errors naming the file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from paperkg.cli import app
from paperkg.evaluate import FIELDS, format_table, score_files


def test_cli_with_pred(eval_files):
    gold, pred = eval_files
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == format_table(score_files(gold, pred))


def test_cli_extracts_from_the_gold_file(eval_files, tmp_path):
    gold, _ = eval_files
    saved = tmp_path / "made.jsonl"
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--save", str(saved), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(FIELDS) <= set(scores) and scores["_missing_ids"] == 0
    assert scores["repos"]["F1"] == 1.0
    assert [json.loads(line)["id"] for line in saved.read_text().splitlines()] == ["a", "b", "c"]


def test_cli_errors_name_the_file(tmp_path, eval_files):
    _, pred = eval_files
    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path / "nope.jsonl"), "--pred", str(pred)])
    assert result.exit_code == 1 and "nope.jsonl" in result.output


def test_cli_json_has_every_field(eval_files):
    gold, pred = eval_files
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == score_files(gold, pred)


def test_cli_notes_when_no_prediction_id_matches(eval_files, tmp_path):
    gold, _ = eval_files
    pred = tmp_path / "renamed.jsonl"
    pred.write_text(json.dumps({"id": "paper-1", "entities": [{"type": "dataset", "name": "COCO"}]}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0, result.output
    assert "note: no prediction id matched a gold id; predictions must keep the input's `id`" in result.output
    matched = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(eval_files[1])])
    assert "note:" not in matched.output


def test_cli_pred_and_inputs_together_is_an_error(eval_files, fixtures):
    gold, pred = eval_files
    result = CliRunner().invoke(app, ["eval", str(fixtures / "papers.jsonl"), "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 2  # a usage error, reported like Typer's own
    assert "Error: give either --pred or input files to extract from, not both" in result.output


def test_cli_a_bad_prediction_line_is_named(eval_files, tmp_path):
    gold, _ = eval_files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2: not valid JSON" in result.output


def test_cli_reads_predictions_from_standard_input(eval_files):
    gold, pred = eval_files
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", "-"], input=pred.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == format_table(score_files(gold, pred))


def test_cli_old_spellings_still_work(eval_files):
    gold, pred = eval_files
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "-p", str(pred), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == score_files(gold, pred)


def test_cli_a_file_that_is_not_gold_is_an_error_before_any_extraction(eval_files, fixtures, tmp_path, monkeypatch):
    def no_extraction(*args, **kwargs):
        raise AssertionError("extracted before checking the gold file")

    monkeypatch.setattr("paperkg.evaluate.extract_records", no_extraction)
    _, pred = eval_files
    as_gold = CliRunner().invoke(app, ["eval", "--gold", str(pred)])  # predictions passed as gold
    assert as_gold.exit_code == 1
    assert f"{pred}:1: not a gold record but a `kg extract` prediction" in as_gold.output
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"id": "a", "title": "T", "abstract": "A."}) + "\n", encoding="utf-8")
    plain = CliRunner().invoke(app, ["eval", "--gold", str(papers)])
    assert plain.exit_code == 1 and f"{papers}:1: not a gold record" in plain.output
    assert "Traceback" not in plain.output
