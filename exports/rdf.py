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
>>> (URIRef("https://example.org/kg/arxiv/2401.00001"), PKG.evaluatesOn,
...  URIRef("https://example.org/kg/dataset/coco")) in g
True
>>> get_format("ttl").name, format_for_path("out/graph.nt").name
('turtle', 'ntriples')
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from exports.rdf_terms import (
    DCTERMS,
    MLS,
    NIF,
    OWL,
    PKG,
    PREFIXES,
    PROV,
    SDO,
    XSD,
    arxiv_iri,
    decimal_literal,
    doi_iri,
    local_iri,
    node_iri,
    normalise_base,
    short_hash,
    text_literal,
    web_iri,
)
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.io import atomic_write

__all__ = [
    "CLASSES",
    "PREDICATES",
    "RdfFormat",
    "register_format",
    "rdf_formats",
    "get_format",
    "format_for_path",
    "iter_triples",
    "graph_to_rdf",
    "load_context",
    "write_rdf",
    "write_turtle",
    "write_ntriples",
    "write_jsonld",
    "write_rdfxml",
]

Triple = tuple[Node, Node, Node]

#: rdf:type(s) of each node label.
CLASSES: dict[str, tuple[URIRef, ...]] = {
    "Paper": (SDO.ScholarlyArticle,),
    "Method": (SDO.DefinedTerm, MLS.Algorithm),
    "Dataset": (SDO.Dataset, MLS.Dataset),
    "Metric": (SDO.DefinedTerm, MLS.EvaluationMeasure),
    "Task": (SDO.DefinedTerm, MLS.Task),
    "Repository": (SDO.SoftwareSourceCode, MLS.Implementation),
    "Author": (SDO.Person,),
    "Result": (MLS.ModelEvaluation,),
}

#: The direct triple's predicate for each relationship type of the graph.
PREDICATES: dict[str, URIRef] = {
    "PROPOSES": PKG.proposes,
    "USES": PKG.uses,
    "EVALUATES_ON": PKG.evaluatesOn,
    "MEASURES": PKG.measures,
    "ADDRESSES": PKG.addresses,
    "HAS_CODE": PKG.hasCode,
    "AUTHORED_BY": SDO.author,
    "REPORTS": PKG.reports,
    "OF_METRIC": MLS.specifiedBy,
    "ON_DATASET": PKG.onDataset,
    "OF_METHOD": PKG.ofMethod,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WIKIDATA = re.compile(r"^Q\d+$")


# ------------------------------------------------------------------ mapping
def _predicate(rel: str) -> URIRef:
    if rel in PREDICATES:
        return PREDICATES[rel]
    head, *rest = rel.lower().split("_")
    return PKG[head + "".join(w.title() for w in rest)]


def _entity_triples(s: URIRef, label: str, data: dict[str, Any]) -> Iterator[Triple]:
    name = data.get("name")
    if name:
        yield s, SDO.name, text_literal(name)
        yield s, RDFS.label, text_literal(name)
    for alias in data.get("aliases") or ():
        if alias and alias != name:
            yield s, SDO.alternateName, text_literal(alias)
    if data.get("description"):
        yield s, SDO.description, text_literal(data["description"])
    url = web_iri(data.get("url"))
    if url is not None:
        if label == "Repository":
            yield s, SDO.codeRepository, url
            yield s, SDO.sameAs, url
        else:
            yield s, SDO.url, url
    wikidata = data.get("wikidata")
    if isinstance(wikidata, str) and _WIKIDATA.match(wikidata):
        wd = URIRef(f"http://www.wikidata.org/entity/{wikidata}")
        yield s, OWL.sameAs, wd
        yield s, SDO.sameAs, wd
    for other in data.get("same_as") or ():
        iri = web_iri(other)
        if iri is not None:
            yield s, SDO.sameAs, iri


def _paper_triples(s: URIRef, data: dict[str, Any]) -> Iterator[Triple]:
    title = data.get("title")
    if title:
        yield s, DCTERMS.title, text_literal(title)
        yield s, RDFS.label, text_literal(title)
    if data.get("abstract"):
        yield s, DCTERMS.abstract, text_literal(data["abstract"])
    date, year = str(data.get("date") or "")[:10], data.get("year")
    if _DATE.match(date):
        yield s, DCTERMS.issued, Literal(date, datatype=XSD.date)
    elif isinstance(year, int) and 1000 <= year <= 9999:
        yield s, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear)
    if data.get("arxiv_id"):
        yield s, DCTERMS.identifier, text_literal(f"arXiv:{data['arxiv_id']}")
        yield s, SDO.sameAs, arxiv_iri(data["arxiv_id"])
    if data.get("doi"):
        yield s, DCTERMS.identifier, text_literal(f"doi:{data['doi']}")
        yield s, OWL.sameAs, doi_iri(data["doi"])
        yield s, SDO.sameAs, doi_iri(data["doi"])
    url = web_iri(data.get("url"))
    if url is not None:
        yield s, SDO.url, url


