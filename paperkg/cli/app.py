"""The Typer application and the helpers every command shares."""

from __future__ import annotations

import functools
import re
import sys
import zlib
from collections.abc import Callable
from enum import Enum
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperCommand

from kg import __version__
from kg.errors import BadRecord, KGError, UsageError
from kg.registry import registry
from paperkg.cli.progress import Progress

__all__ = ["app", "export_app", "main", "console", "err_console", "handle_errors", "UsageError", "CommandLineError",
           "KgCommand", "readers_help", "exporters_help", "progress", "TableFormat", "format_option", "INPUT_FORMAT",
           "INPUT_FORMAT_ALIAS", "pick_alias", "MAX_PROBLEMS_SHOWN", "problem_printer"]

#: Bad-record warnings printed before the rest are only counted (in the summary).
MAX_PROBLEMS_SHOWN = 20


class TableFormat(str, Enum):
    """``--format`` of commands that print a table or JSON."""

    table = "table"
    json = "json"


class CommandLineError(typer.BadParameter):
    """A :class:`~kg.errors.UsageError` as Typer reports its own usage errors: usage line, ``Error: ...``, exit 2.

    Typer's public usage-error class (its context, for the usage line, is attached on the way out).
    """

    def format_message(self) -> str:
        return self.message


class KgCommand(TyperCommand):
    """A Typer command whose help shows no Python types: ``INPUT...``, not ``{inputs}...`` / ``<list[str]>``.

    Arguments are named by their metavar (or their name in capitals), optional
    ones in brackets; options show their metavar. Pass it as ``cls=`` to every
    ``@app.command``.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_label(param, usage=True))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((_argument_label(param), record[1]))
            else:
                opts.append((re.sub(r" <[^<>]*>$", "", record[0]), record[1]))
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_label(param: Any, usage: bool = False) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return f"[{name}]" if usage and not param.required else name


app = typer.Typer(
    name="kg",
    help="paperkg: turn research papers (titles + abstracts) into an evidence-carrying knowledge graph.\n\n"
         "Start with `kg build examples/ -o out/`, then `kg stats out/graph.json`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def readers_help() -> str:
    """The registered input formats with their aliases, for ``--format`` help texts."""
    return ", ".join(p.label() for p in registry.plugins("reader"))


def exporters_help() -> str:
    """The registered exporters with their aliases, for ``--export`` help texts."""
    return ", ".join(p.label() for p in registry.plugins("exporter"))


def format_option(default: Enum, help: str = "Output format.") -> Any:
    """``--format`` / ``-f``: what a command prints or writes, one of the members of *default*'s Enum."""
    choices = "|".join(member.value for member in type(default))
    return typer.Option(default, "--format", "-f", metavar=f"[{choices}]", help=help)


#: ``--input-format`` of the commands that read papers, and its old spelling ``--format`` / ``-f`` (hidden).
INPUT_FORMAT = typer.Option(None, "--input-format", metavar="FORMAT",
                            help=f"Input format; sniffed when omitted. One of: {readers_help()}.")
INPUT_FORMAT_ALIAS = typer.Option(None, "--format", "-f", hidden=True, help="Old spelling of --input-format.")


def pick_alias(value: Any, alias: Any, option: str) -> Any:
    """The value of *option*, given by its name or by its old spelling (hidden in --help), not both."""
    if value is not None and alias is not None and value != alias:
        raise UsageError(f"{option} is given twice (once by its old spelling), with different values")
    return value if value is not None else alias


def problem_printer(quiet: bool = False, limit: int = MAX_PROBLEMS_SHOWN) -> Callable[[BadRecord], None]:
    """An ``on_problem`` handler: a warning per bad record up to *limit*, then one line saying more are counted."""
    shown = 0

    def on_problem(problem: BadRecord) -> None:
        nonlocal shown
        if quiet:
            return
        shown += 1
        if shown <= limit:
            err_console.print(f"warning: {problem} (skipped)", style="yellow", highlight=False, markup=False)
        elif shown == limit + 1:
            err_console.print(f"warning: more than {limit} bad records; the rest are only counted (--quiet "
                              "hides these warnings)", style="yellow", highlight=False, markup=False)

    return on_problem


def _export_app_help() -> str:
    lines = ["Write a graph.json in another format (each format is a sub-command; RDF syntaxes share "
             "`kg export rdf`).", "", "\b", "Registered exporters:"]
    lines += [f"  {p.label():34s} {p.description}" for p in registry.plugins("exporter")]
    return "\n".join(lines)


export_app = typer.Typer(help=_export_app_help(), no_args_is_help=True)
app.add_typer(export_app, name="export")

# emoji=False: messages quote titles, names and paths from the input, where ":fire:" is text, not an emoji
console = Console(soft_wrap=True, emoji=False)
err_console = Console(stderr=True, soft_wrap=True, emoji=False)


def _version(value: bool) -> None:
    if value:
        console.print(f"paperkg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """paperkg command line."""


def progress(quiet: bool = False) -> Progress:
    """Progress on standard error: a bar on a terminal, else a plain line now and then (none with *quiet*)."""
    return Progress(err_console, enabled=not quiet)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn paperkg errors into a one-line message and exit code 1.

    A :class:`~kg.errors.UsageError` becomes Typer's usage error (usage line,
    ``Error: ...``, exit code 2), exactly like Typer's own, so every usage
    mistake looks and exits the same.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            raise CommandLineError(str(exc)) from None
        except KGError as exc:
            _fail(str(exc))
        except (EOFError, zlib.error) as exc:  # a reader that lets a damaged .gz through (Click would say "Aborted!")
            _fail(f"the input ends early or is damaged ({type(exc).__name__}: {exc}); is a .gz file truncated? "
                  "Check it with `gzip -t FILE`")
        except KeyboardInterrupt:
            err_console.print("interrupted", style="red")
            raise typer.Exit(130) from None

    return wrapper


def _fail(message: str) -> None:
    err_console.print(f"error: {message}", style="bold red", highlight=False, markup=False)
    raise typer.Exit(1) from None


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="kg")
    sys.exit(0)
