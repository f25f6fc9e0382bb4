"""exports/plugins.py: the built-in exporters, as the registry finds them through the entry point."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from exports.neo4j_csv import write_neo4j_csv
from exports.rdf import graph_to_rdf
from kg.registry import registry
from tests.exports.rdf_sample import sample_graph


def test_turtle_registered_for_kg_build(tmp_path: Path) -> None:
    kg = sample_graph()
    turtle = registry.get("exporter", "ttl")
    assert turtle.meta["on_build"] and turtle.meta["suffix"] == ".ttl"
    assert {"turtle", "ntriples", "jsonld", "rdfxml"} <= {p.name for p in registry.plugins("exporter")}
    turtle.load()(kg, tmp_path / "graph.ttl")
    parsed = Graph().parse(tmp_path / "graph.ttl")
    assert isomorphic(parsed, graph_to_rdf(kg))


def test_html_registered_and_written_by_build() -> None:
    assert registry.get("exporter", "html") in registry.plugins("exporter", on_build=True)
    assert not registry.get("exporter", "graphml").meta["on_build"]


def test_neo4j_csv_registered() -> None:
    assert registry.get("exporter", "neo4j-csv").load() is write_neo4j_csv
