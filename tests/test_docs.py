"""Documentation cannot rot: every CLI command is in the README, the README's commands are real."""

from __future__ import annotations

import csv
import io
import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from paperkg.cli import app
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(typer_app: typer.Typer, prefix: str = "kg") -> list[str]:
    click_group = typer.main.get_command(typer_app)
    paths = []

    def walk(cmd, path):
        subcommands = getattr(cmd, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, f"{path} {name}")
        else:
            paths.append(path)

    walk(click_group, prefix)
    return paths


def test_every_cli_command_is_documented_in_the_readme():
    missing = [p for p in command_paths(app) if f"`{p}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"<!-- (run|test)-command -->\n```bash\n(.+?)\n```", README)
    assert [b[0] for b in blocks] == ["run", "test"]
    assert README.index("<!-- run-command -->") < README.index("## ")
    run, test = (b[1] for b in blocks)
    assert "kg build examples/" in run and "pytest" in test and ".[test]" in test


def test_readme_commands_exist():
    """Every `kg X` the README names in its command table is a real command."""
    known = {p.split()[1] for p in command_paths(app)}
    named = set(re.findall(r"`kg ([a-z-]+)", README))
    assert named <= known, f"README names unknown commands: {sorted(named - known)}"


# ------------------------------------------------- the README's own questions
def _readme_query_lines() -> list[str]:
    """`kg query out/graph.json "..."` and `kg sparql out/graph.ttl "..."` lines of the README's bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()
            if re.match(r'kg (query out/graph\.json|sparql out/graph\.ttl) "', line)]


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build examples/ -o out/`, the README's first command (graph.json and graph.ttl)."""
    from paperkg.build import build

    out = tmp_path_factory.mktemp("out")
    build([REPO / "examples"], out, exports=["turtle"])
    return out


def test_readme_shows_real_queries_in_cypher_and_sparql() -> None:
    lines = _readme_query_lines()
    assert any(line.startswith("kg query") for line in lines) and any(line.startswith("kg sparql") for line in lines)
    assert all("..." not in line for line in lines)


@pytest.mark.parametrize("line", _readme_query_lines())
def test_readme_query_answers_on_the_example_graph(example_graph: Path, line: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)  # the README's queries run on the embedded engine
    words = shlex.split(line)
    args = [str(example_graph / Path(w).name) if w.startswith("out/") else w for w in words[1:]]
    result = CliRunner().invoke(app, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1, f"no answer on the example graph: {line}"


def test_readme_cypher_and_sparql_give_the_same_answer(example_graph: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The README asks one question in both languages; the answers must agree."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    answers = []
    for line in _readme_query_lines():
        words = shlex.split(line)
        args = [str(example_graph / Path(w).name) if w.startswith("out/") else w for w in words[1:]]
        result = CliRunner().invoke(app, [*args, "--format", "csv"])
        answers.append(sorted(row[0] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]))
    assert len(answers) == 2 and answers[0] == answers[1] and len(answers[0]) == 4
