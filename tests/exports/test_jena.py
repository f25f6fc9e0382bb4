"""Apache Jena (5.6, Java 17, Maven Central) as a second RDF engine for what paperkg writes.

Jena's parsers read every serialisation ``kg export rdf`` writes (both Turtle writers included)
and count the same triples as rdflib; Jena's SHACL validator (``jena-shacl``) run with the shipped
shapes (``exports/shapes.ttl``, SHACL Core, and ``shapes-sparql.ttl``, SHACL-SPARQL) agrees with
pyshacl on the corpus export and on deliberately broken graphs: on conformance and on the focus
nodes of the violations. All of Jena's work for a test
module happens in one JVM start (``paperkg.JenaCheck`` in ``tests/jena``). Marker ``java``: skipped,
with the reason, where Java 17+ or Maven is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Namespace
from typer.testing import CliRunner

from exports.rdf import graph_to_rdf
from exports.rdf_formats import get_format
from exports.rdf_shacl import SHAPES_FILES, validate_rdf
from paperkg.cli import app
from tests.conftest import REPO
from tests.exports.rdf_sample import sample_graph
from tests.exports.rdf_sample import BREAKAGES
from tests.jvm import jena

pytestmark = pytest.mark.java

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = [REPO / "exports" / name for name in SHAPES_FILES]
#: kg export rdf's formats and Jena's names for them; Turtle twice, once per writer
EXPORTS = [("ttl", "turtle", ["--engine", "rdflib"]), ("oxigraph.ttl", "turtle", ["--engine", "oxigraph"]),
           ("nt", "ntriples", []), ("jsonld", "jsonld", []), ("rdf", "rdfxml", [])]


@pytest.fixture(scope="module")
def serialisations(corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    """The corpus graph and the RDF sample graph (hostile literals), in every format, via `kg export rdf`."""
    pytest.importorskip("pyoxigraph")
    tmp = tmp_path_factory.mktemp("rdf")
    from kg.graphjson import write_graph_json

    write_graph_json(sample_graph(), tmp / "sample.json")
    files = []
    for graph in (corpus_out / "graph.json", tmp / "sample.json"):
        for suffix, lang, options in EXPORTS:
            out = tmp / f"{graph.stem}.{suffix}"
            fmt = suffix.rsplit(".", 1)[-1]
            result = CliRunner().invoke(app, ["export", "rdf", str(graph), "-o", str(out), "--format", fmt, *options])
            assert result.exit_code == 0, result.output
            files.append((out, lang))
    return files


def test_jena_reads_every_serialisation_with_rdflibs_triple_count(serialisations: list[tuple[Path, str]]) -> None:
    answers = jena([("count", lang, path) for path, lang in serialisations])
    for (path, lang), answer in zip(serialisations, answers):
        fmt = get_format(path.suffix.lstrip(".")).rdflib_name
        assert answer.error is None, f"Jena cannot read {path.name}: {answer.error}"
        assert answer.count == len(Graph().parse(path, format=fmt)), path.name
    corpus = [a.count for (p, _), a in zip(serialisations, answers) if p.stem.startswith("graph")]
    assert len(set(corpus)) == 1 and corpus[0] > 10_000  # every format, the same corpus graph


# --------------------------------------------------------------------- SHACL
def _broken(name: str) -> Graph:
    g = graph_to_rdf(sample_graph())
    BREAKAGES[name][0](g)
    return g


def _all_broken() -> Graph:
    g = graph_to_rdf(sample_graph())
    order = sorted(BREAKAGES, key=lambda name: name == "relationship without evidence")  # it drops the statement
    for name in order:                                                                     # the others look up
        BREAKAGES[name][0](g)
    return g


CASES = {f"broken: {name}": (lambda name=name: _broken(name)) for name in sorted(BREAKAGES)}
CASES["broken: all at once"] = _all_broken
CASES["sample export"] = lambda: graph_to_rdf(sample_graph())


def pyshacl_view(g: Graph) -> tuple[bool, set[str], set[tuple[str, str]]]:
    report = validate_rdf(g)
    results = list(report.graph.subjects(predicate=SH.focusNode))
    focus = {f"<{report.graph.value(r, SH.focusNode)}>" for r in results}
    components = {(f"<{report.graph.value(r, SH.focusNode)}>", f"<{report.graph.value(r, SH.sourceConstraintComponent)}>")
                  for r in results}
    return report.conforms, focus, components


@pytest.fixture(scope="module")
def shacl_runs(corpus_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Any]]:
    """Per case: (pyshacl's view, Jena's answer); Jena validates every case in one JVM start."""
    tmp = tmp_path_factory.mktemp("shacl")
    graphs: dict[str, Graph] = {name: make() for name, make in CASES.items()}
    graphs["corpus export"] = Graph().parse(corpus_out / "graph.ttl", format="turtle")
    paths = {}
    for i, (name, g) in enumerate(graphs.items()):
        paths[name] = tmp / f"case{i}.nt"
        g.serialize(paths[name], format="nt", encoding="utf-8")
    shapes = tmp / "shapes.ttl"  # JenaCheck reads one shapes file: both, one after the other
    shapes.write_text("\n".join(path.read_text(encoding="utf-8") for path in SHAPES), encoding="utf-8")
    answers = jena([("shacl", shapes, paths[name]) for name in graphs])
    return {name: (pyshacl_view(g), answer) for (name, g), answer in zip(graphs.items(), answers)}


@pytest.mark.parametrize("case", [*CASES, "corpus export"])
def test_jena_shacl_agrees_with_pyshacl(shacl_runs: dict[str, tuple[Any, Any]], case: str) -> None:
    (conforms, focus, components), answer = shacl_runs[case]
    assert answer.error is None, answer.error
    assert answer.conforms == conforms
    assert {r["focus"] for r in answer.results} == focus
    assert {(r["focus"], r["component"]) for r in answer.results} == components
    if case.startswith("broken"):
        assert not conforms and focus
    else:
        assert conforms and not focus


def test_jena_runs_the_statement_checks(shacl_runs: dict[str, tuple[Any, Any]]) -> None:
    """The SHACL-SPARQL join (shapes-sparql.ttl) and Core's asserted-statement check report in Jena too."""
    for case, message in (("broken: relationship without evidence", "has no rdf:Statement with evidence"),
                          ("broken: statement about a missing triple", "describes a triple that is not in the graph")):
        _, answer = shacl_runs[case]
        assert any(message in r["message"] for r in answer.results), answer.results
