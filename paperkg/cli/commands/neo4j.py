"""``kg load neo4j``, ``kg query`` and ``kg export neo4j-csv``: thin wrappers over :mod:`exports`."""

from __future__ import annotations

import csv
import io
import json
import os
import warnings
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer
from rich.table import Table
from rich.text import Text

from exports.embedded import load_embedded, run_query
from exports.embedded_store import is_fresh, open_store, store_path
from exports.neo4j import DEFAULT_TIMEOUT, DEFAULT_URI, check_uri, load_neo4j, query_neo4j
from exports.neo4j_csv import write_neo4j_csv
from exports.neo4j_schema import NodeValue, RelationshipValue
from exports.neo4j_schema import examples as canned
from paperkg.cli.app import (
    KgCommand,
    UsageError,
    app,
    console,
    err_console,
    export_app,
    format_option,
    handle_errors,
    progress,
)
from paperkg.cli.streams import DASH_IN, is_dash, read_graph, refuse_dash

__all__ = ["QueryFormat", "load_neo4j_cmd", "query_cmd", "query_embedded", "export_neo4j_csv_cmd", "format_result", "parse_params"]

load_app = typer.Typer(help="Load a graph.json into a database.", no_args_is_help=True)
app.add_typer(load_app, name="load")

_URI = typer.Option(None, "--uri", envvar="NEO4J_URI", metavar="URI",
                    help="Bolt URI (bolt://, neo4j://, +s / +ssc for TLS), e.g. bolt://localhost:7687.")
_USER = typer.Option("neo4j", "--user", envvar="NEO4J_USER", metavar="NAME", help="Neo4j user.")
_PASSWORD = typer.Option("", "--password", envvar="NEO4J_PASSWORD", metavar="TEXT", show_default=False,
                         help="Neo4j password.")
_DATABASE = typer.Option(None, "--database", "-d", metavar="NAME",
                         help="Database name (default: the server's default, 'neo4j').")
_TIMEOUT = typer.Option(DEFAULT_TIMEOUT, "--timeout", min=0.1, metavar="SECONDS",
                        help="Give up connecting after this long (a port that does not speak Bolt fails then).")


class QueryFormat(str, Enum):
    """``kg query --format``."""

    table = "table"
    csv = "csv"
    json = "json"


