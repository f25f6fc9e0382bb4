"""Fast paths for big graphs: streamed N-Triples and (optionally) pyoxigraph.

rdflib builds a whole in-memory graph before its Turtle writer sorts and
groups it; at a million triples that is most of a minute. Two faster ways:

- :func:`write_ntriples_stream` writes N-Triples line by line straight from
  :func:`exports.rdf.iter_triples`, escaping literals with rdflib's own
  N-Triples row quoting (constant memory, pure Python, always available);
- :func:`write_oxigraph` hands the same triples to pyoxigraph's Rust
  serialisers (Turtle, N-Triples, RDF/XML, JSON-LD): install the ``fast``
  extra (``pip install 'paperkg[fast]'``).

``benchmarks/rdf_export.py`` measures both against rdflib.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from exports.rdf_formats import get_format
from exports.rdf_map import iter_triples
from exports.rdf_terms import PREFIXES
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.io import atomic_write

__all__ = [
    "AUTO_THRESHOLD",
    "have_oxigraph",
    "choose_engine",
    "big_graph",
    "ntriples_lines",
    "write_ntriples_stream",
    "to_oxigraph",
    "write_oxigraph",
    "count_triples",
]

#: ``engine="auto"`` switches to pyoxigraph above this many nodes + edges.
AUTO_THRESHOLD = 50_000
_CHUNK = 20_000


def have_oxigraph() -> bool:
    """Whether the optional pyoxigraph package is installed."""
    return importlib.util.find_spec("pyoxigraph") is not None


def big_graph(kg: KnowledgeGraph) -> bool:
    """Whether *kg* is big enough for ``auto`` to pick pyoxigraph (over :data:`AUTO_THRESHOLD` nodes + edges)."""
    return kg.number_of_nodes() + kg.number_of_relations() > AUTO_THRESHOLD


def choose_engine(engine: str = "auto", *, big: bool = False) -> str:
    """Resolve *engine* (``auto``, ``rdflib`` or ``oxigraph``): ``auto`` is oxigraph for *big* work when installed.

    The one chooser for writing (big = many nodes, :func:`big_graph`) and for
    SPARQL (big = a big file, :func:`exports.rdf_store.big_file`).

    >>> choose_engine("auto"), choose_engine("rdflib", big=True)
    ('rdflib', 'rdflib')
    """
    if engine not in ("auto", "rdflib", "oxigraph"):
        raise ExportError(f"unknown RDF engine {engine!r}; choose auto, rdflib or oxigraph")
    if engine == "oxigraph" and not have_oxigraph():
        raise ExportError("the oxigraph engine needs pyoxigraph: pip install 'paperkg[fast]'")
    if engine == "auto":
        return "oxigraph" if big and have_oxigraph() else "rdflib"
    return engine


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[str]:
    """One N-Triples line per triple; IRIs are memoised, literals quoted as rdflib's NT writer does.

    >>> from rdflib import URIRef, Literal
    >>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
    >>> next(ntriples_lines([(s, p, Literal('say "hi"\\nnow'))]))
    '<http://x/s> <http://x/p> "say \\\\"hi\\\\"\\\\nnow" .\\n'
    """
    cache: dict[Node, str] = {}
    for s, p, o in triples:
        ss = cache.get(s)
        if ss is None:
            ss = cache[s] = s.n3()
        pp = cache.get(p)
        if pp is None:
            pp = cache[p] = p.n3()
        if isinstance(o, Literal):
            oo = _quoteLiteral(o)
        else:
            oo = cache.get(o)
            if oo is None:
                oo = cache[o] = o.n3()
        yield f"{ss} {pp} {oo} .\n"


def write_ntriples_stream(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None) -> int:
    """Stream *kg* as N-Triples to *path* (atomically); returns the number of triples written."""
    n = 0
    with atomic_write(path, "w") as fh:
        chunk: list[str] = []
        for line in ntriples_lines(iter_triples(kg, base)):
            chunk.append(line)
            if len(chunk) >= _CHUNK:
                fh.write("".join(chunk))
                n += len(chunk)
                chunk.clear()
        fh.write("".join(chunk))
        n += len(chunk)
    return n


def to_oxigraph(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[object]:
    """rdflib triples as pyoxigraph ``Triple`` objects (IRIs and datatypes memoised)."""
    import pyoxigraph as ox

    nodes: dict[URIRef, object] = {}

    def named(term: URIRef) -> object:
        node = nodes.get(term)
        if node is None:
            node = nodes[term] = ox.NamedNode(str(term))
        return node

    for s, p, o in triples:
        if isinstance(o, Literal):
            if o.language:
                obj = ox.Literal(str(o), language=o.language)
            elif o.datatype:
                obj = ox.Literal(str(o), datatype=named(o.datatype))
            else:
                obj = ox.Literal(str(o))
        else:
            obj = named(o)
        yield ox.Triple(named(s), named(p), obj)


def _ox_format(name: str) -> object:
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
    name = get_format(name).name
    if name not in formats:
        raise ExportError(f"pyoxigraph cannot write {name!r}; choose one of {', '.join(formats)}")
    return formats[name]


def write_oxigraph(kg: KnowledgeGraph, path: str | os.PathLike, fmt: str = "turtle", *,
                   base: str | None = None) -> None:
    """Serialise *kg* with pyoxigraph (the ``fast`` extra) in *fmt* (turtle, ntriples, xml, jsonld)."""
    if not have_oxigraph():
        raise ExportError("the oxigraph engine needs pyoxigraph: pip install 'paperkg[fast]'")
    import pyoxigraph as ox

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    with atomic_write(path, "wb") as fh:
        ox.serialize(to_oxigraph(iter_triples(kg, base)), fh, format=_ox_format(fmt), prefixes=prefixes)


def count_triples(path: str | os.PathLike, fmt: str = "ntriples") -> int:
    """Parse *path* back and count its triples (pyoxigraph when installed, else rdflib)."""
    path = Path(path)
    if have_oxigraph():
        import pyoxigraph as ox

        with open(path, "rb") as fh:
            return sum(1 for _ in ox.parse(fh, format=_ox_format(fmt)))
    from rdflib import Graph

    return len(Graph().parse(path, format=get_format(fmt).rdflib_name))
