"""paperkg/cli/app.py: the Typer app, --version, and handle_errors (one line and an exit code, never a traceback)."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
import typer
from typer.testing import CliRunner

import kg
import kg.errors
from kg.errors import BadRecord, ExportError, InputError, KGError
from kg.registry import registry
from paperkg.cli import app
from paperkg.cli.app import UsageError, exporters_help, handle_errors, pick_alias, problem_printer, readers_help

runner = CliRunner()


def one_command_app(error: BaseException | None, result: str = "done") -> typer.Typer:
    """A Typer app whose only command raises *error* (or prints *result*) inside handle_errors."""
    demo = typer.Typer(rich_markup_mode=None)  # as paperkg's app: plain help and errors

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


def test_a_usage_error_exits_2_and_reads_like_typers_own() -> None:
    ours = runner.invoke(one_command_app(UsageError("give --export or --no-exports, not both")), [])
    typers = runner.invoke(one_command_app(None), ["--nope"])
    assert ours.exit_code == typers.exit_code == 2
    assert ours.output.splitlines()[:2] == typers.output.splitlines()[:2]  # Usage: ... / Try '... --help' ...
    assert ours.output.endswith("Error: give --export or --no-exports, not both\n")


def test_a_library_usage_error_is_a_kg_error() -> None:
    assert issubclass(UsageError, KGError) and UsageError is kg.errors.UsageError


def test_a_damaged_gzip_that_escapes_a_reader_is_one_line_not_aborted() -> None:
    result = runner.invoke(one_command_app(EOFError("Compressed file ended before the end-of-stream marker was "
                                                    "reached")), [])
    assert result.exit_code == 1 and "Aborted" not in result.output
    assert result.output.startswith("error: the input ends early or is damaged (EOFError: Compressed file ended")
    assert "gzip -t" in result.output


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


def every_command() -> list[list[str]]:
    """The argv prefix of every kg command (``["export", "rdf"]``...), walked from the app."""
    import typer.main

    paths: list[list[str]] = []

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            paths.append(path)

    walk(typer.main.get_command(app), [])
    return paths


def help_of(path: list[str], flat: bool = False) -> str:
    """``kg PATH --help``; *flat*: with white space collapsed, so that phrases wrapped across lines match."""
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split()) if flat else result.output


def test_help_shows_no_python_types() -> None:
    for path in every_command():
        text = help_of(path)
        leaks = re.findall(r"<[a-z_\[\] ]+>|\{[a-z_]+\}|list\[|\bstr\b|<path>|<int", text)
        assert not leaks, f"kg {' '.join(path)} --help shows {leaks}"
        usage = text.splitlines()[0]
        assert re.fullmatch(r"Usage: kg [a-z0-9 -]+ \[OPTIONS\]( \[?[A-Z]+[\]. ]*)*", usage), usage


def test_one_flag_vocabulary() -> None:
    """--format / -f is always an output format, -p always --param; inputs say --input-format / --rdf-format."""
    for path in every_command():
        text = help_of(path)
        for line in text.splitlines():
            if re.match(r"\s+(-f, )?--format\b", line):
                assert not re.search(r"input|syntax of (source|file)", line, re.I), (path, line)
            if re.match(r"\s+-p, ", line):
                assert "--param" in line, (path, line)
            if re.match(r"\s+-f, ", line):
                assert "--format" in line, (path, line)
    assert "--input-format" in help_of(["build"]) and "--input-format" in help_of(["extract"])
    assert "--rdf-format" in help_of(["validate"]) and "--rdf-format" in help_of(["sparql"])


@pytest.mark.parametrize("path", [["build"], ["extract"], ["stats"], ["view"], ["validate"], ["sparql"],
                                  ["query"], ["load", "neo4j"], ["export", "rdf"], ["export", "graphml"],
                                  ["export", "neo4j-csv"]])
def test_help_says_which_arguments_take_a_dash(path: list[str]) -> None:
    assert "- reads it from standard input" in help_of(path, flat=True) or \
        "- reads standard input" in help_of(path, flat=True)


@pytest.mark.parametrize("path", [["extract"], ["view"], ["export", "rdf"], ["export", "gexf"], ["export", "html"]])
def test_help_says_which_outputs_take_a_dash(path: list[str]) -> None:
    assert "- writes it to standard output" in help_of(path, flat=True)


def test_pick_alias() -> None:
    assert pick_alias("jsonl", None, "--input-format") == "jsonl"
    assert pick_alias(None, "jsonl", "--input-format") == "jsonl"
    assert pick_alias("jsonl", "jsonl", "--input-format") == "jsonl"
    with pytest.raises(UsageError, match="--input-format is given twice"):
        pick_alias("jsonl", "csv", "--input-format")


def test_problem_printer_caps_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    warn = problem_printer(limit=3)
    for line in range(1, 8):
        warn(BadRecord("p.jsonl", line, "invalid JSON"))
    err = capsys.readouterr().err.splitlines()
    assert err == ["warning: p.jsonl:1: invalid JSON (skipped)", "warning: p.jsonl:2: invalid JSON (skipped)",
                   "warning: p.jsonl:3: invalid JSON (skipped)",
                   "warning: more than 3 bad records; the rest are only counted (--quiet hides these warnings)"]
    quiet = problem_printer(quiet=True)
    quiet(BadRecord("p.jsonl", 1, "invalid JSON"))
    assert capsys.readouterr().err == ""
