"""exports/rdf_shacl.py and exports/shapes.ttl: exports conform; broken graphs are caught, each for its reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from exports.rdf import graph_to_rdf
from exports.rdf_shacl import load_ontology, load_shapes, validate_rdf
from exports.rdf_terms import DCTERMS, MLS, NIF, PKG, PROV, XSD, node_iri
from tests.exports.rdf_sample import drop_statement, sample_graph, statement_of

PAPER = node_iri("arxiv:2211.12860")
CODETR = node_iri("method:co-detr")


@pytest.fixture
def rdf() -> Graph:
    return graph_to_rdf(sample_graph())


def propose_and_use(g: Graph) -> None:
    g.add((PAPER, PKG.uses, CODETR))
    st = statement_of(g, PAPER, PKG.proposes, CODETR)
    copy = URIRef(str(st) + "-copy")
    for p, o in g.predicate_objects(st):
        g.add((copy, p, PKG.uses if p == RDF.predicate else o))


def confidence_too_high(g: Graph) -> None:
    ev = g.value(statement_of(g, PAPER, PKG.proposes, CODETR), PROV.wasDerivedFrom)
    g.set((ev, PKG.confidence, Literal("1.5", datatype=XSD.decimal)))


def no_title(g: Graph) -> None:
    g.remove((PAPER, DCTERMS.title, None))


def no_value(g: Graph) -> None:
    result = next(g.objects(PAPER, PKG.reports))
    g.remove((result, MLS.hasValue, None))


def offsets_reversed(g: Graph) -> None:
    ev = g.value(statement_of(g, PAPER, PKG.proposes, CODETR), PROV.wasDerivedFrom)
    g.set((ev, NIF.beginIndex, Literal("99", datatype=XSD.nonNegativeInteger)))
    g.set((ev, NIF.endIndex, Literal("3", datatype=XSD.nonNegativeInteger)))


def dangling_statement(g: Graph) -> None:
    g.remove((PAPER, PKG.proposes, CODETR))


def no_extractor(g: Graph) -> None:
    ev = g.value(statement_of(g, PAPER, PKG.proposes, CODETR), PROV.wasDerivedFrom)
    g.remove((ev, PROV.wasAttributedTo, None))


def wrong_class(g: Graph) -> None:
    g.add((PAPER, PKG.evaluatesOn, CODETR))  # a method is not a schema:Dataset


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
}


def test_sample_export_conforms(rdf: Graph) -> None:
    report = validate_rdf(rdf)
    assert report.conforms and report.violations == 0, report.text


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_graph_fails_for_its_reason(rdf: Graph, name: str) -> None:
    breakage, expected = BREAKAGES[name]
    breakage(rdf)
    report = validate_rdf(rdf)
    assert not report.conforms
    assert report.violations >= 1
    assert expected in report.text, report.text


def test_shapes_and_ontology_parse_and_document_every_pkg_term(rdf: Graph) -> None:
    shapes, ontology = load_shapes(), load_ontology()
    assert len(shapes) > 50
    used = {t for triple in rdf for t in triple if isinstance(t, URIRef) and t.startswith(str(PKG))}
    from rdflib import RDFS

    documented = {s for s in ontology.subjects(RDFS.comment, None)}
    assert used <= documented, sorted(used - documented)


def test_ontology_round_trips_with_the_shapes(tmp_path: Path) -> None:
    onto = load_ontology()
    text = onto.serialize(format="turtle")
    assert isomorphic(Graph().parse(data=text, format="turtle"), onto)


