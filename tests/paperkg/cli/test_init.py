"""paperkg/cli/__init__.py: importing the package registers every command module's commands."""

from __future__ import annotations

from typer.testing import CliRunner

from paperkg.cli import app

runner = CliRunner()


def test_help_explains_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "stats", "extract", "export"):
        assert command in result.output
