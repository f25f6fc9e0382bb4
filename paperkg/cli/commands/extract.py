"""``kg extract``: per-paper predictions as JSONL (the evaluation contract)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kg.errors import BadRecord
from paperkg.cli.app import (
    INPUT_FORMAT,
    INPUT_FORMAT_ALIAS,
    KgCommand,
    app,
    console,
    err_console,
    handle_errors,
    pick_alias,
    problem_printer,
    progress,
)
from paperkg.cli.streams import DASH_OUT, is_dash

__all__ = ["extract_cmd"]


@app.command("extract", cls=KgCommand)
@handle_errors
def extract_cmd(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Paper files, directories or globs; "
                                       "- reads standard input."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE", help=f"Predictions file to write (JSONL, one "
                             f"object per paper); {DASH_OUT}."),
    input_format: Optional[str] = INPUT_FORMAT,
    old_format: Optional[str] = INPUT_FORMAT_ALIAS,
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record (exit code 1)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help="Worker processes for extraction."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE",
                                          help="spaCy pipeline config (default: the shipped one)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-record warnings or progress, only the summary."),
) -> None:
    """Extract entities and results per paper, without building a graph (used by `kg eval`)."""
    from paperkg.extract import extract_records, write_predictions  # imports spaCy (~1 s): only when used

    fmt = pick_alias(input_format, old_format, "--input-format")
    skipped = 0
    warn = problem_printer(quiet)

    def on_problem(problem: BadRecord) -> None:
        nonlocal skipped
        skipped += 1
        warn(problem)

    with progress(quiet) as shown:
        shown.phase("extracting", unit="papers")

        def records():
            for rec in extract_records([str(i) for i in inputs], fmt=fmt, strict=strict, jobs=jobs,
                                       config=str(config) if config else None, on_problem=on_problem):
                shown.advance()
                yield rec

        n = write_predictions(records(), sys.stdout if is_dash(out) else out)
    where = "standard output" if is_dash(out) else str(out)
    (err_console if is_dash(out) else console).print(f"wrote {n} predictions to {where}" + (f"; skipped {skipped} bad record(s)" if skipped else ""),
                      highlight=False, markup=False)
