"""``kg export rdf``, ``kg sparql`` and ``kg validate``: the RDF side of paperkg."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rich.table import Table
from rich.text import Text

from exports.rdf import bind_prefixes, write_rdf
from exports.rdf_fast import choose_engine
from exports.rdf_formats import RdfFormat, format_for_path, formats_help, get_format
from exports.rdf_query import example_queries, load_rdf, resolve_query, run_sparql
from exports.rdf_shacl import load_shapes, validate_rdf
from exports.rdf_store import big_file, load_store, query_store
from exports.shacl_sparql import UnsupportedShapes, compile_shapes, validate_store
from kg.errors import PluginError
from kg.io import STDIN
from paperkg.cli.app import (
    KgCommand,
    UsageError,
    app,
    console,
    err_console,
    export_app,
    format_option,
    handle_errors,
    pick_alias,
    progress,
)
from paperkg.cli.streams import DASH_IN, DASH_OUT, is_dash, output_file, rdf_input, read_graph

__all__ = ["Engine", "SparqlFormat", "export_rdf_cmd", "sparql_cmd", "validate_cmd", "shacl_report_lines"]

_FORMATS_HELP = formats_help()
SH = Namespace("http://www.w3.org/ns/shacl#")
#: SHACL results printed by ``kg validate`` before the rest are only counted.
MAX_RESULTS_SHOWN = 50


class Engine(str, Enum):
    """``--engine`` of the RDF commands."""

    auto = "auto"
    rdflib = "rdflib"
    oxigraph = "oxigraph"


class SparqlFormat(str, Enum):
    """``kg sparql --format``: a table, or a W3C SPARQL results format."""

    table = "table"
    csv = "csv"
    json = "json"


def _output_format(out: Path, fmt: Optional[str]) -> RdfFormat:
    """The RDF syntax to write: --format, else OUT's suffix (Turtle on standard output)."""
    try:
        if fmt:
            return get_format(fmt)
        return get_format("turtle") if is_dash(out) else format_for_path(out)
    except PluginError as exc:  # a wrong --format, or a suffix that says none: a usage mistake
        raise UsageError(str(exc)) from None


@export_app.command("rdf", cls=KgCommand)
@handle_errors
def export_rdf_cmd(
    graph: Path = typer.Argument(..., metavar="GRAPH", help=f"A graph.json (or the directory holding it); {DASH_IN}."),
    out: Path = typer.Option(..., "--out", "-o", metavar="FILE", help="RDF file to write; its suffix picks the "
                             f"format (.ttl, .nt, .jsonld, .rdf) unless --format is given; {DASH_OUT} "
                             "(Turtle unless --format says otherwise)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=f"RDF syntax: {_FORMATS_HELP}."),
    base: Optional[str] = typer.Option(None, "--base", metavar="IRI", help="Base IRI for minted resources "
                                       "(default: https://w3id.org/paperkg/id/)."),
    engine: Engine = typer.Option(Engine.auto, "--engine", metavar="[auto|rdflib|oxigraph]", help="Turtle writer: "
                                  "oxigraph needs the 'fast' extra; auto uses it for big graphs."),
) -> None:
    """Write a graph.json as RDF (schema.org, Dublin Core, PROV-O evidence, ML-Schema results)."""
    chosen = _output_format(out, fmt)
    target_name = "standard output" if is_dash(out) else Path(out).name
    with progress() as shown:
        shown.phase(f"reading {graph}")
        kg = read_graph(graph)
        shown.phase(f"writing {target_name}")
        with output_file(out, f".{chosen.name}") as target:
            write_rdf(kg, target, chosen.name, base=base, engine=engine.value)
    (err_console if is_dash(out) else console).print(
        f"wrote {chosen.name} ({chosen.media_type}): {'standard output' if is_dash(out) else out}",
        highlight=False, markup=False)


def _cell(graph, value) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, URIRef):
        try:
            return Text(graph.namespace_manager.normalizeUri(value))
        except Exception:  # an IRI no prefix can shorten
            return Text(str(value))
    return Text(str(value))


@app.command("sparql", cls=KgCommand)
@handle_errors
def sparql_cmd(
    source: Optional[Path] = typer.Argument(None, metavar="FILE", help="An RDF export (.ttl, .nt, .jsonld, .rdf) "
                                            f"or a graph.json; {DASH_IN}."),
    query: Optional[str] = typer.Argument(None, metavar="QUERY", help="SPARQL text, a .rq file, or the name of a "
                                          "shipped example (see --list). Prefixes schema:, pkg:, prov:, mls:, "
                                          "dcterms:, nif:, owl:, rdf:, rdfs:, xsd: are predeclared."),
    out_format: SparqlFormat = format_option(SparqlFormat.table, help="Output: a table, or SPARQL 1.1 results as "
                                             "csv or json."),
    rdf_format: Optional[str] = typer.Option(None, "--rdf-format", metavar="FORMAT", help=f"Syntax of FILE when "
                                             f"its suffix does not tell: {_FORMATS_HELP}."),
    list_examples: bool = typer.Option(False, "--list", help="List the shipped example queries and exit."),
    engine: Engine = typer.Option(Engine.auto, "--engine", metavar="[auto|rdflib|oxigraph]", help="oxigraph (the "
                                  "'fast' extra) loads and queries big files in seconds; auto uses it for RDF "
                                  "files over 20 MB when installed."),
) -> None:
    """Run a SPARQL query over an RDF export or a graph.json."""
    if list_examples:
        for example in example_queries().values():
            console.print(f"{example.name}: {example.title}", highlight=False, markup=False)
        return
    if source is None or query is None:
        raise UsageError("give a FILE and a QUERY, e.g. kg sparql out/graph.ttl coco-papers-with-code "
                         "(kg sparql --list shows the examples)")
    text = resolve_query(query)
    with progress() as shown, rdf_input(source, rdf_format) as path:
        shown.phase(f"loading {source}")
        if choose_engine(engine.value, big=big_file(path)) == "oxigraph":
            store = load_store(path, rdf_format)
            shown.phase("querying")
            result = query_store(store, text)
            graph = bind_prefixes(Graph(bind_namespaces="none"))  # for prefixed names in the table
        else:
            graph = load_rdf(path, rdf_format)
            shown.phase("querying")
            result = run_sparql(graph, text)
    if result.kind == "ASK":
        typer.echo("true" if result.boolean else "false")
        return
    if result.graph is not None or out_format is not SparqlFormat.table:
        text = result.serialize(out_format.value)
        typer.echo(text, nl=not text.endswith("\n"))
        return
    table = Table(show_header=True, header_style="bold")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(graph, v) for v in row))
    console.print(table)
    err_console.print(f"{len(result.rows)} row(s)", highlight=False, markup=False)


