"""``kg extract``: per-paper predictions as JSONL (the evaluation contract)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from paperkg.cli.app import app, console, err_console, handle_errors, readers_help
from kg.errors import BadRecord

__all__ = ["extract_cmd"]


@app.command("extract")
@handle_errors
def extract_cmd(
    inputs: list[str] = typer.Argument(..., help="Paper files, directories or globs."),
    out: Path = typer.Option(..., "--out", "-o", help="Predictions file to write (JSONL, one object per paper)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help=f"Input format; sniffed when omitted. "
                                      f"One of: {readers_help()}."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record (exit code 1)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    config: Optional[Path] = typer.Option(None, "--config", help="spaCy pipeline config (default: the shipped one)."),
) -> None:
    """Extract entities and results per paper, without building a graph (used by `kg eval`)."""
    from paperkg.extract import extract_records, write_predictions  # imports spaCy (~1 s): only when used

    skipped = 0

    def on_problem(problem: BadRecord) -> None:
        nonlocal skipped
        skipped += 1
        err_console.print(f"warning: {problem} (skipped)", style="yellow", highlight=False, markup=False)

    with Progress(SpinnerColumn(), TextColumn("extracting {task.completed} papers"), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("extract", total=None)

        def records():
            for rec in extract_records([str(i) for i in inputs], fmt=fmt, strict=strict, jobs=jobs,
                                       config=str(config) if config else None, on_problem=on_problem):
                progress.advance(task)
                yield rec

        n = write_predictions(records(), out)
    console.print(f"wrote {n} predictions to {out}" + (f"; skipped {skipped} bad record(s)" if skipped else ""),
                  highlight=False, markup=False)
