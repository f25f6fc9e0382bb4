"""`kg view` (paperkg/cli/commands/view.py) through the Typer runner: output and the page written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperkg.cli import app
from tests.exports.html_sample import embedded_data


def test_view_whole_graph(runner: CliRunner, html_graph_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "v" / "graph.html"
    result = runner.invoke(app, ["view", str(html_graph_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 15 nodes" in result.output
    assert len(embedded_data(out.read_text(encoding="utf-8"))["nodes"]) == 15


def test_view_focus_types_top(runner: CliRunner, html_graph_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "coco.html"
    result = runner.invoke(app, ["view", str(html_graph_json), "--focus", "dataset:coco", "--depth", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert embedded_data(out.read_text(encoding="utf-8"))["focus"] == "dataset:coco"
    out2 = tmp_path / "top.html"
    result = runner.invoke(app, ["view", str(html_graph_json), "--type", "dataset", "--type", "method", "--top", "2",
                                 "-o", str(out2)])
    assert result.exit_code == 0, result.output
    assert "Showing the 2 most connected of 4 nodes" in result.output
    ids = {n["id"] for n in embedded_data(out2.read_text(encoding="utf-8"))["nodes"]}
    assert ids == {"dataset:cityscapes", "dataset:coco"}


def test_view_max_nodes_notice(runner: CliRunner, html_graph_json: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["view", str(html_graph_json), "--max-nodes", "4", "-o", str(tmp_path / "c.html")])
    assert result.exit_code == 0 and "the --max-nodes cap" in result.output


def test_view_unknown_focus_suggests(runner: CliRunner, html_graph_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    result = runner.invoke(app, ["view", str(html_graph_json), "--focus", "coco", "-o", str(out)])
    assert result.exit_code == 1
    assert str(html_graph_json) in result.output and "did you mean: dataset:coco" in result.output
    assert not out.exists()


def test_view_missing_graph(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["view", str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "kg build" in result.output


def test_help_mentions_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["view", "--help"])
    assert result.exit_code == 0 and "--focus" in result.output and "--max-nodes" in result.output


def test_view_writes_beside_the_graph_by_default(runner: CliRunner, html_graph_json: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Where `kg build` writes its view: OUT/graph.html, not ./graph.html."""
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = runner.invoke(app, ["view", str(html_graph_json)])
    assert result.exit_code == 0, result.output
    assert (html_graph_json.parent / "graph.html").exists() and not (tmp_path / "elsewhere" / "graph.html").exists()
    assert f"wrote {html_graph_json.parent / 'graph.html'}:" in result.output


def test_view_to_standard_output_and_from_standard_input(runner: CliRunner, html_graph_json: Path) -> None:
    result = runner.invoke(app, ["view", "-", "-o", "-", "--focus", "dataset:coco"], input=html_graph_json.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert embedded_data(result.stdout)["nodes"]
    no_out = runner.invoke(app, ["view", "-"], input=html_graph_json.read_bytes())
    assert no_out.exit_code == 2 and "give -o FILE" in no_out.output
