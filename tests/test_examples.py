"""The shipped examples answer something on the shipped example graph (``kg build examples/ -o out/``).

A newcomer runs the README's build, then the example questions the CLI prints:
each must return at least one row, or the first hour ends in empty tables.
"""

from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exports.neo4j_schema import examples as cypher_examples
from exports.rdf_query import example_queries
from paperkg.cli import app

pytestmark = pytest.mark.slow  # builds the example graph once per session (about 10 s)

runner = CliRunner()


@pytest.fixture
def in_home(example_out: Path, monkeypatch: pytest.MonkeyPatch, no_neo4j_env: None) -> Path:
    monkeypatch.chdir(example_out)  # the examples ask the example graph, not a live Neo4j that CI may have set
    return example_out


def rows(result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_every_sparql_example_answers(in_home: Path, name: str) -> None:
    assert rows(runner.invoke(app, ["sparql", "out/graph.ttl", name, "-f", "csv"])), f"{name}: no rows"


def printed_commands() -> list[str]:
    """The ``kg query ...`` lines that ``kg query --examples`` prints."""
    out = runner.invoke(app, ["query", "--examples"]).output
    return [line.strip() for line in out.splitlines() if line.strip().startswith("kg query out/graph.json --run")]


def test_examples_prints_one_command_per_question() -> None:
    assert len(printed_commands()) == len(cypher_examples())


@pytest.mark.parametrize("command", printed_commands())
def test_every_printed_cypher_example_answers(in_home: Path, command: str) -> None:
    argv = shlex.split(command)[1:]  # as a shell would split it, without "kg"
    assert rows(runner.invoke(app, [*argv, "-f", "csv"])), f"`{command}` answers nothing"
