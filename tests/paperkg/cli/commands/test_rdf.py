"""`kg export rdf` and the Turtle file `kg build` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from exports.rdf import graph_to_rdf
from exports.rdf_formats import get_format
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import DCTERMS, SDO
from paperkg.cli import app
from kg.graphjson import read_graph_json, write_graph_json
from tests.exports.rdf_sample import sample_graph

runner = CliRunner()


@pytest.fixture
def graph_json(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "graph.json"
    write_graph_json(sample_graph(), path)
    return path


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", "turtle"), (".nt", "ntriples"), (".jsonld", "jsonld"),
                                             (".rdf", "rdfxml")])
def test_format_from_suffix(graph_json: Path, tmp_path: Path, suffix: str, fmt: str) -> None:
    out = tmp_path / f"graph{suffix}"
    result = runner.invoke(app, ["export", "rdf", str(graph_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {fmt}" in result.output and str(out) in result.output
    parsed = Graph().parse(out, format=get_format(fmt).rdflib_name)
    assert isomorphic(parsed, graph_to_rdf(read_graph_json(graph_json)))
    assert validate_rdf(parsed).conforms


def test_explicit_format_and_base(graph_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.data"
    result = runner.invoke(app, ["export", "rdf", str(graph_json.parent), "-o", str(out), "--format", "nt",
                                 "--base", "https://example.org/kg"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="nt")
    papers = {str(p) for p in g.subjects(DCTERMS.title, None)}
    assert "https://example.org/kg/arxiv/2211.12860" in papers
    assert all(p.startswith("https://example.org/kg/") for p in papers)
    assert validate_rdf(g).conforms


def test_engine_option(graph_json: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyoxigraph")
    out = tmp_path / "graph.ttl"
    result = runner.invoke(app, ["export", "rdf", str(graph_json), "-o", str(out), "--engine", "oxigraph"])
    assert result.exit_code == 0, result.output
    assert isomorphic(Graph().parse(out), graph_to_rdf(read_graph_json(graph_json)))


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{tmp}/graph.txt"], "cannot tell the RDF format"),
    (["-o", "{tmp}/graph.ttl", "--format", "yaml"], "unknown RDF format 'yaml'"),
    (["-o", "{tmp}/graph.ttl", "--base", "not an iri"], "base IRI"),
    (["-o", "{tmp}/graph.ttl", "--engine", "jena"], "unknown RDF engine"),
])
def test_errors_are_one_line_and_write_nothing(graph_json: Path, tmp_path: Path, args: list[str],
                                               message: str) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["export", "rdf", str(graph_json), *args])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not Path(args[1]).exists()


def test_missing_graph(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "rdf", str(tmp_path / "nope.json"), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1 and "kg build" in result.output


def test_help_lists_the_formats() -> None:
    result = runner.invoke(app, ["export", "rdf", "--help"])
    assert result.exit_code == 0
    for word in ("turtle", "ntriples", "jsonld", "rdfxml", "--base"):
        assert word in result.output


def test_kg_build_writes_valid_turtle(tmp_path: Path) -> None:
    papers = tmp_path / "papers.jsonl"
    records = [
        {"id": "p1", "title": "Co-DETR: \"hybrid\" <assignments> }", "arxiv_id": "2211.12860",
         "abstract": "We propose Co-DETR for object detection and evaluate on COCO. "
                     "Code: https://github.com/Sense-X/Co-DETR"},
        {"id": "p2", "title": "Plain paper \u202e with emoji \U0001f600", "abstract": "Nothing to see here."},
    ]
    papers.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(papers), "-o", str(out), "--export", "turtle"])
    assert result.exit_code == 0, result.output
    ttl = out / "graph.ttl"
    assert f"wrote turtle: {ttl}" in result.output
    g = Graph().parse(ttl)
    assert isomorphic(g, graph_to_rdf(read_graph_json(out / "graph.json")))
    titles = {str(t) for t in g.objects(None, DCTERMS.title)}
    assert titles == {r["title"] for r in records}
    assert any(str(o).startswith("https://github.com/sense-x/co-detr") for o in g.objects(None, SDO.codeRepository))
    report = validate_rdf(g)
    assert report.conforms, report.text
