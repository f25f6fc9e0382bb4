"""``kg export rdf``, ``kg sparql`` and ``kg validate``: the RDF side of paperkg."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rdflib import Graph, URIRef
from rich.table import Table
from rich.text import Text

from exports.rdf import bind_prefixes, write_rdf
from exports.rdf_fast import choose_engine
from exports.rdf_formats import formats_help
from exports.rdf_query import SparqlError, example_queries, load_rdf, resolve_query, run_sparql
from exports.rdf_shacl import load_shapes, validate_rdf
from exports.rdf_store import big_file, load_store, query_store
from kg.graphjson import read_graph_json
from paperkg.cli.app import app, console, err_console, export_app, handle_errors

__all__ = ["export_rdf_cmd", "sparql_cmd", "validate_cmd"]

_FORMATS_HELP = formats_help()


@export_app.command("rdf")
@handle_errors
def export_rdf_cmd(
    graph: Path = typer.Argument(..., help="A graph.json (or the directory holding it)."),
    out: Path = typer.Option(..., "--out", "-o", help="RDF file to write; its suffix picks the format "
                             "(.ttl, .nt, .jsonld, .rdf) unless --format is given."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help=f"RDF syntax: {_FORMATS_HELP}."),
    base: Optional[str] = typer.Option(None, "--base", help="Base IRI for minted resources "
                                       "(default: https://w3id.org/paperkg/id/)."),
    engine: str = typer.Option("auto", "--engine", help="Turtle writer: auto, rdflib, or oxigraph "
                               "(needs the 'fast' extra; auto uses it for big graphs)."),
) -> None:
    """Write a graph.json as RDF (schema.org, Dublin Core, PROV-O evidence, ML-Schema results)."""
    kg = read_graph_json(graph)
    chosen = write_rdf(kg, out, fmt, base=base, engine=engine)
    console.print(f"wrote {chosen.name} ({chosen.media_type}): {out}", highlight=False, markup=False)


def _cell(graph, value) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, URIRef):
        try:
            return Text(graph.namespace_manager.normalizeUri(value))
        except Exception:  # an IRI no prefix can shorten
            return Text(str(value))
    return Text(str(value))


@app.command("sparql")
@handle_errors
def sparql_cmd(
    source: Optional[Path] = typer.Argument(None, help="An RDF export (.ttl, .nt, .jsonld, .rdf) or a graph.json."),
    query: Optional[str] = typer.Argument(None, help="SPARQL text, a .rq file, or the name of a shipped example "
                                          "(see --list). Prefixes schema:, pkg:, prov:, mls:, dcterms:, "
                                          "nif:, owl:, rdf:, rdfs:, xsd: are predeclared."),
    out_format: str = typer.Option("table", "--format", "-f", help="table, csv or json (SPARQL 1.1 results)."),
    rdf_format: Optional[str] = typer.Option(None, "--rdf-format", help=f"Syntax of SOURCE when its suffix "
                                             f"does not tell: {_FORMATS_HELP}."),
    list_examples: bool = typer.Option(False, "--list", help="List the shipped example queries and exit."),
    engine: str = typer.Option("auto", "--engine", help="rdflib, oxigraph (the 'fast' extra: loads and queries "
                               "big files in seconds) or auto (oxigraph for RDF files over 20 MB when installed)."),
) -> None:
    """Run a SPARQL query over an RDF export or a graph.json."""
    if list_examples:
        for example in example_queries().values():
            console.print(f"{example.name}: {example.title}", highlight=False, markup=False)
        return
    if source is None or query is None:
        raise SparqlError("give a FILE and a QUERY, e.g. kg sparql out/graph.ttl coco-papers-with-code "
                          "(kg sparql --list shows the examples)")
    if out_format not in ("table", "csv", "json"):
        raise SparqlError(f"unknown --format {out_format!r}; choose table, csv or json")
    text = resolve_query(query)
    if choose_engine(engine, big=big_file(source)) == "oxigraph":
        result = query_store(load_store(source, rdf_format), text)
        graph = bind_prefixes(Graph(bind_namespaces="none"))  # for prefixed names in the table
    else:
        graph = load_rdf(source, rdf_format)
        result = run_sparql(graph, text)
    if result.kind == "ASK":
        typer.echo("true" if result.boolean else "false")
        return
    if result.graph is not None or out_format != "table":
        text = result.serialize(out_format)
        typer.echo(text, nl=not text.endswith("\n"))
        return
    table = Table(show_header=True, header_style="bold")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*(_cell(graph, v) for v in row))
    console.print(table)
    err_console.print(f"{len(result.rows)} row(s)", highlight=False, markup=False)


@app.command("validate")
@handle_errors
def validate_cmd(
    source: Path = typer.Argument(..., help="An RDF export (.ttl, .nt, .jsonld, .rdf) or a graph.json."),
    rdf_format: Optional[str] = typer.Option(None, "--format", "-f", help=f"Syntax of SOURCE when its suffix "
                                             f"does not tell: {_FORMATS_HELP}."),
    shapes: Optional[Path] = typer.Option(None, "--shapes", help="SHACL shapes to use instead of the shipped "
                                          "exports/shapes.ttl (SHACL Core) and exports/shapes-sparql.ttl."),
) -> None:
    """Check an RDF export against the paperkg SHACL shapes; exit code 1 on violations."""
    data = load_rdf(source, rdf_format, option="--format")
    shape_graph = load_rdf(shapes, "turtle") if shapes is not None else load_shapes()
    report = validate_rdf(data, shape_graph)
    console.print(report.text.rstrip(), highlight=False, markup=False)
    if report.conforms:
        console.print(f"{source}: conforms ({len(data)} triples)", highlight=False, markup=False)
        return
    err_console.print(f"{source}: {report.violations} SHACL violation(s)", style="bold red",
                      highlight=False, markup=False)
    raise typer.Exit(1)
