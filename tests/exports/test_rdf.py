"""exports/rdf.py: graph_to_rdf, the writers of every RDF format (round trips), the base IRI, JSON-LD context."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from exports.rdf import graph_to_rdf, iter_triples, load_context, write_rdf
from exports.rdf_formats import get_format, rdf_formats
from exports.rdf_shacl import validate_rdf
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json, write_graph_json

def test_iter_triples_streams_the_same_graph(sample_kg: KnowledgeGraph, sample_rdf: Graph) -> None:
    triples = list(iter_triples(sample_kg))
    assert len(set(triples)) == len(sample_rdf)
    assert all(t in sample_rdf for t in triples)


@pytest.mark.parametrize("base", ["example.org/kg/", "urn:uuid:1", "https://exa mple.org/", "https://x.org/?q=1"])
def test_bad_base_is_refused(sample_kg: KnowledgeGraph, base: str, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="base IRI"):
        write_rdf(sample_kg, tmp_path / "g.ttl", base=base)
    assert not (tmp_path / "g.ttl").exists()


@pytest.mark.parametrize("name", sorted(rdf_formats()))
def test_round_trip_every_format(sample_kg: KnowledgeGraph, sample_rdf: Graph, name: str, tmp_path: Path) -> None:
    fmt = get_format(name)
    path = tmp_path / f"graph{fmt.suffix}"
    assert write_rdf(sample_kg, path, name) == fmt
    parsed = Graph().parse(path, format=fmt.rdflib_name)
    assert len(parsed) == len(sample_rdf)
    assert isomorphic(parsed, sample_rdf)
    report = validate_rdf(parsed)
    assert report.conforms, report.text


def test_jsonld_uses_the_shipped_context(sample_kg: KnowledgeGraph, tmp_path: Path) -> None:
    import json

    path = tmp_path / "g.jsonld"
    write_rdf(sample_kg, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == load_context()["@context"]
    assert any(node.get("@type") == "schema:ScholarlyArticle" for node in data["@graph"])


def test_graph_json_round_trip_gives_the_same_rdf(sample_kg: KnowledgeGraph, sample_rdf: Graph, tmp_path: Path) -> None:
    write_graph_json(sample_kg, tmp_path / "graph.json")
    assert isomorphic(graph_to_rdf(read_graph_json(tmp_path / "graph.json")), sample_rdf)


def test_empty_graph_exports_and_validates(tmp_path: Path) -> None:
    for name in rdf_formats():
        path = tmp_path / f"empty{get_format(name).suffix}"
        write_rdf(KnowledgeGraph(), path)
        assert len(Graph().parse(path, format=get_format(name).rdflib_name)) == 0
