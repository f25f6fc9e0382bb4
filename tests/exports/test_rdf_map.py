"""exports/rdf_map.py: the mapping of the graph to well-known vocabularies, evidence reified, IRIs minted."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from exports.rdf_map import PREDICATES, iter_triples
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import DCTERMS, MLS, NIF, OWL, PKG, PROV, SDO, XSD, node_iri
from kg.graph import KnowledgeGraph
from tests.exports.rdf_sample import sample_graph

BASE = "https://w3id.org/paperkg/id/"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return sample_graph()


def triples_graph(kg: KnowledgeGraph, base: str | None = None) -> Graph:
    """The triples :func:`iter_triples` streams, in an rdflib graph."""
    g = Graph()
    for triple in iter_triples(kg, base):
        g.add(triple)
    return g


@pytest.fixture(scope="module")
def rdf(kg: KnowledgeGraph) -> Graph:
    return triples_graph(kg)


def iri(node_id: str) -> URIRef:
    return node_iri(node_id, BASE)


def test_papers_use_schema_org_and_dublin_core(rdf: Graph) -> None:
    paper = iri("arxiv:2010.11929")
    assert (paper, RDF.type, SDO.ScholarlyArticle) in rdf
    assert rdf.value(paper, DCTERMS.title).startswith("An Image is Worth 16x16 Words")
    assert rdf.value(paper, DCTERMS.issued) == Literal("2020-10-22", datatype=XSD.date)
    assert (paper, SDO.sameAs, URIRef("https://arxiv.org/abs/2010.11929")) in rdf
    assert {str(o) for o in rdf.objects(paper, DCTERMS.identifier)} == {"arxiv:2010.11929", "arXiv:2010.11929",
                                                                        "vit-2020"}
    doi_paper = iri("doi:10.1109/iccv.2017.322")
    assert (doi_paper, OWL.sameAs, URIRef("https://doi.org/10.1109/ICCV.2017.322")) in rdf
    assert rdf.value(doi_paper, DCTERMS.issued) == Literal("2017", datatype=XSD.gYear)


def test_entities_have_standard_classes(rdf: Graph) -> None:
    assert set(rdf.objects(iri("dataset:coco"), RDF.type)) == {SDO.Dataset, MLS.Dataset}
    assert set(rdf.objects(iri("method:co-detr"), RDF.type)) == {SDO.DefinedTerm, MLS.Algorithm}
    assert set(rdf.objects(iri("metric:top-1-accuracy"), RDF.type)) == {SDO.DefinedTerm, MLS.EvaluationMeasure}
    assert set(rdf.objects(iri("task:object-detection"), RDF.type)) == {SDO.DefinedTerm, MLS.Task}
    assert (iri("author:lucas-beyer"), RDF.type, SDO.Person) in rdf
    repo = iri("repo:github.com/sense-x/co-detr")
    assert (repo, RDF.type, SDO.SoftwareSourceCode) in rdf
    assert rdf.value(repo, SDO.codeRepository) == URIRef("https://github.com/sense-x/co-detr")
    coco = iri("dataset:coco")
    assert rdf.value(coco, SDO.name) == Literal("COCO")
    assert Literal("MS COCO") in set(rdf.objects(coco, SDO.alternateName))
    assert set(rdf.objects(coco, SDO.sameAs)) == {URIRef("https://paperswithcode.com/dataset/coco")}


def test_results_use_ml_schema(rdf: Graph) -> None:
    vit = iri("arxiv:2010.11929")
    results = list(rdf.objects(vit, PKG.reports))
    assert len(results) == 2
    by_value = {str(rdf.value(r, MLS.hasValue)): r for r in results}
    imagenet = by_value["88.55"]
    assert (imagenet, RDF.type, MLS.ModelEvaluation) in rdf
    assert rdf.value(imagenet, MLS.hasValue).datatype == XSD.decimal
    assert rdf.value(imagenet, MLS.specifiedBy) == iri("metric:top-1-accuracy")
    assert rdf.value(imagenet, PKG.onDataset) == iri("dataset:imagenet")
    assert rdf.value(imagenet, PKG.ofMethod) == iri("method:vit")
    run = rdf.value(predicate=MLS.hasOutput, object=imagenet)
    assert (run, RDF.type, MLS.Run) in rdf
    assert rdf.value(run, MLS.hasInput) == iri("dataset:imagenet")
    assert rdf.value(run, MLS.realizes) == iri("method:vit")
    assert rdf.value(imagenet, PKG.unit) == Literal("%")


def test_every_relationship_is_a_triple_with_evidence(kg: KnowledgeGraph, rdf: Graph) -> None:
    seen = set()
    for relation in kg.relations():
        source, target, rel = relation.source, relation.target, relation.type
        s, p, o = iri(source), PREDICATES[rel], iri(target)
        assert (s, p, o) in rdf, (source, rel, target)
        statements = [st for st in rdf.subjects(RDF.subject, s)
                      if (st, RDF.predicate, p) in rdf and (st, RDF.object, o) in rdf]
        assert len(statements) == 1
        st = statements[0]
        evidence = list(rdf.objects(st, PROV.wasDerivedFrom))
        assert len(evidence) == relation.count == int(rdf.value(st, PKG.evidenceCount))
        for ev in evidence:
            assert (ev, RDF.type, PKG.Evidence) in rdf
            agent = rdf.value(ev, PROV.wasAttributedTo)
            assert (agent, RDF.type, PROV.SoftwareAgent) in rdf
            assert 0 <= float(rdf.value(ev, PKG.confidence)) <= 1
        seen.add(rel)
    assert seen == set(PREDICATES), "the sample graph must exercise every relationship type"


def test_evidence_keeps_offsets_and_sentence(kg: KnowledgeGraph, rdf: Graph) -> None:
    paper = kg.node("arxiv:2211.12860").properties
    text = f"{paper['title']}\n{paper['abstract']}"
    st = next(st for st in rdf.subjects(RDF.predicate, PKG.proposes)
              if rdf.value(st, RDF.subject) == iri("arxiv:2211.12860"))
    ev = rdf.value(st, PROV.wasDerivedFrom)
    start, end = int(rdf.value(ev, NIF.beginIndex)), int(rdf.value(ev, NIF.endIndex))
    assert text[start:end] == str(rdf.value(ev, NIF.anchorOf)) == "Co-DETR"
    sentence = rdf.value(ev, PROV.wasDerivedFrom)
    assert str(rdf.value(sentence, NIF.anchorOf)).startswith("In this paper, we propose Co-DETR")
    assert rdf.value(sentence, DCTERMS.isPartOf) == iri("arxiv:2211.12860")
    s0, s1 = int(rdf.value(sentence, NIF.beginIndex)), int(rdf.value(sentence, NIF.endIndex))
    assert text[s0:s1] == str(rdf.value(sentence, NIF.anchorOf))
    assert str(rdf.value(rdf.value(ev, PROV.wasAttributedTo), RDFS.label)) == "proposed_methods"


def test_nif_tools_resolve_every_offset_through_its_reference_context(kg: KnowledgeGraph, rdf: Graph) -> None:
    """A NIF consumer reads nif:referenceContext -> nif:isString and cuts [beginIndex, endIndex) out of it."""
    located = [s for s in rdf.subjects(NIF.beginIndex, None) if (s, RDF.type, NIF.Context) not in rdf]
    assert len(located) > 40
    for s in located:
        ctx = rdf.value(s, NIF.referenceContext)
        assert ctx is not None and (ctx, RDF.type, NIF.Context) in rdf, s
        text = str(rdf.value(ctx, NIF.isString))
        assert int(rdf.value(ctx, NIF.beginIndex)) == 0 and int(rdf.value(ctx, NIF.endIndex)) == len(text)
        start, end = int(rdf.value(s, NIF.beginIndex)), int(rdf.value(s, NIF.endIndex))
        assert text[start:end] == str(rdf.value(s, NIF.anchorOf)), s
        assert {NIF.Phrase, NIF.Sentence} & set(rdf.objects(s, RDF.type)), s
    for ctx in rdf.subjects(RDF.type, NIF.Context):  # one per paper, the paper's title + newline + abstract
        paper = kg.node(next(n for n in kg.paper_ids() if iri(n) == rdf.value(ctx, DCTERMS.isPartOf))).properties
        assert str(rdf.value(ctx, NIF.isString)) == f"{paper['title']}\n{paper['abstract']}"
    assert len(set(rdf.subjects(RDF.type, NIF.Context))) == len(kg.paper_ids())


def test_metadata_facts_have_evidence_without_offsets(rdf: Graph) -> None:
    st = next(st for st in rdf.subjects(RDF.predicate, SDO.author)
              if rdf.value(st, RDF.object) == iri("author:zhuang-liu"))
    ev = rdf.value(st, PROV.wasDerivedFrom)
    assert rdf.value(ev, NIF.beginIndex) is None and rdf.value(ev, NIF.referenceContext) is None
    assert rdf.value(ev, PROV.wasDerivedFrom) is None
    assert str(rdf.value(ev, NIF.anchorOf)) == "Zhuang Liu"


def test_base_option_moves_every_minted_iri(kg: KnowledgeGraph) -> None:
    g = triples_graph(kg, base="https://example.org/papers")
    subjects = {str(s) for s in g.subjects()}
    assert subjects and all(s.startswith("https://example.org/papers/") for s in subjects)
    assert (URIRef("https://example.org/papers/dataset/coco"), RDF.type, SDO.Dataset) in g
    assert validate_rdf(g).conforms
