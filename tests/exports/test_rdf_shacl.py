"""exports/rdf_shacl.py and exports/shapes.ttl: exports conform; broken graphs are caught, each for its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from exports.rdf import graph_to_rdf
from exports.rdf_shacl import load_ontology, load_shapes, validate_rdf
from exports.rdf_terms import PKG
from tests.exports.rdf_sample import BREAKAGES, sample_graph

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


