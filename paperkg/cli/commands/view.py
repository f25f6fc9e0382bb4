"""``kg view``: the interactive HTML view, with the options the default export does not have."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from exports.html import write_html
from kg.errors import ExportError
from kg.io import STDIN
from paperkg.cli.app import KgCommand, UsageError, app, console, err_console, handle_errors, progress
from paperkg.cli.streams import DASH_IN, DASH_OUT, is_dash, output_file, read_graph

__all__ = ["view_cmd", "default_output"]


def default_output(graph: Path) -> Path:
    """Where ``kg view GRAPH`` writes without ``-o``: ``graph.html`` beside GRAPH, as ``kg build`` does.

    >>> default_output(Path("out/graph.json")), default_output(Path("out"))
    (PosixPath('out/graph.html'), PosixPath('out/graph.html'))
    """
    folder = graph if graph.is_dir() or not graph.suffix else graph.parent
    return folder / "graph.html"


@app.command("view", cls=KgCommand)
@handle_errors
def view_cmd(
    graph: Path = typer.Argument(Path("out/graph.json"), metavar="GRAPH", help=f"A graph.json (or the directory "
                                 f"holding it); {DASH_IN}."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", show_default=False,
                                       help=f"HTML file to write (default: graph.html beside GRAPH, where `kg build` "
                                            f"writes it); {DASH_OUT}."),
    focus: Optional[str] = typer.Option(None, "--focus", metavar="ID",
                                        help="Show only this node's neighbourhood, e.g. dataset:coco."),
    depth: int = typer.Option(2, "--depth", min=0, metavar="N", help="Hops around --focus."),
    types: Optional[list[str]] = typer.Option(None, "--type", "-t", metavar="TYPE", help="Keep only this node type "
                                              "(repeatable): paper, method, dataset, metric, task, repository, "
                                              "author, result. Without paper, entities sharing a paper are linked."),
    top: Optional[int] = typer.Option(None, "--top", "-n", min=1, metavar="N", help="Keep only the N most connected nodes."),
    max_nodes: int = typer.Option(2000, "--max-nodes", min=1, metavar="N", help="Cap on drawn nodes; above it the "
                                  "most connected are kept and the page says so."),
    title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="Page heading."),
) -> None:
    """Write an interactive HTML view that opens offline (search, type filters, evidence panel).

    Examples: `kg view out/graph.json` (writes out/graph.html);
    `kg view out/graph.json --focus dataset:coco --depth 2 -o coco.html`;
    `kg view out/graph.json --type dataset --type method --top 300 -o top.html`.
    """
    if out is None:
        if is_dash(graph):
            raise UsageError("the graph comes from standard input: give -o FILE (or -o - for standard output)")
        out = default_output(Path(graph))
    name = STDIN if is_dash(graph) else str(graph)
    with progress() as shown:
        shown.phase(f"reading {name}")
        kg = read_graph(graph)
        shown.phase(f"writing {'standard output' if is_dash(out) else Path(out).name}")
        try:
            with output_file(out, ".html") as target:
                selection = write_html(kg, target, focus=focus, depth=depth, types=types, top=top,
                                       max_nodes=max_nodes, title=title)
        except ExportError as exc:
            raise ExportError(f"{name}: {exc}") from None
    report = err_console if is_dash(out) else console
    report.print(f"wrote {'standard output' if is_dash(out) else out}: {selection.graph.number_of_nodes():,} nodes, "
                 f"{selection.graph.number_of_edges():,} edges (graph has {selection.total:,} nodes)",
                 highlight=False, markup=False)
    if selection.notice:
        report.print(selection.notice, style="yellow", highlight=False, markup=False)
