"""``kg view``: the interactive HTML view, with the options the default export does not have."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from exports.html import write_html
from kg.errors import ExportError
from kg.graphjson import read_graph_json
from paperkg.cli.app import app, console, handle_errors

__all__ = ["view_cmd"]


@app.command("view")
@handle_errors
def view_cmd(
    graph: Path = typer.Argument(Path("out/graph.json"), help="A graph.json (or the directory holding it)."),
    out: Path = typer.Option(Path("graph.html"), "--out", "-o", help="HTML file to write."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Show only this node's neighbourhood, e.g. dataset:coco."),
    depth: int = typer.Option(2, "--depth", min=0, help="Hops around --focus."),
    types: Optional[list[str]] = typer.Option(None, "--type", "-t", help="Keep only this node type (repeatable): "
                                              "paper, method, dataset, metric, task, repository, author, result. "
                                              "Without paper, entities sharing a paper are linked."),
    top: Optional[int] = typer.Option(None, "--top", "-n", min=1, help="Keep only the N most connected nodes."),
    max_nodes: int = typer.Option(2000, "--max-nodes", min=1, help="Cap on drawn nodes; above it the most "
                                  "connected are kept and the page says so."),
    title: Optional[str] = typer.Option(None, "--title", help="Page heading."),
) -> None:
    """Write an interactive HTML view that opens offline (search, type filters, evidence panel).

    Examples: `kg view out/graph.json -o out/graph.html`;
    `kg view out/graph.json --focus dataset:coco --depth 2 -o coco.html`;
    `kg view out/graph.json --type dataset --type method --top 300 -o top.html`.
    """
    kg = read_graph_json(graph)
    try:
        selection = write_html(kg, out, focus=focus, depth=depth, types=types, top=top,
                               max_nodes=max_nodes, title=title)
    except ExportError as exc:
        raise ExportError(f"{graph}: {exc}") from None
    console.print(f"wrote {out}: {selection.graph.number_of_nodes():,} nodes, "
                  f"{selection.graph.number_of_edges():,} edges (graph has {selection.total:,} nodes)",
                  highlight=False, markup=False)
    if selection.notice:
        console.print(selection.notice, style="yellow", highlight=False, markup=False)
