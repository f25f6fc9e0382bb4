"""Fixtures shared by the CLI command tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.graphjson import write_graph_json
from tests.exports.html_sample import make_graph


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def html_graph_json(tmp_path: Path) -> Path:
    """A small graph (make_graph with five extra papers) written as graph.json."""
    path = tmp_path / "graph.json"
    write_graph_json(make_graph(n_extra=5), path)
    return path
