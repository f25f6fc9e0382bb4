"""paperkg/cli/__init__.py: importing the package registers every command module's commands."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


def test_help_explains_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "stats", "extract", "export"):
        assert command in result.output


def test_every_command_module_is_imported_and_adds_a_command():
    import sys

    import typer.main

    import paperkg.cli.commands as commands

    modules = sorted(p.stem for p in Path(commands.__file__).parent.glob("*.py") if p.stem != "__init__")
    assert modules == ["build", "evaluate", "export", "extract", "neo4j", "rdf", "view"]
    assert all(f"paperkg.cli.commands.{m}" in sys.modules for m in modules)
    group = typer.main.get_command(app)
    assert {"build", "stats", "extract", "eval", "view", "sparql", "validate", "query", "load", "export"} <= \
        set(group.commands)
    assert {"rdf", "neo4j-csv", "html", "graphml", "gexf"} <= set(group.commands["export"].commands)
