"""SHACL validation results as a W3C validation report graph (the shape pyshacl gives).

:mod:`exports.shacl_sparql` finds the results; this module writes them as ``sh:ValidationReport``
so ``kg validate`` prints them with the same code whichever engine ran.

>>> from rdflib import URIRef
>>> from rdflib.namespace import SH
>>> r = ShaclResult(URIRef("http://x/a"), SH.MinCountConstraintComponent, URIRef("http://x/p"), None,
...                 "needs one", SH.Violation, None)
>>> g = report_graph([r], Graph())
>>> (None, SH.conforms, Literal(False)) in g, len(list(g.subjects(RDF.type, SH.ValidationResult)))
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

__all__ = ["ShaclResult", "report_graph"]


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, in rdflib terms."""

    focus: Any
    component: URIRef
    path: Any
    value: Any
    message: str | None
    severity: URIRef
    shape: Any


def report_graph(results: list[ShaclResult], shapes: Graph) -> Graph:
    """A W3C SHACL validation report graph of *results* (the shape of pyshacl's)."""
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not any(r.severity == SH.Violation for r in results))))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, r.focus))
        report.add((node, SH.sourceConstraintComponent, r.component))
        report.add((node, SH.resultSeverity, r.severity))
        if r.value is not None:
            report.add((node, SH.value, r.value))
        if r.message is not None:
            report.add((node, SH.resultMessage, Literal(r.message)))
        if r.path is not None:
            report.add((node, SH.resultPath, r.path))
            for triple in _path_triples(shapes, r.path):
                report.add(triple)
    return report


def _path_triples(shapes: Graph, path: Any) -> Iterator[tuple[Any, Any, Any]]:
    """The triples describing a blank-node property path, copied so the report is self-contained."""
    if not isinstance(path, BNode):
        return
    for p, o in shapes.predicate_objects(path):
        yield path, p, o
        yield from _path_triples(shapes, o)
