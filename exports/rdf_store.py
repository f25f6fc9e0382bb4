"""SPARQL over big exports with pyoxigraph (the ``fast`` extra).

rdflib needs about 20 s to parse a million N-Triples and evaluates SPARQL in
Python; pyoxigraph's store bulk-loads the same file in about 2 s and
runs queries in Rust. :func:`load_store` and :func:`query_store` mirror
:func:`exports.rdf_query.load_rdf` and :func:`exports.rdf_query.run_sparql`
and return the same :class:`~exports.rdf_query.SparqlResult` (rdflib terms),
so ``kg sparql --engine oxigraph`` prints exactly what the rdflib engine does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from exports.rdf import bind_prefixes
from exports.rdf_fast import _ox_format, to_oxigraph
from exports.rdf_map import iter_triples
from exports.rdf_query import SparqlError, SparqlResult, source_format
from exports.rdf_terms import PREFIXES
from kg.errors import GraphFormatError
from kg.graphjson import read_graph_json

__all__ = ["AUTO_BYTES", "big_file", "load_store", "query_store", "term_to_rdflib"]

#: ``--engine auto`` uses pyoxigraph for RDF files at least this big.
AUTO_BYTES = 20_000_000


def big_file(source: str | os.PathLike) -> bool:
    """Whether *source* is an RDF file big enough for ``--engine auto`` to use pyoxigraph (>= :data:`AUTO_BYTES`)."""
    path = Path(source)
    return path.is_file() and path.suffix.lower() != ".json" and path.stat().st_size >= AUTO_BYTES


def load_store(path: str | os.PathLike, fmt: str | None = None, *, base: str | None = None) -> Any:
    """A pyoxigraph ``Store`` holding an RDF file, or a graph.json (or its directory) converted."""
    import pyoxigraph as ox

    path = Path(path)
    store = ox.Store()
    if path.is_dir() or path.suffix.lower() == ".json":
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                 for t in to_oxigraph(iter_triples(read_graph_json(path), base)))
        store.bulk_extend(quads)
        return store
    name = source_format(path, fmt).name
    try:
        store.bulk_load(path=str(path), format=_ox_format(name))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphFormatError(f"{path}: not valid {name} ({exc})") from None
    return store


def term_to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the rdflib term it stands for (None stays None)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    plain = datatype == "http://www.w3.org/2001/XMLSchema#string"
    return Literal(term.value, datatype=None if plain else URIRef(datatype))


def query_store(store: Any, query: str) -> SparqlResult:
    """Run SPARQL *query* on a pyoxigraph store; same prefixes and result shape as :func:`run_sparql`."""
    import pyoxigraph as ox

    try:
        answer = store.query(query, prefixes={k: str(v) for k, v in PREFIXES.items()})
    except SyntaxError as exc:
        raise SparqlError(f"SPARQL syntax error: {exc}; check the query, or run `kg sparql --list` "
                          "for working examples") from None
    except (OSError, ValueError) as exc:
        raise SparqlError(f"SPARQL query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return SparqlResult("ASK", boolean=bool(answer), raw=result)
    if isinstance(answer, ox.QueryTriples):
        graph = bind_prefixes(Graph(bind_namespaces="none"))
        for t in answer:
            graph.add((term_to_rdflib(t.subject), term_to_rdflib(t.predicate), term_to_rdflib(t.object)))
        return SparqlResult("CONSTRUCT", graph=graph)
    variables = [v.value for v in answer.variables]
    rows = [tuple(term_to_rdflib(solution[v]) for v in variables) for solution in answer]
    result = Result("SELECT")
    result.vars = [Variable(v) for v in variables]
    result.bindings = [{Variable(v): t for v, t in zip(variables, row) if t is not None} for row in rows]
    return SparqlResult("SELECT", variables, rows, raw=result)
