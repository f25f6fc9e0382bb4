"""The mapping from a :class:`~kg.graph.KnowledgeGraph` to RDF triples.

:func:`iter_triples` streams the triples: first every node (types, names,
bibliographic fields, external ids), then every relationship as a direct
triple plus an ``rdf:Statement`` that ``prov:wasDerivedFrom`` its
``pkg:Evidence``. The module docstring of :mod:`exports.rdf` and
``docs/rdf.md`` describe the vocabulary; this module is about doing it fast
(terms that repeat are made once and reused, so a million triples stream in
a few seconds).

>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
>>> for s, p, o in iter_triples(kg, "https://example.org/"):
...     print(p.n3(), o.n3())
<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Dataset>
<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/mls#Dataset>
<http://purl.org/dc/terms/identifier> "dataset:coco"
<https://schema.org/name> "COCO"
<http://www.w3.org/2000/01/rdf-schema#label> "COCO"
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node as Term

from exports.rdf_terms import (
    DCTERMS,
    MLS,
    NIF,
    OWL,
    PKG,
    PROV,
    SDO,
    XSD,
    arxiv_iri,
    clean_text,
    decimal_literal,
    doi_iri,
    local_iri,
    node_iri,
    normalise_base,
    short_hash,
    text_literal,
    web_iri,
)
from kg.graph import KnowledgeGraph, Node, Relation
from kg.model import Evidence

__all__ = ["CLASSES", "PREDICATES", "Triple", "iter_triples"]

Triple = tuple[Term, Term, Term]

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

#: Papers with Code page kinds for the vocabularies' ``pwc`` slugs.
_PWC_PAGES = {"Dataset": "dataset", "Method": "method", "Task": "task"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WIKIDATA = re.compile(r"^Q\d+$")

# terms used per triple, looked up once (rdflib's Namespace.__getattr__ is slow)
_TYPE, _LABEL = RDF.type, RDFS.label
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object
_DERIVED, _ATTRIBUTED, _AGENT = PROV.wasDerivedFrom, PROV.wasAttributedTo, PROV.SoftwareAgent
_EVIDENCE, _SENTENCE, _CONFIDENCE, _COUNT = PKG.Evidence, PKG.Sentence, PKG.confidence, PKG.evidenceCount
_ANCHOR, _BEGIN, _END = NIF.anchorOf, NIF.beginIndex, NIF.endIndex
_CONTEXT, _REFERENCE, _IS_STRING = NIF.Context, NIF.referenceContext, NIF.isString
_PHRASE, _NIF_SENTENCE = NIF.Phrase, NIF.Sentence
_PART_OF, _IDENTIFIER = DCTERMS.isPartOf, DCTERMS.identifier
_NNI = XSD.nonNegativeInteger


def _predicate(rel: str) -> URIRef:
    if rel in PREDICATES:
        return PREDICATES[rel]
    head, *rest = rel.lower().split("_")
    return PKG[head + "".join(w.title() for w in rest)]


class _Minter:
    """Makes (and remembers) the IRIs and literals of one export."""

    def __init__(self, kg: KnowledgeGraph, base: str) -> None:
        self.kg, self.base = kg, base
        self.nodes: dict[str, URIRef] = {}
        self.ints: dict[int, Literal] = {}
        self.decimals: dict[float, Literal | None] = {}
        self.agents: dict[str, URIRef] = {}
        self.sentences: set[str] = set()
        self.contexts: dict[str, URIRef] = {}
        self.texts: dict[str, str] = {}

    def node(self, node_id: str) -> URIRef:
        iri = self.nodes.get(node_id)
        if iri is None:
            iri = self.nodes[node_id] = node_iri(node_id, self.base)
        return iri

    def integer(self, value: int) -> Literal:
        lit = self.ints.get(value)
        if lit is None:
            lit = self.ints[value] = Literal(str(value), datatype=_NNI)
        return lit

    def decimal(self, value: float) -> Literal | None:
        if value not in self.decimals:
            self.decimals[value] = decimal_literal(value)
        return self.decimals[value]

    def minted(self, kind: str, hex_local: str) -> URIRef:
        """An IRI whose local part is already IRI-safe (hex digits and ``-``)."""
        return URIRef(f"{self.base}{kind}/{hex_local}")

    def run(self, result_id: str) -> URIRef:
        return local_iri(self.base, "run", result_id.partition(":")[2] or result_id)

    def paper_text(self, paper: str) -> str:
        text = self.texts.get(paper)
        if text is None:
            data = self.kg.node(paper).properties if paper in self.kg else {}
            text = self.texts[paper] = f"{data.get('title') or ''}\n{data.get('abstract') or ''}"
        return text

    def context(self, paper: str, out: list[Triple]) -> URIRef:
        """The ``nif:Context`` of a paper's text (title, newline, abstract), its triples added to *out* once.

        Evidence and sentence offsets index into its ``nif:isString``, so NIF
        tools resolve them through ``nif:referenceContext``. Text cleaning
        (:func:`~exports.rdf_terms.clean_text`) replaces code points one for
        one, so the offsets still hold.
        """
        ctx = self.contexts.get(paper)
        if ctx is None:
            ctx = self.contexts[paper] = self.minted("context", short_hash(paper))
            text = self.paper_text(paper)
            out += [(ctx, _TYPE, _CONTEXT), (ctx, _IS_STRING, text_literal(text)), (ctx, _BEGIN, self.integer(0)),
                    (ctx, _END, self.integer(len(text))), (ctx, _PART_OF, self.node(paper))]
        return ctx


# ------------------------------------------------------------------ nodes
def _entity_triples(s: URIRef, label: str, data: Mapping[str, Any]) -> Iterator[Triple]:
    name = data.get("name")
    if name:
        yield s, SDO.name, text_literal(name)
        yield s, _LABEL, text_literal(name)
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
    pwc = data.get("pwc")
    if isinstance(pwc, str) and pwc.strip() and label in _PWC_PAGES:
        yield s, SDO.sameAs, URIRef(f"https://paperswithcode.com/{_PWC_PAGES[label]}/{quote(clean_text(pwc.strip()), safe='-._~')}")
    same_as = data.get("same_as") or ()
    for other in [same_as] if isinstance(same_as, str) else same_as:
        iri = web_iri(other)
        if iri is not None:
            yield s, SDO.sameAs, iri


def _paper_triples(s: URIRef, node_id: str, data: Mapping[str, Any]) -> Iterator[Triple]:
    title = data.get("title")
    if title:
        yield s, DCTERMS.title, text_literal(title)
        yield s, _LABEL, text_literal(title)
    if data.get("abstract"):
        yield s, DCTERMS.abstract, text_literal(data["abstract"])
    date, year = str(data.get("date") or "")[:10], data.get("year")
    if _DATE.match(date):
        yield s, DCTERMS.issued, Literal(date, datatype=XSD.date)
    elif isinstance(year, int) and 1000 <= year <= 9999:
        yield s, DCTERMS.issued, Literal(str(year), datatype=XSD.gYear)
    if data.get("arxiv_id"):
        yield s, _IDENTIFIER, text_literal(f"arXiv:{data['arxiv_id']}")
        yield s, SDO.sameAs, arxiv_iri(str(data["arxiv_id"]))
    if data.get("doi"):
        yield s, _IDENTIFIER, text_literal(f"doi:{data['doi']}")
        yield s, OWL.sameAs, doi_iri(str(data["doi"]))
        yield s, SDO.sameAs, doi_iri(str(data["doi"]))
    record_id = data.get("record_id")
    if isinstance(record_id, str) and record_id and record_id != node_id:
        yield s, _IDENTIFIER, text_literal(record_id)
    url = web_iri(data.get("url"))
    if url is not None:
        yield s, SDO.url, url


def _result_triples(m: _Minter, s: URIRef, node_id: str, data: Mapping[str, Any]) -> Iterator[Triple]:
    value = m.decimal(float(data["value"])) if isinstance(data.get("value"), (int, float)) else None
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
    yield s, _LABEL, text_literal(label)
    run = m.run(node_id)
    yield run, _TYPE, MLS.Run
    yield run, MLS.hasOutput, s


def _node_triples(m: _Minter, node: Node) -> Iterator[Triple]:
    node_id, label, data = node.id, node.label, node.properties
    s = m.node(node_id)
    for cls in CLASSES.get(label, (SDO.Thing,)):
        yield s, _TYPE, cls
    yield s, _IDENTIFIER, text_literal(node_id)
    if label == "Paper":
        yield from _paper_triples(s, node_id, data)
    elif label == "Result":
        yield from _result_triples(m, s, node_id, data)
    else:
        yield from _entity_triples(s, label, data)


# ---------------------------------------------------------- relationships
def _sentence_offsets(text: str, sentence: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    if not text or not sentence or start is None or end is None:
        return None
    pos = text.rfind(sentence, 0, start + len(sentence))
    if pos < 0 or pos + len(sentence) < end:
        return None
    return pos, pos + len(sentence)


def _evidence_triples(m: _Minter, e: URIRef, ev: Evidence, paper: str | None) -> Iterator[Triple]:
    yield e, _TYPE, _EVIDENCE
    if ev.surface:
        yield e, _ANCHOR, text_literal(ev.surface)
    start, end = ev.start, ev.end
    has_span = isinstance(start, int) and isinstance(end, int) and 0 <= start <= end
    if has_span:
        yield e, _BEGIN, m.integer(start)
        yield e, _END, m.integer(end)
        if paper and end <= len(m.paper_text(paper)):
            new: list[Triple] = []
            yield e, _TYPE, _PHRASE
            yield e, _REFERENCE, m.context(paper, new)
            yield from new
    conf = m.decimal(float(ev.confidence))
    if conf is not None:
        yield e, _CONFIDENCE, conf
    extractor = ev.extractor or "unknown"
    agent = m.agents.get(extractor)
    if agent is None:
        agent = m.agents[extractor] = local_iri(m.base, "agent", extractor)
        yield agent, _TYPE, _AGENT
        yield agent, _LABEL, text_literal(extractor)
    yield e, _ATTRIBUTED, agent
    sentence = ev.sentence
    if sentence and paper:
        key = short_hash(paper, sentence)
        sent = m.minted("sentence", key)
        yield e, _DERIVED, sent
        if key not in m.sentences:
            m.sentences.add(key)
            yield sent, _TYPE, _SENTENCE
            yield sent, _ANCHOR, text_literal(sentence)
            yield sent, _PART_OF, m.node(paper)
            span = _sentence_offsets(m.paper_text(paper), sentence, start, end) if has_span else None
            if span is not None:
                new = []
                yield sent, _TYPE, _NIF_SENTENCE
                yield sent, _BEGIN, m.integer(span[0])
                yield sent, _END, m.integer(span[1])
                yield sent, _REFERENCE, m.context(paper, new)
                yield from new


def _edge_triples(m: _Minter, relation: Relation) -> Iterator[Triple]:
    source, target, rel = relation.source, relation.target, relation.type
    s, o, p = m.node(source), m.node(target), _predicate(rel)
    yield s, p, o
    if rel == "ON_DATASET":
        yield m.run(source), MLS.hasInput, o
    elif rel == "OF_METHOD":
        yield m.run(source), MLS.realizes, o
    key = short_hash(source, rel, target)
    st = m.minted("statement", key)
    yield st, _TYPE, _STATEMENT
    yield st, _SUBJECT, s
    yield st, _PREDICATE, p
    yield st, _OBJECT, o
    yield st, _COUNT, m.integer(relation.count)
    conf = m.decimal(relation.confidence)
    if conf is not None:
        yield st, _CONFIDENCE, conf
    origin = m.kg.node(source)
    paper = source if origin.label == "Paper" else origin.get("paper")
    for i, ev in enumerate(relation.evidence):
        e = m.minted("evidence", f"{key}-{i}")
        yield st, _DERIVED, e
        yield from _evidence_triples(m, e, ev, paper)


def iter_triples(kg: KnowledgeGraph, base: str | None = None) -> Iterator[Triple]:
    """Stream the triples of *kg*: nodes, then relationships with their evidence.

    Nothing is held but the terms that repeat (node IRIs, small integers,
    confidences), so memory grows with the number of nodes, not of triples.
    """
    m = _Minter(kg, normalise_base(base))
    for node in kg.nodes():
        yield from _node_triples(m, node)
    for relation in kg.relations():
        yield from _edge_triples(m, relation)
