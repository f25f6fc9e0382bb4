"""A small, real-looking graph for the RDF tests, built the way the pipeline builds one.

Four well-known papers with mentions (offsets and sentences computed from the
text, as the extractors do) and results, merged with
:meth:`KnowledgeGraph.add_fragment`; what the shipped SPARQL examples answer
on it (:data:`EXPECTED`), and how to break its RDF (:func:`drop_statement`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
import re

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from exports.rdf_terms import DCTERMS, MLS, NIF, PKG, PROV, XSD, node_iri
from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord, entity_id, repository_id

__all__ = ["evidence", "mention", "result", "sample_graph", "PAPERS", "EXPECTED", "needs_oxigraph", "statement_of",
           "drop_statement"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def evidence(paper: Paper, surface: str, extractor: str, confidence: float = 0.9, nth: int = 0) -> Evidence:
    """Evidence for the *nth* occurrence of *surface* in the paper's text, with its sentence."""
    text = paper.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    end = start + len(surface)
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    s0 = max(b for b in bounds if b <= start)
    s1 = min((b for b in bounds if b >= end), default=len(text))
    return Evidence(surface, start, end, text[s0:s1].strip(), extractor, confidence)


def mention(paper: Paper, kind: str, name: str, surface: str | None = None, *, role: str | None = None,
            extractor: str = "vocab_ruler", confidence: float = 0.9, props: tuple = ()) -> Mention:
    ev = evidence(paper, surface or name, extractor, confidence)
    return Mention(kind, entity_id(kind, name), name, ev, role, props)


def code(paper: Paper, owner: str, name: str) -> Mention:
    url = f"https://github.com/{owner}/{name}"
    ev = evidence(paper, url, "code_links", 1.0)
    props = (("host", "github.com"), ("owner", owner.lower()), ("repo_name", name.lower()),
             ("url", url.lower()))
    return Mention("repository", repository_id("github.com", owner, name), f"github.com/{owner}/{name}".lower(),
                   ev, props=props)


def result(paper: Paper, metric: str, value: float, raw: str, dataset: str | None, method: str | None,
           unit: str | None = None) -> ResultRecord:
    return ResultRecord(metric, entity_id("metric", metric), value, raw, evidence(paper, raw, "results", 0.8),
                        unit, dataset, entity_id("dataset", dataset) if dataset else None,
                        method, entity_id("method", method) if method else None)


CODETR = Paper(
    id="arxiv:2211.12860", arxiv_id="2211.12860", year=2022, source="papers.jsonl:1",
    title="DETRs with Collaborative Hybrid Assignments Training",
    abstract="In this paper, we propose Co-DETR, a collaborative hybrid assignments training scheme for "
             "object detection that improves DETR-based detectors. Co-DETR with ViT-L achieves 66.0 AP on "
             "COCO test-dev and 67.9 AP on LVIS val. Code is available at https://github.com/Sense-X/Co-DETR.",
)
VIT = Paper(
    id="arxiv:2010.11929", arxiv_id="2010.11929", date="2020-10-22", source="papers.jsonl:2", record_id="vit-2020",
    title="An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
    authors=("Alexey Dosovitskiy", "Lucas Beyer"),
    abstract="We show that a pure transformer applied to sequences of image patches performs very well on "
             "image classification. The Vision Transformer (ViT) attains 88.55% top-1 accuracy on ImageNet "
             "and 94.55% on CIFAR-100. Models: https://github.com/google-research/vision_transformer.",
)
MASKRCNN = Paper(
    id="doi:10.1109/iccv.2017.322", doi="10.1109/ICCV.2017.322", year=2017, source="papers.jsonl:3",
    title="Mask R-CNN",
    abstract="We present Mask R-CNN, a conceptually simple framework for object instance segmentation. "
             "Mask R-CNN extends Faster R-CNN and is pre-trained on ImageNet. It reaches 37.1 mask AP on the "
             "MS COCO benchmark for object detection and instance segmentation.",
)
CONVNEXT = Paper(
    id="arxiv:2201.03545", arxiv_id="2201.03545", year=2022, source="papers.jsonl:4",
    title="A ConvNet for the 2020s", authors=("Zhuang Liu", "Saining Xie"),
    abstract="We propose ConvNeXt, a pure ConvNet family for image classification. ConvNeXt reaches 87.8% "
             "ImageNet top-1 accuracy and outperforms Swin Transformers on COCO object detection and ADE20K "
             "segmentation. Code: https://github.com/facebookresearch/ConvNeXt",
)
PAPERS = (CODETR, VIT, MASKRCNN, CONVNEXT)


