"""exports/rdf_query.py: the shipped SPARQL examples answer their questions over any export (rdflib engine)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from exports.rdf import graph_to_rdf, write_rdf
from exports.rdf_formats import rdf_formats
from exports.rdf_query import SparqlError, example_queries, load_rdf, resolve_query, run_sparql
from kg.errors import GraphFormatError, PluginError
from kg.graphjson import write_graph_json
from tests.conftest import REPO
from tests.exports.rdf_sample import EXPECTED, sample_graph


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return graph_to_rdf(sample_graph())


def answer(rdf: Graph, name: str) -> list[tuple[str, ...]]:
    result = run_sparql(rdf, example_queries()[name].text)
    assert result.kind == "SELECT"
    return [tuple("" if v is None else str(v) for v in row) for row in result.rows]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_answers(rdf: Graph, name: str) -> None:
    assert answer(rdf, name) == EXPECTED[name]


def test_methods_per_task(rdf: Graph) -> None:
    rows = answer(rdf, "methods-per-task")
    got = {task: (int(n), set(methods.split(" | "))) for task, n, methods in rows}
    assert got == {
        "object detection": (3, {"Co-DETR", "Mask R-CNN", "ConvNeXt"}),
        "image classification": (2, {"ViT", "ConvNeXt"}),
        "instance segmentation": (1, {"Mask R-CNN"}),
    }
    assert [r[0] for r in rows] == ["object detection", "image classification", "instance segmentation"]


def test_proposed_methods_evidence(rdf: Graph) -> None:
    rows = answer(rdf, "proposed-methods-evidence")
    assert {(r[1], r[4]) for r in rows} == {("Co-DETR", "proposed_methods"), ("ViT", "proposed_methods"),
                                            ("Mask R-CNN", "proposed_methods"), ("ConvNeXt", "proposed_methods"),
                                            ("ConvNeXt", "vocab_ruler")}
    vit = next(r for r in rows if r[1] == "ViT")
    assert vit[2] == "Vision Transformer (ViT)"
    assert vit[3].startswith("The Vision Transformer (ViT) attains 88.55% top-1 accuracy")
    assert vit[5] == "0.9"


def test_every_example_is_checked_and_documented() -> None:
    checked = set(EXPECTED) | {"methods-per-task", "proposed-methods-evidence"}
    assert set(example_queries()) == checked
    assert len(example_queries()) >= 4
    docs = (REPO / "docs" / "rdf.md").read_text(encoding="utf-8")
    for example in example_queries().values():
        body = "\n".join(line for line in example.text.splitlines() if not line.startswith("#")).strip()
        assert body in docs, f"docs/rdf.md does not show {example.name}.rq as shipped"


@pytest.mark.parametrize("fmt", sorted(rdf_formats()))
def test_examples_run_on_every_export_format(fmt: str, tmp_path: Path) -> None:
    from exports.rdf_formats import get_format

    path = tmp_path / f"graph{get_format(fmt).suffix}"
    write_rdf(sample_graph(), path)
    g = load_rdf(path)
    assert answer(g, "coco-papers-with-code") == EXPECTED["coco-papers-with-code"]


def test_load_graph_json_and_directory(tmp_path: Path) -> None:
    write_graph_json(sample_graph(), tmp_path / "graph.json")
    for source in (tmp_path / "graph.json", tmp_path):
        assert answer(load_rdf(source), "imagenet-metrics") == EXPECTED["imagenet-metrics"]


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(GraphFormatError, match="no such file"):
        load_rdf(tmp_path / "missing.ttl")
    odd = tmp_path / "graph.txt"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(PluginError, match="pass --rdf-format"):
        load_rdf(odd)


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT ?x WHERE { ?x ?y }", "SPARQL syntax error at line 1"),
    ("SELEKT * WHERE { ?s ?p ?o }", "SPARQL syntax error"),
    ("SELECT ?x WHERE { ?x nope:thing ?y }", "Unknown namespace prefix"),
])
def test_syntax_errors_are_clear(rdf: Graph, query: str, message: str) -> None:
    with pytest.raises(SparqlError, match=message):
        run_sparql(rdf, query)


def test_ask_and_construct(rdf: Graph) -> None:
    assert run_sparql(rdf, "ASK { ?d a schema:Dataset ; schema:name 'COCO' }").boolean is True
    result = run_sparql(rdf, "CONSTRUCT { ?p schema:name ?t } WHERE { ?p dcterms:title ?t }")
    assert result.kind == "CONSTRUCT" and len(result.graph) == 4


def test_resolve_query(tmp_path: Path) -> None:
    assert resolve_query("imagenet-metrics") == example_queries()["imagenet-metrics"].text
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(rq)) == "SELECT * WHERE { ?s ?p ?o }"
    assert resolve_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(SparqlError, match="cannot read"):
        resolve_query(str(tmp_path / "missing.rq"))
