"""exports/shacl_report.py: results become a report graph that `kg validate` prints like pyshacl's."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from exports.shacl_report import ShaclResult, report_graph
from paperkg.cli.commands.rdf import shacl_report_lines

A, P, Q = URIRef("http://x/a"), URIRef("http://x/p"), URIRef("http://x/q")


def test_an_empty_result_list_conforms() -> None:
    g = report_graph([], Graph())
    assert (None, SH.conforms, Literal(True)) in g
    assert not list(g.subjects(RDF.type, SH.ValidationResult))


def test_warnings_alone_still_conform() -> None:
    r = ShaclResult(A, SH.MinCountConstraintComponent, P, None, "a warning", SH.Warning, None)
    assert (None, SH.conforms, Literal(True)) in report_graph([r], Graph())


def test_inverse_paths_are_copied_so_the_cli_prints_them() -> None:
    shapes = Graph()
    path = BNode()
    shapes.add((path, SH.inversePath, Q))
    results = [ShaclResult(A, SH.ClassConstraintComponent, path, URIRef("http://x/v"), None, SH.Violation, None),
               ShaclResult(A, SH.MinCountConstraintComponent, P, None, "needs a p", SH.Violation, None)]
    g = report_graph(results, shapes)
    assert (None, SH.conforms, Literal(False)) in g
    lines = shacl_report_lines(g, Graph())
    assert lines == ["Violation: <http://x/a> <http://x/p>: needs a p (MinCountConstraintComponent)",
                     "Violation: <http://x/a> ^<http://x/q>: fails its shape (ClassConstraintComponent)"]
