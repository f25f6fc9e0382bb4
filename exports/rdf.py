"""RDF export: a :class:`~kg.graph.KnowledgeGraph` as linked data.

Well-known vocabularies first (see ``docs/rdf.md`` for the full mapping):

- papers are ``schema:ScholarlyArticle`` with Dublin Core bibliographic fields
  (``dcterms:title``, ``dcterms:abstract``, ``dcterms:issued``,
  ``dcterms:identifier``), ``schema:sameAs`` their arXiv page and
  ``owl:sameAs`` their doi.org IRI;
- datasets ``schema:Dataset``; methods, metrics and tasks ``schema:DefinedTerm``
  (and ``mls:Algorithm`` / ``mls:EvaluationMeasure`` / ``mls:Task``); code
  ``schema:SoftwareSourceCode`` with ``schema:codeRepository``; authors
  ``schema:Person`` via ``schema:author``;
- results are ML-Schema ``mls:ModelEvaluation`` (``mls:hasValue``,
  ``mls:specifiedBy`` the measure) output by an ``mls:Run`` whose
  ``mls:hasInput`` is the dataset and which ``mls:realizes`` the method;
- every relationship is one direct triple *plus* an ``rdf:Statement`` about
  it that ``prov:wasDerivedFrom`` its evidence: ``pkg:Evidence`` resources with
  the surface text (``nif:anchorOf``), character offsets
  (``nif:beginIndex``/``nif:endIndex``), ``pkg:confidence``,
  ``prov:wasAttributedTo`` the extractor (a ``prov:SoftwareAgent``), and
  ``prov:wasDerivedFrom`` the sentence it came from.

Only what none of these has lives in the ``pkg:`` ontology (``ontology.ttl``).

>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> p = Paper(id="arxiv:2401.00001", title="T", abstract="We use COCO.")
>>> ev = Evidence("COCO", 9, 13, "We use COCO.", "dataset_ruler", 0.9)
>>> kg.add_fragment(PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO", ev)]))
>>> g = graph_to_rdf(kg, base="https://example.org/kg/")
>>> from rdflib import URIRef
>>> from exports.rdf_terms import PKG
>>> (URIRef("https://example.org/kg/arxiv/2401.00001"), PKG.evaluatesOn,
...  URIRef("https://example.org/kg/dataset/coco")) in g
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from rdflib import Graph

from exports.rdf_fast import big_graph, choose_engine, write_ntriples_stream, write_oxigraph
from exports.rdf_formats import RdfFormat, format_for_path, get_format
from exports.rdf_map import CLASSES, PREDICATES, iter_triples
from exports.rdf_terms import PREFIXES, normalise_base
from kg.graph import KnowledgeGraph
from kg.io import atomic_write

__all__ = [
    "CLASSES",
    "PREDICATES",
    "iter_triples",
    "bind_prefixes",
    "graph_to_rdf",
    "load_context",
    "write_rdf",
    "write_turtle",
    "write_ntriples",
    "write_jsonld",
    "write_rdfxml",
]


def bind_prefixes(g: Graph) -> Graph:
    """Bind the paperkg prefixes on *g* (replacing rdflib's defaults)."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def graph_to_rdf(kg: KnowledgeGraph, base: str | None = None) -> Graph:
    """An ``rdflib.Graph`` of *kg*, minting IRIs under *base* (default :data:`DEFAULT_BASE`)."""
    g = bind_prefixes(Graph(bind_namespaces="none"))
    add = g.add
    for triple in iter_triples(kg, base):
        add(triple)
    return g


# ------------------------------------------------------------------ writers
def load_context() -> dict[str, Any]:
    """The JSON-LD ``@context`` of the export, generated from :data:`~exports.rdf_terms.PREFIXES`.

    >>> load_context()["@context"]["schema"]
    'https://schema.org/'
    """
    return {"@context": {prefix: str(ns) for prefix, ns in PREFIXES.items()}}


class _Ordered(Graph):
    """A view of a graph whose subjects, predicates and objects come out sorted.

    rdflib's RDF/XML and JSON-LD serialisers write in the order these
    iterate, which is set order (it follows ``PYTHONHASHSEED``); sorted, the
    same graph always gives the same bytes. Turtle sorts by itself.
    """

    def subjects(self, predicate: Any = None, object: Any = None, unique: bool = False) -> Iterator[Any]:
        return iter(sorted(set(super().subjects(predicate, object))))

    def predicates(self, subject: Any = None, object: Any = None, unique: bool = False) -> Iterator[Any]:
        return iter(sorted(set(super().predicates(subject, object))))

    def objects(self, subject: Any = None, predicate: Any = None, unique: bool = False) -> Iterator[Any]:
        return iter(sorted(set(super().objects(subject, predicate))))

    def predicate_objects(self, subject: Any = None, unique: bool = False) -> Iterator[Any]:
        return iter(sorted(set(super().predicate_objects(subject))))


def _ordered(g: Graph) -> Graph:
    return _Ordered(store=g.store, identifier=g.identifier, namespace_manager=g.namespace_manager)


def _sorted_jsonld(value: Any) -> Any:
    """JSON-LD with every unordered array (``@graph``, multiple values) sorted; ``@list`` keeps its order."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_jsonld(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _write_rdflib(kg: KnowledgeGraph, path: str | os.PathLike, rdflib_name: str, base: str | None,
                  **kwargs: Any) -> None:
    data = _ordered(graph_to_rdf(kg, base)).serialize(format=rdflib_name, encoding="utf-8", **kwargs)
    if rdflib_name == "json-ld":  # its serialiser orders nodes by hash seed even over sorted iterators
        data = json.dumps(_sorted_jsonld(json.loads(data)), indent=2, sort_keys=True,
                          ensure_ascii=False).encode("utf-8") + b"\n"
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def write_turtle(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None,
                 engine: str = "auto", **_: Any) -> None:
    """Write Turtle. *engine* ``rdflib``, ``oxigraph`` (needs the ``fast`` extra) or ``auto``
    (oxigraph for graphs over ~50k nodes+edges when it is installed)."""
    if choose_engine(engine, big=big_graph(kg)) == "oxigraph":
        write_oxigraph(kg, path, "turtle", base=base)
    else:
        _write_rdflib(kg, path, "turtle", base)


def write_ntriples(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None, **_: Any) -> None:
    """Write N-Triples, streamed (constant memory; see :mod:`exports.rdf_fast`)."""
    write_ntriples_stream(kg, path, base=base)


def write_jsonld(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None, **_: Any) -> None:
    """Write JSON-LD compacted with the shipped ``@context`` (embedded, so no network is needed)."""
    _write_rdflib(kg, path, "json-ld", base, context=load_context()["@context"], auto_compact=True)


def write_rdfxml(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None, **_: Any) -> None:
    """Write RDF/XML."""
    _write_rdflib(kg, path, "xml", base)


def write_rdf(kg: KnowledgeGraph, path: str | os.PathLike, fmt: str | None = None, *,
              base: str | None = None, **options: Any) -> RdfFormat:
    """Write *kg* to *path* in *fmt* (default: from the suffix); returns the format used."""
    chosen = get_format(fmt) if fmt else format_for_path(path)
    normalise_base(base)  # fail before any work on a bad base
    chosen.plugin.load()(kg, path, base=base, **options)
    return chosen
