"""Documentation cannot rot: every CLI command is in the README, the README's commands are real."""

from __future__ import annotations

import re

import typer.main

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
