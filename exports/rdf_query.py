"""Load any RDF export (or a graph.json) and run SPARQL over it.

The example queries the docs show live in ``exports/queries/sparql/*.rq``:
one file per question, whose leading ``# title:`` comment names it. The docs,
``kg sparql FILE NAME`` and the test suite all read these same files.

>>> sorted(example_queries())[:2]
['coco-papers-with-code', 'datasets-co-used']
>>> from kg.graph import KnowledgeGraph
>>> from exports.rdf import graph_to_rdf
>>> run_sparql(graph_to_rdf(KnowledgeGraph()), "SELECT ?s WHERE { ?s a schema:Dataset }").rows
[]
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node

from exports.rdf import bind_prefixes, graph_to_rdf
from exports.rdf_formats import RdfFormat, format_for_path, get_format
from exports.rdf_terms import PREFIXES
from kg.errors import GraphFormatError, KGError, UsageError
from kg.graphjson import read_graph_json

__all__ = ["SparqlError", "UnknownExample", "ExampleQuery", "SparqlResult", "example_queries", "load_rdf", "run_sparql",
           "resolve_query"]


class SparqlError(KGError):
    """A SPARQL query that does not parse or cannot run."""


@dataclass(frozen=True)
class ExampleQuery:
    """One shipped example: its file stem, its ``# title:`` line and its text."""

    name: str
    title: str
    text: str


@dataclass
class SparqlResult:
    """The answer to a query: SELECT rows, an ASK boolean or a CONSTRUCT/DESCRIBE graph."""

    kind: str  #: "SELECT", "ASK", "CONSTRUCT" or "DESCRIBE"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    raw: Result | None = None

    def serialize(self, fmt: str) -> str:
        """The result in a W3C results format (``csv``, ``json``, ``tsv``, ``xml``) or, for graphs, Turtle."""
        if self.graph is not None:
            return self.graph.serialize(format="turtle")
        return self.raw.serialize(format=fmt).decode("utf-8")


@lru_cache(maxsize=1)
def example_queries() -> dict[str, ExampleQuery]:
    """The shipped example queries by name, read from ``exports/queries/sparql/``."""
    folder = resources.files("exports").joinpath("queries", "sparql")
    out: dict[str, ExampleQuery] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".rq"):
            continue
        text = item.read_text(encoding="utf-8")
        title = next((line.split(":", 1)[1].strip() for line in text.splitlines()
                      if line.startswith("# title:")), item.name)
        out[item.name[:-3]] = ExampleQuery(item.name[:-3], title, text)
    return out


class UnknownExample(SparqlError, UsageError):
    """A query given as one bare name that is no shipped example (a usage mistake, not SPARQL)."""


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def resolve_query(query: str) -> str:
    """*query* itself, the text of a ``.rq`` file it names, or the shipped example of that name.

    One bare word is never SPARQL, so a word that names no example is
    :class:`UnknownExample`, with the closest names, not a syntax error.

    >>> resolve_query("coco-papers") # doctest: +ELLIPSIS
    Traceback (most recent call last):
    exports.rdf_query.UnknownExample: no example query 'coco-papers' (did you mean coco-papers-with-code?); ...
    """
    if query in example_queries():
        return example_queries()[query].text
    if query.endswith((".rq", ".sparql")) and "\n" not in query:
        try:
            return Path(query).read_text(encoding="utf-8")
        except OSError as exc:
            raise SparqlError(f"{query}: cannot read the query file ({exc.strerror})") from None
    if _NAME.fullmatch(query.strip()):
        close = difflib.get_close_matches(query.strip(), list(example_queries()), n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownExample(f"no example query {query.strip()!r}{hint}; `kg sparql --list` shows them: "
                             f"{', '.join(example_queries())}")
    return query


def source_format(path: Path, fmt: str | None, option: str = "--rdf-format") -> RdfFormat:
    """The RDF format of an existing file *path*: *fmt*, else its suffix (Turtle when it has none).

    *option* is the command-line flag that names the format, quoted in the error.
    """
    if not path.exists():
        raise GraphFormatError(f"{path}: no such file; export one with `kg export rdf GRAPH -o {path.name}`")
    if fmt:
        return get_format(fmt)
    return format_for_path(path, option) if path.suffix else get_format("turtle")


def load_rdf(path: str | os.PathLike, fmt: str | None = None, *, base: str | None = None,
             option: str = "--rdf-format") -> Graph:
    """Read an RDF file (format from *fmt* or the suffix) or convert a graph.json (or its directory)."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".json":
        return graph_to_rdf(read_graph_json(path), base)
    rdflib_name = source_format(path, fmt, option).rdflib_name
    try:
        return bind_prefixes(Graph(bind_namespaces="none").parse(path, format=rdflib_name))
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        raise GraphFormatError(f"{path}: not valid {rdflib_name} ({type(exc).__name__}: {exc})") from None


def run_sparql(graph: Graph, query: str) -> SparqlResult:
    """Run SPARQL *query* on *graph*; the paperkg prefixes (schema:, pkg:, prov:, ...) are predeclared."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query, initNs={k: str(v) for k, v in PREFIXES.items()})
    except Exception as exc:  # pyparsing.ParseException, or "Unknown namespace prefix"
        where = ""
        if hasattr(exc, "lineno") and hasattr(exc, "col"):
            where = f" at line {exc.lineno}, column {exc.col}"
            line = getattr(exc, "line", "")
            if line:
                where += f" (near {line.strip()[:60]!r})"
        raise SparqlError(f"SPARQL syntax error{where}: {getattr(exc, 'msg', exc)}; "
                          "check the query, or run `kg sparql --list` for working examples") from None
    try:
        result = graph.query(prepared)
    except Exception as exc:
        raise SparqlError(f"SPARQL query failed: {type(exc).__name__}: {exc}") from None
    if result.type == "SELECT":
        variables = [str(v) for v in result.vars or []]
        return SparqlResult("SELECT", variables, [tuple(row) for row in result], raw=result)
    if result.type == "ASK":
        return SparqlResult("ASK", boolean=bool(result.askAnswer), raw=result)
    return SparqlResult(result.type, graph=bind_prefixes(result.graph), raw=result)
