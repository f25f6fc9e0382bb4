"""exports/rdf_shacl.py, shapes.ttl and shapes-sparql.ttl: exports conform; broken graphs are caught, each for
its reason; shapes.ttl is SHACL Core only, so a validator without SHACL-AF or SPARQL runs every check in it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from exports.rdf import graph_to_rdf
from exports.rdf_shacl import SHAPES_FILES, load_ontology, load_shapes, validate_rdf
from exports.rdf_terms import PKG, node_iri
from tests.exports.rdf_sample import (
    BREAKAGES,
    CODETR_METHOD_IRI,
    CODETR_PAPER_IRI,
    drop_fact,
    sample_graph,
    statement_of,
)

@pytest.fixture
def rdf() -> Graph:
    return graph_to_rdf(sample_graph())


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


SH = Namespace("http://www.w3.org/ns/shacl#")
#: The terms of SHACL Core a shapes graph may use (W3C SHACL, sections 2-4), validation-report terms aside.
CORE = {SH[t] for t in """NodeShape PropertyShape targetClass targetNode targetSubjectsOf targetObjectsOf path
    inversePath alternativePath zeroOrMorePath oneOrMorePath zeroOrOnePath class datatype nodeKind IRI BlankNode
    Literal BlankNodeOrIRI BlankNodeOrLiteral IRIOrLiteral minCount maxCount minExclusive minInclusive
    maxExclusive maxInclusive minLength maxLength pattern flags languageIn uniqueLang equals disjoint lessThan
    lessThanOrEquals not and or xone node property qualifiedValueShape qualifiedMinCount qualifiedMaxCount
    qualifiedValueShapesDisjoint closed ignoredProperties hasValue in message severity Violation Warning Info
    deactivated name description order group defaultValue""".split()}
#: ... and what SHACL-SPARQL (section 5) adds for SPARQL-based constraints.
SPARQL = {SH[t] for t in "sparql select ask prefixes declare prefix namespace SPARQLConstraint".split()}


def _shacl_terms(name: str) -> set[URIRef]:
    g = Graph().parse(data=resources.files("exports").joinpath(name).read_text("utf-8"), format="turtle")
    return {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(SH))}


def test_shapes_ttl_is_shacl_core_and_shapes_sparql_adds_only_sparql_constraints() -> None:
    core, sparql = SHAPES_FILES
    assert _shacl_terms(core) <= CORE, sorted(_shacl_terms(core) - CORE)
    assert _shacl_terms(sparql) <= CORE | SPARQL, sorted(_shacl_terms(sparql) - CORE - SPARQL)


def _standard_validator(data: Graph, shapes: Graph) -> tuple[bool, str]:
    """pyshacl as a plain SHACL validator: its defaults (no SHACL-AF, no inference)."""
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes)
    return bool(conforms), str(text)


def test_core_shapes_without_advanced_features_catch_a_relationship_with_no_statement(rdf: Graph) -> None:
    assert _standard_validator(rdf, load_shapes(core_only=True))[0]
    drop_fact(rdf, CODETR_PAPER_IRI, PKG.proposes, CODETR_METHOD_IRI)  # the triple stays, its statement and evidence are gone
    conforms, text = _standard_validator(rdf, load_shapes(core_only=True))
    assert not conforms
    assert "is the rdf:subject of no pkg:proposes statement" in text, text
    assert "is the object of a pkg:proposes relationship but of no pkg:proposes statement" in text, text


CONVNEXT = node_iri("arxiv:2201.03545")
COCO = node_iri("dataset:coco")


@pytest.mark.parametrize("name", sorted(set(BREAKAGES) - {"relationship without evidence"}))
def test_core_shapes_alone_catch_each_breakage(rdf: Graph, name: str) -> None:
    breakage, expected = BREAKAGES[name]
    breakage(rdf)
    conforms, text = _standard_validator(rdf, load_shapes(core_only=True))
    assert not conforms and expected in text, text


def test_core_catches_any_dangling_statement(rdf: Graph) -> None:
    """Exact in Core: ConvNeXt evaluates on other datasets and others evaluate on COCO, yet the lost triple shows."""
    st = statement_of(rdf, CONVNEXT, PKG.evaluatesOn, COCO)
    rdf.remove((CONVNEXT, PKG.evaluatesOn, COCO))
    report = validate_rdf(rdf, load_shapes(core_only=True), advanced=False)
    assert not report.conforms and report.violations == 1, report.text
    assert "describes a triple that is not in the graph" in report.text
    assert set(report.graph.objects(None, SH.value)) == {st}


def test_sparql_shapes_catch_what_core_cannot(rdf: Graph) -> None:
    """Both ends of the bare triple have other stated relationships of its kind: only the SPARQL join sees it."""
    drop_fact(rdf, CONVNEXT, PKG.evaluatesOn, COCO)
    assert _standard_validator(rdf, load_shapes(core_only=True))[0]
    conforms, text = _standard_validator(rdf, load_shapes())
    assert not conforms and "the relationship has no rdf:Statement with evidence" in text, text
    assert str(CONVNEXT) in text and str(COCO) in text
    report = validate_rdf(rdf)
    assert not report.conforms and report.violations == 1
