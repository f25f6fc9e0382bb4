"""exports/rdf_store.py: SPARQL over a pyoxigraph store gives the rdflib engine's answers and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import XSD, BNode, Graph, Literal

from exports.rdf import graph_to_rdf, write_rdf
from exports.rdf_fast import choose_engine
from exports.rdf_query import SparqlError, example_queries, run_sparql
from exports.rdf_store import big_file, load_store, query_store
from kg.errors import GraphFormatError
from kg.graphjson import write_graph_json
from tests.exports.rdf_sample import needs_oxigraph, sample_graph


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return graph_to_rdf(sample_graph())


@needs_oxigraph
@pytest.mark.parametrize("name", sorted(example_queries()))
def test_oxigraph_engine_gives_the_same_answers(rdf: Graph, name: str, tmp_path: Path) -> None:
    write_graph_json(sample_graph(), tmp_path / "graph.json")
    write_rdf(sample_graph(), tmp_path / "graph.nt")
    expected = run_sparql(rdf, example_queries()[name].text).rows
    for source in (tmp_path / "graph.json", tmp_path / "graph.nt"):
        rows = query_store(load_store(source), example_queries()[name].text).rows
        if name == "methods-per-task":  # GROUP_CONCAT order is up to the engine
            rows, expected = [r[:2] for r in rows], [r[:2] for r in expected]
        assert rows == expected


@needs_oxigraph
def test_oxigraph_engine_errors(tmp_path: Path) -> None:
    write_rdf(sample_graph(), tmp_path / "graph.ttl")
    store = load_store(tmp_path / "graph.ttl")
    with pytest.raises(SparqlError, match="SPARQL syntax error"):
        query_store(store, "SELECT ?x WHERE {")
    assert query_store(store, "ASK { ?x pkg:proposes ?m }").boolean is True
    assert len(query_store(store, "CONSTRUCT { ?p schema:name ?t } WHERE { ?p dcterms:title ?t }").graph) == 4
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphFormatError, match="bad.nt: not valid ntriples"):
        load_store(bad)
    with pytest.raises(GraphFormatError, match="no such file"):
        load_store(tmp_path / "missing.ttl")
    assert not big_file(tmp_path / "graph.ttl")  # small file: rdflib under --engine auto
    assert choose_engine("auto", big=big_file(tmp_path / "graph.ttl")) == "rdflib"


@needs_oxigraph
def test_terms_come_back_as_rdflib_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.ttl"
    path.write_text('@prefix ex: <https://example.org/> .\n'
                    'ex:a ex:label "chat"@fr , "plain" , "3"^^<http://www.w3.org/2001/XMLSchema#integer> ;\n'
                    '     ex:link _:b .\n', encoding="utf-8")
    result = query_store(load_store(path), "SELECT ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)")
    terms = {str(row[0]): row[0] for row in result.rows}
    assert terms["chat"] == Literal("chat", lang="fr")
    assert terms["plain"] == Literal("plain") and terms["plain"].datatype is None  # xsd:string reads as plain
    assert terms["3"] == Literal("3", datatype=XSD.integer)
    assert isinstance(next(t for t in terms.values() if not isinstance(t, Literal)), BNode)
    assert result.variables == ["o"] and len(result.raw.bindings) == 4


@needs_oxigraph
def test_a_file_without_a_suffix_is_turtle_unless_told(tmp_path: Path) -> None:
    write_rdf(sample_graph(), tmp_path / "graph.nt")
    bare = tmp_path / "graph"
    bare.write_bytes((tmp_path / "graph.nt").read_bytes())
    assert query_store(load_store(bare, "nt"), "ASK { ?p dcterms:title ?t }").boolean is True
    assert query_store(load_store(bare), "ASK { ?p dcterms:title ?t }").boolean is True  # N-Triples is Turtle


def test_big_file_is_about_rdf_files_over_the_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("exports.rdf_store.AUTO_BYTES", 100)
    small, big, graph_json = tmp_path / "s.ttl", tmp_path / "b.nt", tmp_path / "graph.json"
    small.write_text("x" * 99, encoding="utf-8")
    big.write_text("x" * 100, encoding="utf-8")
    graph_json.write_text("x" * 1000, encoding="utf-8")
    assert (big_file(small), big_file(big), big_file(graph_json), big_file(tmp_path)) == (False, True, False, False)
