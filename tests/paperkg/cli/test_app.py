"""paperkg/cli/app.py: the Typer app, --version, and handle_errors (one line and an exit code, never a traceback)."""

from __future__ import annotations

from importlib.metadata import version

import pytest
import typer
from typer.testing import CliRunner

import kg
from kg.errors import BadRecord, ExportError, InputError, KGError
from kg.registry import registry
from paperkg.cli import app
from paperkg.cli.app import UsageError, exporters_help, handle_errors, readers_help

runner = CliRunner()


def one_command_app(error: BaseException | None, result: str = "done") -> typer.Typer:
    """A Typer app whose only command raises *error* (or prints *result*) inside handle_errors."""
    demo = typer.Typer()

    @demo.command()
    @handle_errors
    def run(name: str = typer.Option("x", "--name")) -> None:
        """Demo command."""
        if error is not None:
            raise error
        typer.echo(f"{result} {name}")

    return demo


@pytest.mark.parametrize("error", [
    InputError("papers.jsonl: no such file or directory"),
    BadRecord("papers.jsonl", 3, "invalid JSON"),
    ExportError("graph.html: cannot write"),
    KGError("plain"),
])
def test_a_kg_error_is_one_line_on_stderr_and_exit_1(error: KGError) -> None:
    result = runner.invoke(one_command_app(error), [])
    assert result.exit_code == 1
    assert result.output == f"error: {error}\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_usage_error_exits_2() -> None:
    result = runner.invoke(one_command_app(UsageError("give --export or --no-exports, not both")), [])
    assert result.exit_code == 2
    assert result.output == "error: give --export or --no-exports, not both\n"


def test_markup_in_a_message_is_printed_literally() -> None:
    result = runner.invoke(one_command_app(InputError("[bold]x[/bold] :thumbs_up: [/]")), [])
    assert result.output == "error: [bold]x[/bold] :thumbs_up: [/]\n"


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    result = runner.invoke(one_command_app(KeyboardInterrupt()), [])
    assert result.exit_code == 130 and result.output == "interrupted\n"


def test_other_exceptions_are_not_hidden() -> None:
    result = runner.invoke(one_command_app(ZeroDivisionError("a bug")), [])
    assert result.exit_code == 1 and isinstance(result.exception, ZeroDivisionError)


def test_the_wrapped_command_keeps_its_name_options_and_result() -> None:
    result = runner.invoke(one_command_app(None), ["--name", "kg"])
    assert result.exit_code == 0 and result.output == "done kg\n"

    @handle_errors
    def documented() -> int:
        """Docstring shown by --help."""
        return 7

    assert documented() == 7 and documented.__name__ == "documented"
    assert documented.__doc__ == "Docstring shown by --help."


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"paperkg {kg.__version__}\n"
    assert kg.__version__ == version("paperkg")  # the code and the installed package agree


def test_help_texts_list_what_the_registry_holds() -> None:
    assert readers_help().startswith("hf-text (text, txt, hf), jsonl, json, arxiv-snapshot (arxiv), ")
    for plugin in registry.plugins("reader"):
        assert plugin.label() in readers_help()
    for plugin in registry.plugins("exporter"):
        assert plugin.label() in exporters_help()
    result = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for plugin in registry.plugins("exporter"):
        assert plugin.label() in result.output and plugin.description in result.output