def _fragments() -> list[PaperFragment]:
    p = CODETR
    codetr = PaperFragment(p, [
        mention(p, "method", "Co-DETR", role="proposed", extractor="proposed_methods"),
        mention(p, "method", "DETR", role="used"),
        mention(p, "task", "object detection"),
        mention(p, "dataset", "COCO", props=(("pwc", "coco"), ("vocabulary", "dataset"))),
        mention(p, "dataset", "LVIS"),
        mention(p, "metric", "AP"),
        code(p, "Sense-X", "Co-DETR"),
    ], [result(p, "AP", 66.0, "66.0 AP", "COCO", "Co-DETR"), result(p, "AP", 67.9, "67.9 AP", "LVIS", "Co-DETR")])
    p = VIT
    vit = PaperFragment(p, [
        mention(p, "method", "ViT", "Vision Transformer (ViT)", role="proposed", extractor="proposed_methods"),
        mention(p, "task", "image classification"),
        mention(p, "dataset", "ImageNet"),
        mention(p, "dataset", "CIFAR-100"),
        mention(p, "metric", "top-1 accuracy"),
        code(p, "google-research", "vision_transformer"),
    ], [result(p, "top-1 accuracy", 88.55, "88.55%", "ImageNet", "ViT", "%"),
        result(p, "top-1 accuracy", 94.55, "94.55%", "CIFAR-100", "ViT", "%")])
    p = MASKRCNN
    maskrcnn = PaperFragment(p, [
        mention(p, "method", "Mask R-CNN", role="proposed", extractor="proposed_methods"),
        mention(p, "method", "Faster R-CNN", role="used"),
        mention(p, "task", "instance segmentation"),
        mention(p, "task", "object detection"),
        mention(p, "dataset", "ImageNet"),
        mention(p, "dataset", "COCO", "MS COCO"),
        mention(p, "metric", "mask AP"),
    ], [result(p, "mask AP", 37.1, "37.1 mask AP", "COCO", "Mask R-CNN")])
    p = CONVNEXT
    convnext = PaperFragment(p, [
        mention(p, "method", "ConvNeXt", role="proposed", extractor="proposed_methods"),
        mention(p, "method", "ConvNeXt", role="used"),  # merged into "proposed" by the graph
        mention(p, "method", "Swin Transformer", "Swin Transformers", role="used"),
        mention(p, "task", "image classification"),
        mention(p, "task", "object detection"),
        mention(p, "dataset", "ImageNet"),
        mention(p, "dataset", "COCO"),
        mention(p, "dataset", "ADE20K"),
        mention(p, "metric", "top-1 accuracy"),
        code(p, "facebookresearch", "ConvNeXt"),
    ], [result(p, "top-1 accuracy", 87.8, "87.8%", "ImageNet", "ConvNeXt", "%")])
    return [codetr, vit, maskrcnn, convnext]


def sample_graph() -> KnowledgeGraph:
    """The four papers merged into one graph (every relationship type occurs)."""
    kg = KnowledgeGraph()
    for fragment in _fragments():
        kg.add_fragment(fragment)
    return kg


needs_oxigraph = pytest.mark.skipif(importlib.util.find_spec("pyoxigraph") is None,
                                    reason="pyoxigraph (the 'fast' extra) not installed")


#: What each shipped example must answer on the sample graph.
EXPECTED = {
    "coco-papers-with-code": [
        ("https://w3id.org/paperkg/id/arxiv/2201.03545", "A ConvNet for the 2020s",
         "https://github.com/facebookresearch/convnext"),
        ("https://w3id.org/paperkg/id/arxiv/2211.12860", "DETRs with Collaborative Hybrid Assignments Training",
         "https://github.com/sense-x/co-detr"),
    ],
    "imagenet-metrics": [("top-1 accuracy", "2", "2", "88.55")],
    "datasets-co-used": [("COCO", "ImageNet", "2"), ("ADE20K", "COCO", "1"), ("ADE20K", "ImageNet", "1"),
                         ("CIFAR-100", "ImageNet", "1"), ("COCO", "LVIS", "1")],
}