def _short(graph: Graph, term) -> str:
    return _cell(graph, term).plain if term is not None else ""


def _path(report_graph: Graph, data: Graph, path) -> str:
    """A SHACL property path as SPARQL writes it (``prov:wasDerivedFrom``, ``^prov:wasDerivedFrom``)."""
    if isinstance(path, URIRef):
        return _short(data, path)
    inverse = report_graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(report_graph, data, inverse)
    steps = list(Collection(report_graph, path)) if report_graph.value(path, RDF.first) is not None else []
    return "/".join(_path(report_graph, data, step) for step in steps) if steps else "(a property path)"


def shacl_report_lines(report_graph: Graph, data: Graph, limit: int = MAX_RESULTS_SHOWN) -> list[str]:
    """One line per SHACL result: severity, focus node, path, message and constraint, sorted; at most *limit*."""
    lines = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        value = report_graph.value
        severity = str(value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        focus = _short(data, value(result, SH.focusNode))
        path = value(result, SH.resultPath)
        message = value(result, SH.resultMessage)
        component = str(value(result, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        where = f"{focus} {_path(report_graph, data, path)}" if path is not None else focus
        lines.append(f"{severity}: {where}: {message or 'fails its shape'} ({component})")
    lines.sort()
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more"]
    return lines


@app.command("validate", cls=KgCommand)
@handle_errors
def validate_cmd(
    source: Path = typer.Argument(..., metavar="FILE", help=f"An RDF export (.ttl, .nt, .jsonld, .rdf) or a "
                                  f"graph.json; {DASH_IN}."),
    rdf_format: Optional[str] = typer.Option(None, "--rdf-format", metavar="FORMAT", help=f"Syntax of FILE when "
                                             f"its suffix does not tell: {_FORMATS_HELP}."),
    old_format: Optional[str] = typer.Option(None, "--format", "-f", hidden=True, help="Old spelling of --rdf-format."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", metavar="FILE", help="SHACL shapes to use instead of "
                                          "the shipped exports/shapes.ttl (SHACL Core) and exports/shapes-sparql.ttl."),
    engine: Engine = typer.Option(Engine.auto, "--engine", metavar="[auto|rdflib|oxigraph]", help="rdflib runs "
                                  "pyshacl; oxigraph (the 'fast' extra) runs the shapes compiled to SPARQL, in time "
                                  "linear in the triples; auto uses it for files over 20 MB when installed and the "
                                  "shapes compile, else pyshacl."),
) -> None:
    """Check an RDF export against the paperkg SHACL shapes: one line per problem; exit code 1 on violations."""
    rdf_format = pick_alias(rdf_format, old_format, "--rdf-format")
    option = "--rdf-format" if old_format is None else "--format"
    with progress() as shown, rdf_input(source, rdf_format) as path:
        shown.phase(f"loading {source}")
        shape_graph = load_rdf(shapes, "turtle") if shapes is not None else load_shapes()
        chosen = choose_engine(engine.value, big=big_file(path))
        if chosen == "oxigraph":
            try:
                compile_shapes(shape_graph)
            except UnsupportedShapes as exc:
                if engine is Engine.oxigraph:
                    raise UsageError(f"--engine oxigraph cannot run these shapes ({exc}); use --engine rdflib")
                chosen = "rdflib"
        if chosen == "oxigraph":
            store = load_store(path, rdf_format)
            data, triples = bind_prefixes(Graph(bind_namespaces="none")), len(store)
            shown.phase("validating")
            report = validate_store(store, shape_graph)
        else:
            data = load_rdf(path, rdf_format, option=option)
            triples = len(data)
            shown.phase("validating")
            report = validate_rdf(data, shape_graph)
    name = STDIN if is_dash(source) else str(source)
    if report.conforms:
        console.print(f"{name}: conforms to the {'given' if shapes else 'paperkg'} SHACL shapes "
                      f"({triples} triples)", highlight=False, markup=False)
        return
    for line in shacl_report_lines(report.graph, data):
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    err_console.print(f"{name}: {report.violations} SHACL violation(s)", style="bold red",
                      highlight=False, markup=False)
    raise typer.Exit(1)
