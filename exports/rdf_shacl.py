"""SHACL validation of an RDF export (pyshacl) against the shipped shapes.

``exports/shapes.ttl`` holds the checks in SHACL Core, which every SHACL
validator runs; ``exports/shapes-sparql.ttl`` the one check Core cannot
express exactly (every relationship triple has a statement with evidence),
as a SHACL-SPARQL constraint. Neither needs SHACL-AF, so pyshacl runs with
its advanced features off, as any standard validator would.

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

__all__ = ["SHAPES_FILES", "ValidationReport", "load_shapes", "load_ontology", "validate_rdf"]

SH = Namespace("http://www.w3.org/ns/shacl#")
#: The shapes files in ``exports/``: SHACL Core, then SHACL-SPARQL.
SHAPES_FILES = ("shapes.ttl", "shapes-sparql.ttl")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL run: whether the data conforms, how many results, pyshacl's text."""

    conforms: bool
    violations: int
    text: str
    graph: Graph


@lru_cache(maxsize=None)
def _shapes_text(name: str) -> str:
    return resources.files("exports").joinpath(name).read_text(encoding="utf-8")


def load_shapes(*, core_only: bool = False) -> Graph:
    """The shipped SHACL shapes: SHACL Core (``shapes.ttl``) and, unless *core_only*, SHACL-SPARQL."""
    shapes = Graph()
    for name in SHAPES_FILES[:1] if core_only else SHAPES_FILES:
        shapes.parse(data=_shapes_text(name), format="turtle")
    return shapes


def load_ontology() -> Graph:
    """The shipped paperkg ontology (``exports/ontology.ttl``)."""
    text = resources.files("exports").joinpath("ontology.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate_rdf(data: Graph, shapes: Graph | None = None, *, advanced: bool | None = None) -> ValidationReport:
    """Validate *data* against *shapes* (default: the shipped shapes), without inference.

    The export states every ``rdf:type`` it relies on, so no RDFS/OWL
    reasoning is needed, and the shapes use nothing beyond SHACL Core and
    SHACL-SPARQL, so SHACL-AF (pyshacl's ``advanced``) stays off for them;
    *advanced* defaults to on for your own *shapes*, which may use it.
    """
    import pyshacl

    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none", abort_on_first=False, allow_warnings=True,
        advanced=shapes is not None if advanced is None else advanced,
    )
    violations = sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))
    return ValidationReport(bool(conforms), violations, str(text), report)
