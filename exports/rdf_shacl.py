"""SHACL validation of an RDF export against ``exports/shapes.ttl`` (pyshacl).

>>> from kg.graph import KnowledgeGraph
>>> from kg.model import Paper, PaperFragment
>>> from exports.rdf import graph_to_rdf
>>> kg = KnowledgeGraph()
>>> kg.add_fragment(PaperFragment(Paper(id="title:1", title="A title", abstract="")))
>>> validate_rdf(graph_to_rdf(kg)).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

__all__ = ["ValidationReport", "load_shapes", "load_ontology", "validate_rdf"]

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL run: whether the data conforms, how many results, pyshacl's text."""

    conforms: bool
    violations: int
    text: str
    graph: Graph


@lru_cache(maxsize=1)
def _shapes_text() -> str:
    return resources.files("exports").joinpath("shapes.ttl").read_text(encoding="utf-8")


def load_shapes() -> Graph:
    """The shipped SHACL shapes (``exports/shapes.ttl``)."""
    return Graph().parse(data=_shapes_text(), format="turtle")


def load_ontology() -> Graph:
    """The shipped paperkg ontology (``exports/ontology.ttl``)."""
    text = resources.files("exports").joinpath("ontology.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_rdf(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate *data* against *shapes* (default: the shipped shapes), without inference.

    The export states every ``rdf:type`` it relies on, so no RDFS/OWL
    reasoning is needed. SHACL-AF (``advanced``) is on for the SPARQL targets
    of the shapes that join relationships with their statements.
    """
    import pyshacl

    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", abort_on_first=False, allow_warnings=True, advanced=True,
    )
    violations = sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))
    return ValidationReport(bool(conforms), violations, str(text), report)
