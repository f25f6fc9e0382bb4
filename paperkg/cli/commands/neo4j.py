"""``kg load neo4j``, ``kg query`` and ``kg export neo4j-csv``: thin wrappers over :mod:`exports`."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from exports.embedded import load_embedded, run_query
from exports.neo4j import DEFAULT_URI, load_neo4j, query_neo4j
from exports.neo4j_csv import write_neo4j_csv
from exports.neo4j_schema import examples as canned
from kg.graphjson import read_graph_json
from paperkg.cli.app import UsageError, app, console, err_console, export_app, handle_errors

__all__ = ["load_neo4j_cmd", "query_cmd", "export_neo4j_csv_cmd", "format_result", "parse_params"]

load_app = typer.Typer(help="Load a graph.json into a database.", no_args_is_help=True)
app.add_typer(load_app, name="load")

_URI = typer.Option(None, "--uri", envvar="NEO4J_URI", help="Bolt URI, e.g. bolt://localhost:7687.")
_USER = typer.Option("neo4j", "--user", envvar="NEO4J_USER", help="Neo4j user.")
_PASSWORD = typer.Option("", "--password", envvar="NEO4J_PASSWORD", show_default=False, help="Neo4j password.")
_DATABASE = typer.Option(None, "--database", "-d", help="Database name (default: the server's default, 'neo4j').")


@load_app.command("neo4j")
@handle_errors
def load_neo4j_cmd(
    graph: Path = typer.Argument(..., help="A graph.json (or the directory holding it)."),
    uri: Optional[str] = _URI,
    user: str = _USER,
    password: str = _PASSWORD,
    database: Optional[str] = _DATABASE,
    batch_size: int = typer.Option(1000, "--batch-size", min=1, help="Rows per UNWIND transaction."),
) -> None:
    """Load GRAPH into Neo4j (idempotent: loading twice gives the same graph), then check the counts.

    Start a server first with `docker compose up -d` (see docs/neo4j.md).
    """
    kg = read_graph_json(graph)
    total = kg.number_of_nodes() + kg.number_of_relations()
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err_console, transient=True, disable=not sys.stderr.isatty())
    with progress:
        task = progress.add_task("loading", total=total)
        report = load_neo4j(kg, uri=uri or DEFAULT_URI, user=user, password=password, database=database,
                            batch_size=batch_size,
                            on_batch=lambda step, n: progress.update(task, advance=n,
                                                                     description=f"loading {step.name}"))
    table = Table(show_header=True, header_style="bold")
    for col in ("kind", "name", "in graph", "in Neo4j"):
        table.add_column(col, justify="right" if col.startswith("in") else "left")
    for kind, names in report.expected.items():
        for name, n in names.items():
            if n or report.found[kind].get(name):
                table.add_row(kind, name, str(n), str(report.found[kind].get(name, 0)))
    console.print(table)
    console.print(f"loaded {graph} into {uri or DEFAULT_URI} in {report.batches} batches, {report.seconds:.1f}s; "
                  "counts match", highlight=False, markup=False)


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs; values are JSON when they parse as JSON, strings otherwise.

    >>> parse_params(["dataset=COCO", "limit=5"])
    {'dataset': 'COCO', 'limit': 5}
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {pair!r}: write it as NAME=VALUE, e.g. --param dataset=COCO")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def format_result(result: Any, fmt: str) -> str:
    """A :class:`~exports.neo4j_schema.QueryResult` as ``csv`` or ``json`` text."""
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2, default=str)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_text(v) for v in row] for row in result.rows)
    return buf.getvalue().rstrip("\n")


def _print_examples() -> None:
    for ex in canned().values():
        params = " ".join(f"--param {k}={json.dumps(v)}" for k, v in ex.params.items())
        console.print(Text.assemble((ex.name, "bold"), f": {ex.description}"))
        console.print(f"  kg query out/graph.json --run {ex.name} {params}".rstrip(), highlight=False, markup=False)
        console.print("  " + ex.text.replace("\n", "\n  ") + "\n", highlight=False, markup=False)


@app.command("query")
@handle_errors
def query_cmd(
    graph: Optional[Path] = typer.Argument(None, help="A graph.json (for the embedded engine; ignored with --uri)."),
    cypher: Optional[str] = typer.Argument(None, help="The Cypher query."),
    examples: bool = typer.Option(False, "--examples", help="List the canned example questions and exit."),
    run: Optional[str] = typer.Option(None, "--run", "-r", help="Run the example question of this name."),
    param: list[str] = typer.Option([], "--param", "-p", help="Query parameter NAME=VALUE (repeatable)."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, csv or json."),
    uri: Optional[str] = _URI,
    user: str = _USER,
    password: str = _PASSWORD,
    database: Optional[str] = _DATABASE,
) -> None:
    """Ask a Cypher question: on Neo4j when --uri (or NEO4J_URI) is given, else on an embedded engine.

    Examples: kg query out/graph.json "MATCH (d:Dataset) RETURN d.name AS name ORDER BY name";
    kg query --examples; kg query out/graph.json --run papers-on-dataset --param dataset=COCO
    """
    if fmt not in ("table", "csv", "json"):
        raise UsageError(f"--format {fmt!r}: choose table, csv or json")
    if examples:
        _print_examples()
        return
    params: dict[str, Any] = {}
    if run:
        if run not in canned():
            raise UsageError(f"no example question {run!r}; `kg query --examples` lists: {', '.join(canned())}")
        if cypher:
            raise UsageError("give either a CYPHER query or --run NAME, not both")
        cypher, params = canned()[run].text, dict(canned()[run].params)
    elif cypher is None and graph is not None and uri and not Path(graph).exists():
        cypher, graph = str(graph), None  # `kg query --uri ... "MATCH ..."`: the one argument is the query
    if not cypher:
        raise UsageError("no query: give CYPHER, --run NAME, or --examples (e.g. kg query out/graph.json "
                         "\"MATCH (p:Paper) RETURN count(p) AS papers\")")
    params.update(parse_params(param))
    if uri:
        result = query_neo4j(cypher, params, uri=uri, user=user, password=password, database=database)
    else:
        if graph is None:
            raise UsageError("no graph: give GRAPH (e.g. out/graph.json) for the embedded engine, or --uri")
        result = run_query(load_embedded(read_graph_json(graph)), cypher, params)
    if fmt != "table":
        typer.echo(format_result(result, fmt))  # raw text: no Rich markup or emoji codes applied
        return
    table = Table(show_header=True, header_style="bold")
    for col in result.columns:
        table.add_column(Text(col), overflow="fold")
    for row in result.rows:
        table.add_row(*[Text(_text(v)) for v in row])  # Text: titles like "[/b] :x:" stay literal
    console.print(table)
    err_console.print(f"{len(result.rows)} row(s) from {'Neo4j at ' + uri if uri else 'the embedded engine'}",
                      style="dim", highlight=False)


@export_app.command("neo4j-csv")
@handle_errors
def export_neo4j_csv_cmd(
    graph: Path = typer.Argument(..., help="A graph.json (or the directory holding it)."),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for the CSV files."),
    database: str = typer.Option("neo4j", "--database", "-d", help="Database name in the import command."),
    prefix: str = typer.Option("", "--prefix", help="Path put before each file in the command, e.g. /import/ "
                               "for the docker-compose mount (default: run it from OUT)."),
) -> None:
    """CSV files for `neo4j-admin database import full`, and the exact command to run."""
    result = write_neo4j_csv(read_graph_json(graph), out, database=database, prefix=prefix)
    for name, n in result.rows.items():
        console.print(f"{name}: {n} rows", highlight=False)
    where = f"with the files under {prefix}" if prefix else f"from {out}"
    console.print(f"wrote {len(result.node_files) + len(result.relationship_files)} CSV files to {out}; "
                  f"import them (database stopped) {where} with:", highlight=False, markup=False)
    console.print(result.command, highlight=False, markup=False, soft_wrap=True)
    console.print(f"then create the constraints: cypher-shell -f {Path(out) / 'constraints.cypher'}",
                  highlight=False, markup=False)
