"""N-Triples streamed from the graph store: the triples of the in-memory export of the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from exports.rdf_fast import write_ntriples_stream
from exports.rdf_stream import write_store_ntriples, write_store_turtle
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
    assert write_store_ntriples(store, tmp_path / "store.nt") == "written"
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


def _split(kg: KnowledgeGraph, k: int) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The first *k* papers' part of *kg* and the rest (entities in both, as two builds would make them)."""
    from kg.graphjson import graph_from_dict, graph_to_dict

    data = graph_to_dict(kg)
    papers = sorted(n["id"] for n in data["nodes"] if n["label"] == "Paper")
    first = set(papers[:k])
    parts = []
    for keep in (lambda p: p in first, lambda p: p not in first):
        owned = {n["id"] for n in data["nodes"] if n["label"] in ("Paper", "Result")
                 and keep(n["id"] if n["label"] == "Paper" else n["paper"])}
        edges = [e for e in data["edges"] if e["source"] in owned]
        used = owned | {e["target"] for e in edges}
        parts.append(graph_from_dict({**data, "nodes": [n for n in data["nodes"] if n["id"] in used],
                                      "edges": edges}))
    return parts[0], parts[1]


def test_an_update_appends_the_new_papers_and_equals_a_full_write(tmp_path):
    kg = make_graph(n_extra=4)
    old, new = _split(kg, 2)
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(old)
    store.commit()
    assert write_store_ntriples(store, tmp_path / "graph.nt") == "written"
    store.commit()  # the file's state is recorded with the papers
    papers_end = store.get_meta("output:ntriples:graph.nt")["tail"]
    store.close()
    first = (tmp_path / "graph.nt").read_bytes()
    store = GraphStore(tmp_path / "graph.store")  # the next build reopens it
    store.add_graph(new)
    store.commit()
    assert write_store_ntriples(store, tmp_path / "graph.nt", append=True) == "appended"
    assert write_store_ntriples(store, tmp_path / "full.nt") == "written"
    grown = _lines(tmp_path / "graph.nt")
    assert sorted(grown) == sorted(_lines(tmp_path / "full.nt"))
    assert 0 < papers_end < len(first)
    assert (tmp_path / "graph.nt").read_bytes()[:papers_end] == first[:papers_end]  # old papers' lines untouched


def test_an_append_cut_short_is_detected_and_the_file_rewritten(tmp_path):
    old, new = _split(make_graph(n_extra=4), 2)
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(old)
    store.commit()
    write_store_ntriples(store, tmp_path / "graph.nt")
    store.add_graph(new)
    store.commit()
    with open(tmp_path / "graph.nt", "ab") as fh:  # as a crash half-way through an append leaves it
        fh.write(b"<urn:x> <urn:y> ")
    assert write_store_ntriples(store, tmp_path / "graph.nt", append=True) == "written"
    write_store_ntriples(store, tmp_path / "full.nt")
    assert (tmp_path / "graph.nt").read_bytes() == (tmp_path / "full.nt").read_bytes()
    assert write_store_ntriples(store, tmp_path / "graph.nt", append=True) == "unchanged"


# ------------------------------------------------------------------ Turtle
def _graph(path: Path) -> set:
    return set(Graph().parse(path, format="turtle"))


def _turtles(kg: KnowledgeGraph, tmp_path: Path) -> tuple[set, set]:
    """The triples of the in-memory Turtle of *kg* and of the Turtle streamed from a store of it."""
    from exports.rdf import write_turtle

    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(kg)
    store.commit()
    write_turtle(kg, tmp_path / "memory.ttl", engine="rdflib")
    assert write_store_turtle(store, tmp_path / "store.ttl") == "written"
    return _graph(tmp_path / "memory.ttl"), _graph(tmp_path / "store.ttl")


def test_turtle_parses_to_the_in_memory_turtle_graph(tmp_path):
    memory, stored = _turtles(make_graph(n_extra=3), tmp_path)
    assert stored == memory
    text = (tmp_path / "store.ttl").read_text(encoding="utf-8")
    assert text.count("@prefix pkg:") == 1 and "@base" not in text


def test_turtle_parses_strictly_with_pyoxigraph(tmp_path):
    import pyoxigraph as ox

    _, stored = _turtles(make_graph(n_extra=1), tmp_path)
    with open(tmp_path / "store.ttl", "rb") as fh:
        assert {str(t) for t in ox.parse(fh, format=ox.RdfFormat.TURTLE)} == \
            {str(t) for t in ox.parse((tmp_path / "memory.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)}


@pytest.mark.slow
def test_turtle_parses_to_the_in_memory_graph_on_the_examples(tmp_path):
    from paperkg.build import build_graph
    from tests.conftest import REPO

    kg, _ = build_graph([REPO / "examples"])
    memory, stored = _turtles(kg, tmp_path)
    assert stored == memory


def test_a_turtle_update_appends_the_new_papers_and_parses_to_a_full_write(tmp_path):
    old, new = _split(make_graph(n_extra=4), 2)
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(old)
    store.commit()
    assert write_store_turtle(store, tmp_path / "graph.ttl") == "written"
    store.commit()
    papers_end = store.get_meta("output:turtle:graph.ttl")["tail"]
    store.close()
    first = (tmp_path / "graph.ttl").read_bytes()
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(new)
    store.commit()
    assert write_store_turtle(store, tmp_path / "graph.ttl", append=True) == "appended"
    assert write_store_turtle(store, tmp_path / "full.ttl") == "written"
    assert _graph(tmp_path / "graph.ttl") == _graph(tmp_path / "full.ttl")
    assert 0 < papers_end < len(first)
    grown = (tmp_path / "graph.ttl").read_bytes()
    assert grown[:papers_end] == first[:papers_end] and grown.count(b"@prefix pkg:") == 1
    assert write_store_turtle(store, tmp_path / "graph.ttl", append=True) == "unchanged"
    with open(tmp_path / "graph.ttl", "ab") as fh:  # as a crash half-way through an append leaves it
        fh.write(b"<urn:x> <urn:y> ")
    assert write_store_turtle(store, tmp_path / "graph.ttl", append=True) == "written"
    assert (tmp_path / "graph.ttl").read_bytes() == (tmp_path / "full.ttl").read_bytes()


def test_entity_views_cover_the_entities_in_chunks(tmp_path):
    from exports.rdf_stream import entity_view, entity_views

    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(make_graph(n_extra=2))
    views = list(entity_views(store, size=2))
    assert [len(list(v.nodes())) for v in views[:-1]] == [2] * (len(views) - 1) and len(views) > 2
    assert [n.id for v in views for n in v.nodes()] == [n.id for n in entity_view(store).nodes()]
