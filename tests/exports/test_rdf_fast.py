"""exports/rdf_fast.py: the streamed N-Triples writer and the pyoxigraph engine give the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import exports.rdf as rdf_module
import exports.rdf_fast as fast
from exports.rdf import graph_to_rdf, write_turtle
from exports.rdf_shacl import validate_rdf
from kg.errors import ExportError
from kg.graph import KnowledgeGraph

needs_oxigraph = pytest.mark.skipif(not fast.have_oxigraph(), reason="pyoxigraph (the 'fast' extra) not installed")


def test_stream_writes_every_triple_once(sample_kg: KnowledgeGraph, sample_rdf: Graph, tmp_path: Path) -> None:
    path = tmp_path / "g.nt"
    n = fast.write_ntriples_stream(sample_kg, path, base="https://example.org/kg/")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == len(set(lines)) == len(sample_rdf)
    parsed = Graph().parse(path, format="nt")
    assert isomorphic(parsed, graph_to_rdf(sample_kg, base="https://example.org/kg/"))


def test_ntriples_lines_escape_like_rdflib() -> None:
    s, p = URIRef("http://x/s"), URIRef("http://x/p")
    hostile = 'quote " backslash \\ newline \n return \r tab \t 😀 \u202e'
    line = next(fast.ntriples_lines([(s, p, Literal(hostile))]))
    assert line.count("\n") == 1 and line.endswith(" .\n")
    g = Graph().parse(data=line, format="nt")
    assert g.value(s, p) == Literal(hostile)


@needs_oxigraph
@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_oxigraph_engine_gives_the_same_graph(sample_kg: KnowledgeGraph, sample_rdf: Graph, fmt: str, tmp_path: Path) -> None:
    from exports.rdf_formats import get_format

    path = tmp_path / f"g{get_format(fmt).suffix}"
    fast.write_oxigraph(sample_kg, path, fmt)
    parsed = Graph().parse(path, format=get_format(fmt).rdflib_name)
    assert isomorphic(parsed, sample_rdf)
    assert validate_rdf(parsed).conforms
    assert fast.count_triples(path, fmt) == len(sample_rdf)


@needs_oxigraph
def test_engine_choice(sample_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fast.choose_engine("auto", big=fast.big_graph(sample_kg)) == "rdflib"
    assert fast.choose_engine("rdflib", big=True) == "rdflib"
    monkeypatch.setattr(fast, "AUTO_THRESHOLD", 10)
    assert fast.choose_engine("auto", big=fast.big_graph(sample_kg)) == "oxigraph"
    with pytest.raises(ExportError, match="unknown RDF engine"):
        fast.choose_engine("jena")
    monkeypatch.setattr(fast, "have_oxigraph", lambda: False)
    assert fast.choose_engine("auto", big=True) == "rdflib"
    with pytest.raises(ExportError, match=r"paperkg\[fast\]"):
        fast.choose_engine("oxigraph")


@needs_oxigraph
def test_turtle_auto_switches_engine_for_big_graphs(sample_kg: KnowledgeGraph, sample_rdf: Graph, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    used = []
    real = fast.write_oxigraph
    monkeypatch.setattr(fast, "AUTO_THRESHOLD", 10)
    monkeypatch.setattr(rdf_module, "write_oxigraph", lambda *a, **k: (used.append(a[2]), real(*a, **k)))
    write_turtle(sample_kg, tmp_path / "g.ttl")
    assert used == ["turtle"]
    assert isomorphic(Graph().parse(tmp_path / "g.ttl"), sample_rdf)


def test_count_triples_without_oxigraph(sample_kg: KnowledgeGraph, sample_rdf: Graph, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fast.write_ntriples_stream(sample_kg, tmp_path / "g.nt")
    monkeypatch.setattr(fast, "have_oxigraph", lambda: False)
    assert fast.count_triples(tmp_path / "g.nt") == len(sample_rdf)


def test_failed_stream_keeps_the_old_file(sample_kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.nt"
    path.write_text("old\n", encoding="utf-8")

    def broken(*_a, **_k):
        yield from fast.iter_triples(sample_kg)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(fast, "iter_triples", broken)
    with pytest.raises(RuntimeError):
        fast.write_ntriples_stream(sample_kg, path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]


@needs_oxigraph
def test_an_engine_asked_for_by_name(tmp_path: Path) -> None:
    assert fast.choose_engine("oxigraph") == "oxigraph"
    with pytest.raises(ExportError, match="unknown RDF engine"):
        fast.choose_engine("virtuoso")