def statement_of(g: Graph, s: URIRef, p: URIRef, o: URIRef) -> URIRef:
    """The rdf:Statement that reifies the triple (s, p, o) in *g*."""
    return next(st for st in g.subjects(RDF.subject, s) if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g)


def drop_statement(g: Graph) -> None:
    """Break *g*: the Co-DETR paper still proposes Co-DETR, but no rdf:Statement carries its evidence."""
    g.remove((statement_of(g, node_iri(CODETR.id), PKG.proposes, node_iri("method:co-detr")), None, None))


# ---- deliberately broken graphs: each breaks one SHACL shape (tests/exports/test_rdf_shacl.py, test_jena.py)
CODETR_PAPER_IRI = node_iri(CODETR.id)
CODETR_METHOD_IRI = node_iri("method:co-detr")


def propose_and_use(g: Graph) -> None:
    g.add((CODETR_PAPER_IRI, PKG.uses, CODETR_METHOD_IRI))
    st = statement_of(g, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI)
    copy = URIRef(str(st) + "-copy")
    for p, o in g.predicate_objects(st):
        g.add((copy, p, PKG.uses if p == RDF.predicate else o))


def confidence_too_high(g: Graph) -> None:
    ev = g.value(statement_of(g, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI), PROV.wasDerivedFrom)
    g.set((ev, PKG.confidence, Literal("1.5", datatype=XSD.decimal)))


def no_title(g: Graph) -> None:
    g.remove((CODETR_PAPER_IRI, DCTERMS.title, None))


def no_value(g: Graph) -> None:
    result = next(g.objects(CODETR_PAPER_IRI, PKG.reports))
    g.remove((result, MLS.hasValue, None))


def offsets_reversed(g: Graph) -> None:
    ev = g.value(statement_of(g, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI), PROV.wasDerivedFrom)
    g.set((ev, NIF.beginIndex, Literal("99", datatype=XSD.nonNegativeInteger)))
    g.set((ev, NIF.endIndex, Literal("3", datatype=XSD.nonNegativeInteger)))


def dangling_statement(g: Graph) -> None:
    g.remove((CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI))


def no_extractor(g: Graph) -> None:
    ev = g.value(statement_of(g, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI), PROV.wasDerivedFrom)
    g.remove((ev, PROV.wasAttributedTo, None))


def wrong_class(g: Graph) -> None:
    g.add((CODETR_PAPER_IRI, PKG.evaluatesOn, CODETR_METHOD_IRI))  # a method is not a schema:Dataset


def context_without_text(g: Graph) -> None:
    ev = g.value(statement_of(g, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI), PROV.wasDerivedFrom)
    g.remove((g.value(ev, NIF.referenceContext), NIF.isString, None))


def drop_fact(g: Graph, s: URIRef, p: URIRef, o: URIRef) -> None:
    """Leave the triple (s, p, o) bare: its rdf:Statement and the statement's evidence are removed."""
    st = statement_of(g, s, p, o)
    for ev in list(g.objects(st, PROV.wasDerivedFrom)):
        g.remove((ev, None, None))
    g.remove((st, None, None))


BREAKAGES: dict[str, tuple[Callable[[Graph], None], str]] = {
    "relationship without evidence": (drop_statement, "has no rdf:Statement with evidence"),
    "proposes and uses": (propose_and_use, "both proposes and uses"),
    "confidence above 1": (confidence_too_high, "MaxInclusiveConstraintComponent"),
    "paper without title": (no_title, "exactly one dcterms:title"),
    "result without value": (no_value, "exactly one xsd:decimal mls:hasValue"),
    "begin after end": (offsets_reversed, "LessThanOrEqualsConstraintComponent"),
    "statement about a missing triple": (dangling_statement, "describes a triple that is not in the graph"),
    "evidence without extractor": (no_extractor, "names exactly one extractor"),
    "object of the wrong class": (wrong_class, "ClassConstraintComponent"),
    "NIF context without its text": (context_without_text, "exactly one nif:isString"),
}
