"""N-Triples streamed from the graph store: the triples of the in-memory export of the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from exports.rdf_fast import write_ntriples_stream
from exports.rdf_stream import write_store_ntriples
from kg.graph import KnowledgeGraph
from kg.store import GraphStore
from tests.exports.html_sample import make_graph


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8").split("\n")[:-1]  # not splitlines(): literals may hold U+2028


def _both(kg: KnowledgeGraph, tmp_path: Path) -> tuple[list[str], list[str]]:
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(kg)
    store.commit()
    write_ntriples_stream(kg, tmp_path / "memory.nt")
    n = write_store_ntriples(store, tmp_path / "store.nt")
    assert n == len(_lines(tmp_path / "store.nt"))
    return _lines(tmp_path / "memory.nt"), _lines(tmp_path / "store.nt")


def test_same_triples_as_the_in_memory_export(tmp_path):
    memory, stored = _both(make_graph(n_extra=3), tmp_path)
    assert set(stored) == set(memory)
    assert len(stored) >= len(memory)  # agents are stated once per paper


def test_the_file_parses_as_n_triples(tmp_path):
    _both(make_graph(), tmp_path)
    g = Graph().parse(tmp_path / "store.nt", format="nt")
    assert len(g) == len(set(_lines(tmp_path / "memory.nt")))


@pytest.mark.slow
def test_same_triples_on_the_examples(tmp_path):
    from paperkg.build import build_graph
    from tests.conftest import REPO

    kg, _ = build_graph([REPO / "examples"])
    memory, stored = _both(kg, tmp_path)
    assert set(stored) == set(memory)