def _result_triples(s: URIRef, node_id: str, data: dict[str, Any], base: str) -> Iterator[Triple]:
    value = decimal_literal(data["value"]) if data.get("value") is not None else None
    if value is not None:
        yield s, MLS.hasValue, value
    if data.get("unit"):
        yield s, PKG.unit, text_literal(data["unit"])
    if data.get("raw"):
        yield s, PKG.rawText, text_literal(data["raw"])
    label = f"{data.get('metric') or 'result'} = {data.get('raw') or data.get('value')}"
    if data.get("dataset"):
        label += f" on {data['dataset']}"
    if data.get("method"):
        label += f" ({data['method']})"
    yield s, RDFS.label, text_literal(label)
    run = local_iri(base, "run", node_id.partition(":")[2] or node_id)
    yield run, RDF.type, MLS.Run
    yield run, MLS.hasOutput, s


def _node_triples(node_id: str, data: dict[str, Any], base: str) -> Iterator[Triple]:
    s = node_iri(node_id, base)
    label = data.get("label", "Entity")
    for cls in CLASSES.get(label, (SDO.Thing,)):
        yield s, RDF.type, cls
    yield s, DCTERMS.identifier, text_literal(node_id)
    if label == "Paper":
        yield from _paper_triples(s, data)
    elif label == "Result":
        yield from _result_triples(s, node_id, data, base)
    else:
        yield from _entity_triples(s, label, data)


def _sentence_offsets(text: str, sentence: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    if not text or not sentence or start is None or end is None:
        return None
    pos = text.rfind(sentence, 0, start + len(sentence))
    if pos < 0 or pos + len(sentence) < end:
        return None
    return pos, pos + len(sentence)


def _edge_triples(kg: KnowledgeGraph, source: str, target: str, rel: str, data: dict[str, Any],
                  base: str, agents: set[str], sentences: set[URIRef]) -> Iterator[Triple]:
    s, o, p = node_iri(source, base), node_iri(target, base), _predicate(rel)
    yield s, p, o
    nodes = kg.graph.nodes
    if rel == "ON_DATASET":
        yield local_iri(base, "run", source.partition(":")[2] or source), MLS.hasInput, o
    elif rel == "OF_METHOD":
        yield local_iri(base, "run", source.partition(":")[2] or source), MLS.realizes, o
    key = short_hash(source, rel, target)
    st = local_iri(base, "statement", key)
    yield st, RDF.type, RDF.Statement
    yield st, RDF.subject, s
    yield st, RDF.predicate, p
    yield st, RDF.object, o
    evidence = data.get("evidence") or []
    yield st, PKG.evidenceCount, Literal(len(evidence), datatype=XSD.nonNegativeInteger)
    confidence = decimal_literal(data.get("confidence", 1.0))
    if confidence is not None:
        yield st, PKG.confidence, confidence
    paper = source if nodes[source].get("label") == "Paper" else nodes[source].get("paper")
    paper_data = nodes[paper] if paper in nodes else {}
    text = f"{paper_data.get('title') or ''}\n{paper_data.get('abstract') or ''}"
    for i, ev in enumerate(evidence):
        e = local_iri(base, "evidence", f"{key}-{i}")
        yield st, PROV.wasDerivedFrom, e
        yield e, RDF.type, PKG.Evidence
        if ev.get("surface"):
            yield e, NIF.anchorOf, text_literal(ev["surface"])
        start, end = ev.get("start"), ev.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
            yield e, NIF.beginIndex, Literal(start, datatype=XSD.nonNegativeInteger)
            yield e, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)
        conf = decimal_literal(ev.get("confidence", 1.0))
        if conf is not None:
            yield e, PKG.confidence, conf
        extractor = str(ev.get("extractor") or "unknown")
        agent = local_iri(base, "agent", extractor)
        yield e, PROV.wasAttributedTo, agent
        if extractor not in agents:
            agents.add(extractor)
            yield agent, RDF.type, PROV.SoftwareAgent
            yield agent, RDFS.label, text_literal(extractor)
        sentence = ev.get("sentence") or ""
        if sentence and paper:
            sent = local_iri(base, "sentence", short_hash(paper, sentence))
            yield e, PROV.wasDerivedFrom, sent
            if sent not in sentences:
                sentences.add(sent)
                yield sent, RDF.type, PKG.Sentence
                yield sent, NIF.anchorOf, text_literal(sentence)
                yield sent, DCTERMS.isPartOf, node_iri(paper, base)
                span = _sentence_offsets(text, sentence, start, end)
                if span is not None:
                    yield sent, NIF.beginIndex, Literal(span[0], datatype=XSD.nonNegativeInteger)
                    yield sent, NIF.endIndex, Literal(span[1], datatype=XSD.nonNegativeInteger)