@load_app.command("neo4j", cls=KgCommand)
@handle_errors
def load_neo4j_cmd(
    graph: Path = typer.Argument(..., metavar="GRAPH", help=f"A graph.json (or the directory holding it); {DASH_IN}."),
    uri: Optional[str] = _URI,
    user: str = _USER,
    password: str = _PASSWORD,
    database: Optional[str] = _DATABASE,
    batch_size: int = typer.Option(1000, "--batch-size", min=1, metavar="N", help="Rows per UNWIND transaction."),
    timeout: float = _TIMEOUT,
) -> None:
    """Load GRAPH into Neo4j (idempotent: loading twice gives the same graph), then check the counts.

    Start a server first with `docker compose up -d` (see docs/neo4j.md).
    """
    uri = check_uri(uri or DEFAULT_URI)  # before reading the graph: a wrong URI fails at once
    with progress() as shown:
        shown.phase(f"reading {graph}")
        kg = read_graph(graph)
        shown.phase("loading into Neo4j", total=kg.number_of_nodes() + kg.number_of_relations(),
                    unit="nodes and relationships")
        report = load_neo4j(kg, uri=uri, user=user, password=password, database=database,
                            batch_size=batch_size, timeout=timeout, on_batch=lambda _step, n: shown.advance(n))
    table = Table(show_header=True, header_style="bold")
    for col in ("kind", "name", "in graph", "in Neo4j"):
        table.add_column(col, justify="right" if col.startswith("in") else "left")
    for kind, names in report.expected.items():
        for name, n in names.items():
            if n or report.found[kind].get(name):
                table.add_row(kind, name, str(n), str(report.found[kind].get(name, 0)))
    console.print(table)
    console.print(f"loaded {graph} into {uri} in {report.batches} batches, {report.seconds:.1f}s; "
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
    """A value as table or CSV text: nodes as ``(:Label {...})``, lists and maps as JSON."""
    if value is None:
        return ""
    if isinstance(value, (NodeValue, RelationshipValue)):
        return str(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    return str(value)


def _json_value(value: Any) -> Any:
    return value.to_json() if hasattr(value, "to_json") else str(value)


def format_result(result: Any, fmt: str) -> str:
    """A :class:`~exports.neo4j_schema.QueryResult` as ``csv`` or ``json`` text."""
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=2, default=_json_value)
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


def query_embedded(graph: Path, cypher: str, params: dict[str, Any]) -> Any:
    """Answer *cypher* on the embedded engine: from the persistent database beside *graph*
    (``graph.lbdb``, built on first use and rebuilt when graph.json changes), or for ``-`` from
    standard input (or a graph in a directory we cannot write to) loaded in memory."""
    writable = is_dash(graph) or os.access(store_path(graph).parent, os.W_OK)
    if not writable and not is_fresh(graph):
        err_console.print(f"warning: cannot write {store_path(graph)}; loading {graph} in memory for this query",
                          style="yellow", highlight=False, markup=False)
    with progress() as shown:
        if is_dash(graph) or (not writable and not is_fresh(graph)):
            shown.phase(f"loading {graph} into the embedded engine")
            result = run_query(load_embedded(read_graph(graph)), cypher, params)
            return result
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with open_store(graph, on_build=lambda: shown.phase(
                    f"loading {graph} into the embedded database {store_path(graph)} (once per change)"),
                    on_batch=lambda _name, n: shown.advance(n)) as store:
                shown.phase("querying")
                result = run_query(store.conn, cypher, params)
    for warning in caught:
        err_console.print(f"warning: {warning.message}", style="yellow", highlight=False, markup=False)
    return result


@app.command("query", cls=KgCommand)
@handle_errors
def query_cmd(
    graph: Optional[Path] = typer.Argument(None, metavar="GRAPH", help=f"A graph.json for the embedded engine "
                                           f"(ignored with --uri); {DASH_IN}."),
    cypher: Optional[str] = typer.Argument(None, metavar="CYPHER", help="The Cypher query."),
    examples: bool = typer.Option(False, "--examples", help="List the canned example questions and exit."),
    run: Optional[str] = typer.Option(None, "--run", "-r", metavar="NAME", help="Run the example question of this name."),
    param: list[str] = typer.Option([], "--param", "-p", metavar="NAME=VALUE",
                                    help="Query parameter (repeatable); VALUE is read as JSON when it parses."),
    fmt: QueryFormat = format_option(QueryFormat.table),
    uri: Optional[str] = _URI,
    user: str = _USER,
    password: str = _PASSWORD,
    database: Optional[str] = _DATABASE,
    timeout: float = _TIMEOUT,
) -> None:
    """Ask a Cypher question: on Neo4j when --uri (or NEO4J_URI) is given, else on an embedded engine.

    The embedded engine keeps its database beside the graph (out/graph.lbdb/): the first query
    after a build loads it, later ones answer in milliseconds until graph.json changes.

    Examples: kg query out/graph.json "MATCH (d:Dataset) RETURN d.name AS name ORDER BY name";
    kg query --examples; kg query out/graph.json --run papers-on-dataset --param dataset=COCO
    """
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
        result = query_neo4j(cypher, params, uri=check_uri(uri), user=user, password=password, database=database,
                             timeout=timeout)
    else:
        if graph is None:
            raise UsageError("no graph: give GRAPH (e.g. out/graph.json) for the embedded engine, or --uri")
        result = query_embedded(graph, cypher, params)
    if fmt is not QueryFormat.table:
        typer.echo(format_result(result, fmt.value))  # raw text: no Rich markup or emoji codes applied
        return
    table = Table(show_header=True, header_style="bold")
    for col in result.columns:
        table.add_column(Text(col), overflow="fold")
    for row in result.rows:
        table.add_row(*[Text(_text(v)) for v in row])  # Text: titles like "[/b] :x:" stay literal
    console.print(table)
    err_console.print(f"{len(result.rows)} row(s) from {'Neo4j at ' + uri if uri else 'the embedded engine'}",
                      style="dim", highlight=False)


@export_app.command("neo4j-csv", cls=KgCommand)
@handle_errors
def export_neo4j_csv_cmd(
    graph: Path = typer.Argument(..., metavar="GRAPH", help=f"A graph.json (or the directory holding it); {DASH_IN}."),
    out: Path = typer.Option(..., "--out", "-o", metavar="DIR", help="Directory for the CSV files."),
    database: str = typer.Option("neo4j", "--database", "-d", metavar="NAME", help="Database name in the import command."),
    prefix: str = typer.Option("", "--prefix", metavar="PATH", help="Path put before each file in the commands, "
                               "e.g. /import/ for the docker-compose mount (default: run them from OUT)."),
) -> None:
    """CSV files for `neo4j-admin database import full`, and the exact command to run."""
    refuse_dash(out, "--out", "kg export neo4j-csv writes a directory of CSV files")
    result = write_neo4j_csv(read_graph(graph), out, database=database, prefix=prefix)
    for name, n in result.rows.items():
        console.print(f"{name}: {n} rows", highlight=False)
    where = f"with the files under {prefix}" if prefix else f"from {out}"
    console.print(f"wrote {len(result.node_files) + len(result.relationship_files)} CSV files to {out}; "
                  f"import them (database stopped) {where} with:", highlight=False, markup=False)
    console.print(result.command, highlight=False, markup=False, soft_wrap=True)
    constraints = f"{prefix}constraints.cypher" if prefix else str(Path(out) / "constraints.cypher")
    console.print(f"then create the constraints: cypher-shell -f {constraints}", highlight=False, markup=False)
