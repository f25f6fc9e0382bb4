"""`kg export NAME` (paperkg/cli/commands/export.py): one generated command per registered exporter."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.graphjson import write_graph_json
from paperkg.cli import app
from tests.exports.html_sample import make_graph


@pytest.fixture
def graph_json(tmp_path: Path) -> Path:
    path = tmp_path / "graph.json"
    write_graph_json(make_graph(n_extra=5), path)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph_formats(runner: CliRunner, graph_json: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["export", fmt, str(graph_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = getattr(nx, f"read_{fmt}")(out)
    assert back.number_of_nodes() == 15 and back.nodes["dataset:coco"]["type"] == "Dataset"
