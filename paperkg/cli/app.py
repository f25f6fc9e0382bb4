"""The Typer application and the helpers every command shares."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

from kg import __version__
from kg.errors import KGError
from kg.registry import registry

__all__ = ["app", "export_app", "main", "console", "err_console", "handle_errors", "UsageError", "readers_help",
           "exporters_help"]

app = typer.Typer(
    name="kg",
    help="paperkg: turn research papers (titles + abstracts) into an evidence-carrying knowledge graph.\n\n"
         "Start with `kg build examples/ -o out/`, then `kg stats out/graph.json`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

class UsageError(KGError):
    """A bad combination of command-line arguments (exit code 2, like Typer's own usage errors)."""


def readers_help() -> str:
    """The registered input formats with their aliases, for ``--format`` help texts."""
    return ", ".join(p.label() for p in registry.plugins("reader"))


def exporters_help() -> str:
    """The registered exporters with their aliases, for ``--export`` help texts."""
    return ", ".join(p.label() for p in registry.plugins("exporter"))


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


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn paperkg errors into a one-line message and exit code 1 (2 for usage)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            err_console.print(f"error: {exc}", style="bold red", highlight=False, markup=False)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted", style="red")
            raise typer.Exit(130) from None

    return wrapper


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="kg")
    sys.exit(0)