def iter_triples(kg: KnowledgeGraph, base: str | None = None) -> Iterator[Triple]:
    """Stream the triples of *kg* (nodes, then relationships with their evidence).

    Memory stays flat: this is what the streaming writers consume.
    """
    base = normalise_base(base)
    for node_id, data in kg.graph.nodes(data=True):
        yield from _node_triples(node_id, data, base)
    agents: set[str] = set()
    sentences: set[URIRef] = set()
    for source, target, rel, data in kg.graph.edges(keys=True, data=True):
        yield from _edge_triples(kg, source, target, rel, data, base, agents, sentences)


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


# ----------------------------------------------------------------- registry
@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: our name, rdflib's plugin name, suffix, media type, writer."""

    name: str
    rdflib_name: str
    suffix: str
    media_type: str
    writer: Callable[..., None]


_FORMATS: dict[str, RdfFormat] = {}
_ALIASES: dict[str, str] = {}


def register_format(fmt: RdfFormat, aliases: tuple[str, ...] = ()) -> None:
    """Register an RDF format under its name, its suffix and *aliases* (as rdflib's plugin registry)."""
    _FORMATS[fmt.name] = fmt
    for alias in (*aliases, fmt.suffix.lstrip("."), fmt.rdflib_name):
        _ALIASES[alias.lower()] = fmt.name


def rdf_formats() -> dict[str, RdfFormat]:
    return dict(_FORMATS)


def get_format(name: str) -> RdfFormat:
    """The format called *name* or one of its aliases (``ttl``, ``nt``, ``json-ld``, ``rdf``...)."""
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _FORMATS:
        raise ExportError(f"unknown RDF format {name!r}; choose one of: {', '.join(sorted(_FORMATS))} "
                          f"(or an alias: {', '.join(sorted(_ALIASES))})")
    return _FORMATS[key]


def format_for_path(path: str | os.PathLike) -> RdfFormat:
    """The format implied by a file name's suffix (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``...)."""
    suffix = Path(path).suffix.lstrip(".").lower()
    if not suffix or suffix.lower() not in _ALIASES:
        raise ExportError(f"{path}: cannot tell the RDF format from the suffix; pass --format "
                          f"({', '.join(sorted(_FORMATS))})")
    return get_format(suffix)


# ------------------------------------------------------------------ writers
def load_context() -> dict[str, Any]:
    """The shipped JSON-LD ``@context`` (``exports/context.jsonld``)."""
    text = resources.files("exports").joinpath("context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)


def _write_rdflib(kg: KnowledgeGraph, path: str | os.PathLike, rdflib_name: str, base: str | None,
                  **kwargs: Any) -> None:
    data = graph_to_rdf(kg, base).serialize(format=rdflib_name, encoding="utf-8", **kwargs)
    with atomic_write(path, "wb") as fh:
        fh.write(data)


def write_turtle(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None,
                 engine: str = "auto", **_: Any) -> None:
    """Write Turtle. *engine* ``rdflib``, ``oxigraph`` (needs the ``fast`` extra) or ``auto``
    (oxigraph for graphs over ~50k nodes+edges when it is installed)."""
    from exports.rdf_fast import choose_engine, write_oxigraph

    if choose_engine(kg, engine) == "oxigraph":
        write_oxigraph(kg, path, "turtle", base=base)
    else:
        _write_rdflib(kg, path, "turtle", base)


def write_ntriples(kg: KnowledgeGraph, path: str | os.PathLike, *, base: str | None = None, **_: Any) -> None:
    """Write N-Triples, streamed (constant memory; see :mod:`exports.rdf_fast`)."""
    from exports.rdf_fast import write_ntriples_stream

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
    chosen.writer(kg, path, base=base, **options)
    return chosen


register_format(RdfFormat("turtle", "turtle", ".ttl", "text/turtle", write_turtle))
register_format(RdfFormat("ntriples", "nt", ".nt", "application/n-triples", write_ntriples),
                aliases=("n-triples", "nt11", "ntriples"))
register_format(RdfFormat("jsonld", "json-ld", ".jsonld", "application/ld+json", write_jsonld),
                aliases=("json-ld",))
register_format(RdfFormat("xml", "xml", ".rdf", "application/rdf+xml", write_rdfxml),
                aliases=("rdfxml", "rdf/xml", "pretty-xml", "owl"))
