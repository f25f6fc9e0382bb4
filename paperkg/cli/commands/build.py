"""``kg build`` and ``kg stats``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.table import Table
from rich.text import Text

from kg.registry import registry
from kg.stats import graph_stats
from paperkg.cli.app import (
    INPUT_FORMAT,
    INPUT_FORMAT_ALIAS,
    KgCommand,
    TableFormat,
    UsageError,
    app,
    console,
    exporters_help,
    format_option,
    handle_errors,
    pick_alias,
    problem_printer,
    progress,
)
from paperkg.cli.streams import DASH_IN, read_graph, refuse_dash

if TYPE_CHECKING:
    from paperkg.build import BuildReport

__all__ = ["build_cmd", "stats_cmd", "print_report"]

_PLURAL = {"Repository": "repositories"}


class Executor(str, Enum):
    """``--executor``: where the per-paper step runs (see :mod:`paperkg.executors`)."""

    processes = "processes"
    dask = "dask"


def print_report(report: BuildReport, verbose: bool = False) -> None:
    console.print(f"[bold]papers read[/]: {report.papers_read} records in {len(report.files)} file(s); "
                  f"{report.papers_added} added to the graph, {report.duplicates} duplicate record(s) merged"
                  + (f", {report.already_in_graph} already in the graph" if report.already_in_graph else ""))
    if report.unchanged_inputs:
        console.print(f"{len(report.unchanged_inputs)} input file(s) not read again: graph.store holds all their "
                      "papers and they have not changed since", highlight=False)
    shown = report.duplicate_sources if verbose else report.duplicate_sources[:3]
    for title, first, again in shown:
        console.print(f"  duplicate: {title[:70]!r} at {again} (first read at {first})", highlight=False,
                      markup=False)
    if len(shown) < len(report.duplicate_sources):
        console.print(f"  ... {len(report.duplicate_sources) - len(shown)} more (--verbose lists them all)")
    if report.skipped:
        reasons = ", ".join(f"{n} {r}" for r, n in report.skipped_reasons().most_common())
        console.print(f"[bold yellow]skipped[/]: {len(report.skipped)} bad record(s) ({reasons})")
    table = Table(title=None, show_header=True, header_style="bold")
    table.add_column("nodes", justify="left")
    table.add_column("count", justify="right")
    table.add_column("edges", justify="left")
    table.add_column("count", justify="right")
    nodes, edges = list(report.counts.get("nodes", {}).items()), list(report.counts.get("edges", {}).items())
    for i in range(max(len(nodes), len(edges))):
        n = nodes[i] if i < len(nodes) else ("", "")
        e = edges[i] if i < len(edges) else ("", "")
        table.add_row(n[0], str(n[1]), e[0], str(e[1]))
    console.print(table)
    for name, path in report.outputs.items():
        console.print(f"wrote {name}: {path}", highlight=False, markup=False)
    if report.store_reason:
        console.print(f"used graph.store ({report.store_reason}); --no-store keeps the graph in memory",
                      highlight=False, markup=False)
    console.print(f"done in {report.seconds:.1f}s")


@app.command("build", cls=KgCommand)
@handle_errors
def build_cmd(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Paper files, directories or globs (.txt dumps, "
                                       ".jsonl, .json, .xml Atom, .csv; .gz accepted); - reads standard input."),
    out: Path = typer.Option(Path("out"), "--out", "-o", metavar="DIR", help="Output directory (graph.json and exports)."),
    input_format: Optional[str] = INPUT_FORMAT,
    old_format: Optional[str] = INPUT_FORMAT_ALIAS,
    update: bool = typer.Option(False, "--update", help="Add papers to an existing OUT/graph.json instead of rebuilding."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record (exit code 1)."),
    store: Optional[bool] = typer.Option(None, "--store/--no-store", show_default="auto", help="Merge papers into "
                                         "OUT/graph.store (SQLite) instead of memory and stream graph.json and the "
                                         "exports from it: memory grows with the distinct entities, not the papers; "
                                         "--update then extracts only the new papers and appends them to the "
                                         "outputs. Default: used when the inputs reach 64 MB (about 40,000 papers) "
                                         "or when updating a directory that has a store."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help="Worker processes for extraction (with "
                             "--executor dask: workers of the local Dask cluster)."),
    executor: Executor = typer.Option(Executor.processes, "--executor", help="Where extraction runs: 'processes' "
                                      "(this machine; --jobs processes) or 'dask' (a Dask cluster: needs "
                                      "pip install 'paperkg[dask]'). The graph is the same either way."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="With --executor dask: the "
                                            "scheduler of a running cluster (tcp://host:8786) instead of a local one."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE",
                                          help="spaCy pipeline config (default: the shipped one)."),
    export: Optional[list[str]] = typer.Option(None, "--export", metavar="NAME", help=f"Exports to write beside "
                                               f"graph.json (repeatable; default: {', '.join(p.name for p in registry.plugins('exporter', on_build=True))}"
                                               f"). One of: {exporters_help()}. Use --no-exports for none."),
    no_exports: bool = typer.Option(False, "--no-exports", help="Write graph.json only."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-record warnings or progress, only the summary."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every duplicate record merged."),
) -> None:
    """Read papers, extract entities with evidence, and write OUT/graph.json plus exports."""
    from paperkg.build import build  # imports spaCy (~1 s): only commands that extract pay for it

    if export and no_exports:
        raise UsageError("give --export or --no-exports, not both")
    if scheduler and executor is not Executor.dask:
        raise UsageError("--scheduler needs --executor dask")
    refuse_dash(out, "--out", "kg build writes a directory (graph.json and its exports)")
    fmt = pick_alias(input_format, old_format, "--input-format")
    on_problem = problem_printer(quiet)
    with progress(quiet) as shown:
        report = build([str(i) for i in inputs], out, fmt=fmt, update=update, strict=strict, jobs=jobs,
                       executor=executor.value, scheduler=scheduler, config=str(config) if config else None,
                       exports=[] if no_exports else export, store=store,
                       on_problem=on_problem, on_paper=lambda _p: shown.advance(),
                       on_phase=lambda name: shown.phase(name, unit="papers" if name == "extracting" else ""))
    print_report(report, verbose=verbose)


@app.command("stats", cls=KgCommand)
@handle_errors
def stats_cmd(
    graph: Path = typer.Argument(Path("out/graph.json"), metavar="GRAPH", help=f"A graph.json (or the directory "
                                 f"holding it); {DASH_IN}."),
    top: int = typer.Option(10, "--top", "-n", min=1, metavar="N", help="How many top entities per type."),
    fmt: TableFormat = format_option(TableFormat.table),
    as_json: bool = typer.Option(False, "--json", hidden=True, help="Old spelling of --format json."),
) -> None:
    """Counts by node and edge type, and the most used datasets, methods, metrics, tasks and repositories."""
    stats = graph_stats(read_graph(graph), top=top)
    if as_json or fmt is TableFormat.json:
        console.print_json(json.dumps(stats))
        return
    console.print(f"[bold]{stats['total_nodes']}[/] nodes, [bold]{stats['total_edges']}[/] edges")
    for title, key in (("node label", "nodes"), ("edge type", "edges")):
        table = Table(show_header=True, header_style="bold")
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, n in stats[key].items():
            table.add_row(Text(name), str(n))
        console.print(table)
    for label, rows in stats["top"].items():
        if not rows:
            continue
        table = Table(title=f"top {_PLURAL.get(label, label.lower() + 's')}", show_header=True, header_style="bold", title_justify="left")
        table.add_column("name")
        table.add_column("id")
        table.add_column("papers", justify="right")
        for node_id, name, n in rows:
            table.add_row(Text(name), Text(node_id), str(n))  # Text: names from papers are not markup
        console.print(table)
