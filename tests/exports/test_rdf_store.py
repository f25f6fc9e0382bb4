"""exports/rdf_store.py: SPARQL over a pyoxigraph store gives the rdflib engine's answers and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

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
