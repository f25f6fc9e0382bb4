"""exports/rdf.py: the mapping to well-known vocabularies, the format registry, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from exports.rdf import PREDICATES, graph_to_rdf, iter_triples, load_context, write_rdf
from exports.rdf_formats import format_for_path, get_format, rdf_formats
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import DCTERMS, MLS, NIF, OWL, PKG, PROV, SDO, XSD, node_iri
from kg.errors import ExportError, PluginError
from kg.registry import registry
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json, write_graph_json
from tests.exports.rdf_sample import sample_graph

BASE = "https://w3id.org/paperkg/id/"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return sample_graph()


@pytest.fixture(scope="module")
def rdf(kg: KnowledgeGraph) -> Graph:
    return graph_to_rdf(kg)


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


def test_metadata_facts_have_evidence_without_offsets(rdf: Graph) -> None:
    st = next(st for st in rdf.subjects(RDF.predicate, SDO.author)
              if rdf.value(st, RDF.object) == iri("author:zhuang-liu"))
    ev = rdf.value(st, PROV.wasDerivedFrom)
    assert rdf.value(ev, NIF.beginIndex) is None
    assert rdf.value(ev, PROV.wasDerivedFrom) is None
    assert str(rdf.value(ev, NIF.anchorOf)) == "Zhuang Liu"


def test_iter_triples_streams_the_same_graph(kg: KnowledgeGraph, rdf: Graph) -> None:
    triples = list(iter_triples(kg))
    assert len(set(triples)) == len(rdf)
    assert all(t in rdf for t in triples)


def test_base_option_moves_every_minted_iri(kg: KnowledgeGraph) -> None:
    g = graph_to_rdf(kg, base="https://example.org/papers")
    subjects = {str(s) for s in g.subjects()}
    assert subjects and all(s.startswith("https://example.org/papers/") for s in subjects)
    assert (URIRef("https://example.org/papers/dataset/coco"), RDF.type, SDO.Dataset) in g
    assert validate_rdf(g).conforms


@pytest.mark.parametrize("base", ["example.org/kg/", "urn:uuid:1", "https://exa mple.org/", "https://x.org/?q=1"])
def test_bad_base_is_refused(kg: KnowledgeGraph, base: str, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="base IRI"):
        write_rdf(kg, tmp_path / "g.ttl", base=base)
    assert not (tmp_path / "g.ttl").exists()


@pytest.mark.parametrize("name", sorted(rdf_formats()))
def test_round_trip_every_format(kg: KnowledgeGraph, rdf: Graph, name: str, tmp_path: Path) -> None:
    fmt = get_format(name)
    path = tmp_path / f"graph{fmt.suffix}"
    assert write_rdf(kg, path, name) == fmt
    parsed = Graph().parse(path, format=fmt.rdflib_name)
    assert len(parsed) == len(rdf)
    assert isomorphic(parsed, rdf)
    report = validate_rdf(parsed)
    assert report.conforms, report.text


@pytest.mark.parametrize(("alias", "name"), [("ttl", "turtle"), ("nt", "ntriples"), ("n-triples", "ntriples"),
                                             ("json-ld", "jsonld"), ("rdf", "rdfxml"), ("RDF/XML", "rdfxml"),
                                             ("xml", "rdfxml")])
def test_aliases(alias: str, name: str) -> None:
    assert get_format(alias).name == name


def test_format_from_suffix_and_errors(tmp_path: Path) -> None:
    assert format_for_path("x/graph.jsonld").name == "jsonld"
    assert format_for_path("graph.RDF").name == "rdfxml"
    with pytest.raises(PluginError, match="--format"):
        format_for_path(tmp_path / "graph.txt")
    with pytest.raises(PluginError, match="unknown RDF format 'yaml'"):
        get_format("yaml")


def test_jsonld_uses_the_shipped_context(kg: KnowledgeGraph, tmp_path: Path) -> None:
    import json

    path = tmp_path / "g.jsonld"
    write_rdf(kg, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == load_context()["@context"]
    assert any(node.get("@type") == "schema:ScholarlyArticle" for node in data["@graph"])


def test_registered_for_kg_build(kg: KnowledgeGraph, tmp_path: Path) -> None:
    turtle = registry.get("exporter", "ttl")
    assert turtle.meta["on_build"] and turtle.meta["suffix"] == ".ttl"
    assert {"turtle", "ntriples", "jsonld", "rdfxml"} <= {p.name for p in registry.plugins("exporter")}
    turtle.load()(kg, tmp_path / "graph.ttl")
    parsed = Graph().parse(tmp_path / "graph.ttl")
    assert isomorphic(parsed, graph_to_rdf(kg))


def test_graph_json_round_trip_gives_the_same_rdf(kg: KnowledgeGraph, rdf: Graph, tmp_path: Path) -> None:
    write_graph_json(kg, tmp_path / "graph.json")
    assert isomorphic(graph_to_rdf(read_graph_json(tmp_path / "graph.json")), rdf)


def test_empty_graph_exports_and_validates(tmp_path: Path) -> None:
    for name in rdf_formats():
        path = tmp_path / f"empty{get_format(name).suffix}"
        write_rdf(KnowledgeGraph(), path)
        assert len(Graph().parse(path, format=get_format(name).rdflib_name)) == 0
