"""``kg eval``: score predictions against a gold file (the numbers of ``shared/eval/score.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from paperkg.cli.app import KgCommand, TableFormat, app, console, format_option, handle_errors, pick_alias

__all__ = ["eval_cmd"]


@app.command("eval", cls=KgCommand)
@handle_errors
def eval_cmd(
    inputs: Optional[list[str]] = typer.Argument(None, metavar="INPUT...", help="Papers to extract from "
                                                 "(default: the gold file); - reads standard input."),
    gold: Path = typer.Option(..., "--gold", "-g", metavar="FILE", help="Gold JSONL (format of shared/eval/dev.jsonl)."),
    pred: Optional[Path] = typer.Option(None, "--pred", metavar="FILE", help="Predictions JSONL written by "
                                        "`kg extract`; - reads it from standard input."),
    old_pred: Optional[Path] = typer.Option(None, "-p", hidden=True, help="Old spelling of --pred."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE",
                                          help="spaCy pipeline config (default: the shipped one)."),
    save: Optional[Path] = typer.Option(None, "--save", metavar="FILE",
                                        help="Also keep the predictions made here in this file."),
    fmt: TableFormat = format_option(TableFormat.table),
    as_json: bool = typer.Option(False, "--json", hidden=True, help="Old spelling of --format json."),
) -> None:
    """Per-field precision / recall / F1 of predictions against gold, as shared/eval/score.py prints them.

    \b
    Examples:
      kg eval --gold ../shared/eval/dev.jsonl                      # extract from the gold file, then score
      kg eval --gold ../shared/eval/dev.jsonl --pred preds.jsonl   # score a `kg extract` output
      kg extract papers.jsonl -o - | kg eval --gold gold.jsonl --pred -
    """
    from paperkg.evaluate import FIELDS, evaluate, format_table  # imports spaCy (~1 s): only when used

    pred = pick_alias(pred, old_pred, "--pred")
    scores = evaluate(gold, pred, inputs, str(config) if config else None, save)
    if as_json or fmt is TableFormat.json:
        console.print_json(json.dumps(scores))
    else:
        console.print(format_table(scores), highlight=False, markup=False, soft_wrap=True)
    if not any(scores[f]["pred"] for f in FIELDS) and scores["_missing_ids"]:
        console.print("note: no prediction id matched a gold id; predictions must keep the input's `id`",
                      style="yellow", highlight=False)
