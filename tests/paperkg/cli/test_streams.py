"""paperkg/cli/streams.py: ``-`` as standard input (a graph.json, RDF) and standard output (one file)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kg.errors import GraphFormatError, UsageError
from kg.graph import KnowledgeGraph
from kg.graphjson import graph_to_dict, write_graph_json
from paperkg.cli.streams import is_dash, output_file, rdf_input, read_graph, refuse_dash


@pytest.fixture
def graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node("dataset:coco", "Dataset", name="COCO")
    return kg


def test_read_graph_from_a_file_or_standard_input(graph, tmp_path, feed_stdin) -> None:
    write_graph_json(graph, tmp_path / "graph.json")
    assert read_graph(tmp_path).node("dataset:coco").name == "COCO"
    feed_stdin((tmp_path / "graph.json").read_bytes())
    assert graph_to_dict(read_graph("-"))["nodes"] == graph_to_dict(graph)["nodes"]


def test_bad_json_on_standard_input_is_named_stdin(feed_stdin) -> None:
    feed_stdin(b'{"format": "paperkg-graph",\n oops}')
    with pytest.raises(GraphFormatError, match=r"<stdin>:2: not valid JSON"):
        read_graph("-")
    feed_stdin(b'{"nodes": []}')
    with pytest.raises(GraphFormatError, match=r"<stdin>: not a paperkg graph.json"):
        read_graph("-")


@pytest.mark.parametrize(("data", "suffix"), [
    (b'@prefix schema: <https://schema.org/> .', ".ttl"),
    (b'<https://x.org/a> <https://x.org/b> "c" .', ".ttl"),
    (b'  {"format": "paperkg-graph", "version": 1}', ".json"),
    (b'{"@context": {}, "@graph": []}', ".jsonld"),
    (b'<?xml version="1.0"?><rdf:RDF/>', ".rdf"),
])
def test_rdf_on_standard_input_is_saved_with_a_suffix_that_says_its_syntax(feed_stdin, data, suffix) -> None:
    feed_stdin(data)
    with rdf_input(Path("-"), None) as path:
        assert path.suffix == suffix and path.read_bytes() == data
    assert not path.exists()


def test_a_file_is_used_as_it_is(tmp_path) -> None:
    with rdf_input(tmp_path / "g.ttl", None) as path:
        assert path == tmp_path / "g.ttl"


def test_output_file_copies_to_standard_output_once_written(monkeypatch, tmp_path) -> None:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    with output_file(Path("-"), ".ttl") as target:
        assert target.suffix == ".ttl"
        target.write_text("<a> <b> <c> .\n", encoding="utf-8")
    assert stdout.buffer.getvalue() == b"<a> <b> <c> .\n"
    with output_file(tmp_path / "x.ttl") as target:
        assert target == tmp_path / "x.ttl"


def test_nothing_reaches_standard_output_when_the_writer_fails(monkeypatch) -> None:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(RuntimeError):
        with output_file(Path("-")) as target:
            target.write_text("half", encoding="utf-8")
            raise RuntimeError("writer failed")
    assert stdout.buffer.getvalue() == b""


def test_refuse_dash() -> None:
    refuse_dash(Path("out"), "--out", "writes a directory")
    with pytest.raises(UsageError, match="--out -: writes a directory; give a path"):
        refuse_dash(Path("-"), "--out", "writes a directory")
    assert is_dash("-") and is_dash(Path("-")) and not is_dash(None) and not is_dash("x-")
