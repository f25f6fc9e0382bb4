"""exports/shacl_sparql.py: the shapes compiled to SPARQL report what pyshacl reports, on the sample export
and on every broken graph of tests/exports/rdf_sample.py."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from exports.rdf import graph_to_rdf
from exports.rdf_shacl import load_shapes, validate_rdf
from exports.rdf_terms import PKG
from exports.shacl_sparql import UnsupportedShapes, compile_shapes, validate_store
from tests.exports.rdf_sample import BREAKAGES, sample_graph


def _store(data: Graph) -> ox.Store:
    store = ox.Store()
    store.load(data.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _key(report_graph: Graph) -> set[tuple]:
    """(focus node, constraint component, path) of each result; blank-node paths by their shape in the report."""
    out = set()
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        path = report_graph.value(r, SH.resultPath)
        if isinstance(path, BNode):
            path = tuple(sorted(str(o) for _p, o in report_graph.predicate_objects(path)
                                if not isinstance(o, BNode))) or "bnode"
        focus = report_graph.value(r, SH.focusNode)
        out.add((str(focus) if not isinstance(focus, BNode) else "bnode",
                 str(report_graph.value(r, SH.sourceConstraintComponent)), str(path)))
    return out


def _agree(data: Graph, shapes: Graph | None = None) -> tuple:
    expected = validate_rdf(data, shapes) if shapes is not None else validate_rdf(data)
    got = validate_store(_store(data), shapes)
    assert got.conforms == expected.conforms
    assert _key(got.graph) == _key(expected.graph)
    assert got.violations == expected.violations, (got.text, expected.text)
    return expected, got


def test_the_sample_export_conforms_on_both_engines() -> None:
    expected, got = _agree(graph_to_rdf(sample_graph()))
    assert got.conforms and got.violations == 0


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_broken_graph_gives_the_same_results_as_pyshacl(name: str) -> None:
    breakage, reason = BREAKAGES[name]
    data = graph_to_rdf(sample_graph())
    breakage(data)
    expected, got = _agree(data)
    assert not got.conforms
    assert reason in got.text or reason in " ".join(str(o) for o in got.graph.objects(None, SH.resultMessage)) \
        or any(reason in str(c) for c in got.graph.objects(None, SH.sourceConstraintComponent))


def _break_more(data: Graph) -> None:
    """Breakages beyond the shared ones: an ill-typed decimal and date, a second title, a literal sameAs."""
    result = next(data.subjects(RDF.type, URIRef("http://www.w3.org/ns/mls#ModelEvaluation")))
    data.set((result, URIRef("http://www.w3.org/ns/mls#hasValue"), Literal("twelve", datatype=XSD.decimal)))
    paper = next(data.subjects(RDF.type, URIRef("https://schema.org/ScholarlyArticle")))
    data.set((paper, URIRef("http://purl.org/dc/terms/issued"), Literal("2021-13-45", datatype=XSD.date)))
    data.add((paper, URIRef("http://purl.org/dc/terms/title"), Literal("A second title")))
    data.add((paper, URIRef("https://schema.org/sameAs"), Literal("not an IRI")))


@pytest.mark.filterwarnings("ignore:Serializing weird numerical")  # the ill-typed decimal, on purpose
def test_more_breakages_agree_with_pyshacl() -> None:
    data = graph_to_rdf(sample_graph())
    _break_more(data)
    expected, got = _agree(data)
    assert got.violations >= 4


@pytest.mark.filterwarnings("ignore:Serializing weird numerical")  # the ill-typed decimal, on purpose
def test_all_breakages_at_once_agree_with_pyshacl() -> None:
    data = graph_to_rdf(sample_graph())
    _break_more(data)
    applied = 0
    for breakage, _reason in BREAKAGES.values():
        try:
            breakage(data)
            applied += 1
        except StopIteration:  # an earlier breakage removed what this one breaks
            continue
    assert applied >= 5
    _agree(data)


def test_every_constraint_of_the_shipped_shapes_is_compiled() -> None:
    """One check per constraint: nothing in shapes.ttl / shapes-sparql.ttl is skipped silently."""
    shapes = load_shapes()
    checks = compile_shapes(shapes)
    assert sum(c.component == SH.SPARQLConstraintComponent for c in checks) == 1
    components = {c.component for c in checks}
    assert {SH.MinCountConstraintComponent, SH.NotConstraintComponent, SH.OrConstraintComponent,
            SH.DisjointConstraintComponent, SH.LessThanOrEqualsConstraintComponent} <= components


def test_unknown_features_are_refused_not_skipped() -> None:
    shapes = Graph()
    shape = PKG["S"]
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetNode, PKG["x"]))
    shapes.add((shape, SH.closed, Literal(True)))
    with pytest.raises(UnsupportedShapes, match="closed"):
        compile_shapes(shapes)
