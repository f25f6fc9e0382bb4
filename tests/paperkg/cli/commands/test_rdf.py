"""`kg export rdf`, `kg sparql` and `kg validate` (paperkg/cli/commands/rdf.py) through the Typer runner."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from exports.rdf import graph_to_rdf, write_rdf
from exports.rdf_query import example_queries
from exports.rdf_formats import get_format
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import DCTERMS
from paperkg.cli import app
from kg.graphjson import read_graph_json, write_graph_json
from tests.exports.rdf_sample import EXPECTED, drop_statement, needs_oxigraph, sample_graph

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


@pytest.mark.parametrize(("args", "message", "code"), [
    (["-o", "{tmp}/graph.txt"], "cannot tell the RDF format", 2),  # usage errors: wrong or missing --format
    (["-o", "{tmp}/graph.ttl", "--format", "yaml"], "unknown RDF format 'yaml'", 2),
    (["-o", "{tmp}/graph.ttl", "--base", "not an iri"], "base IRI", 1),
    (["-o", "{tmp}/graph.ttl", "--engine", "jena"], "'jena' is not one of 'auto', 'rdflib', 'oxigraph'", 2),
])
def test_errors_are_one_line_and_write_nothing(graph_json: Path, tmp_path: Path, args: list[str],
                                               message: str, code: int) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    result = runner.invoke(app, ["export", "rdf", str(graph_json), *args])
    assert result.exit_code == code
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


# ------------------------------------------------------------------ kg sparql
@pytest.fixture(scope="module")
def ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sparql") / "graph.ttl"
    write_rdf(sample_graph(), path)
    return path


def test_cli_table(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "coco-papers-with-code"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "A ConvNet for the 2020s" in result.output
    assert "https://github.com/sense-x/co-detr" in result.output
    assert "2 row(s)" in result.output


def test_cli_csv(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "datasets-co-used", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["dataset", "otherDataset", "papers"]
    assert [tuple(r) for r in rows[1:]] == EXPECTED["datasets-co-used"]


@needs_oxigraph
def test_cli_oxigraph_engine(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "datasets-co-used", "-f", "csv", "--engine", "oxigraph"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [tuple(r) for r in rows[1:]] == EXPECTED["datasets-co-used"]


def test_cli_json_with_inline_query_and_predeclared_prefixes(ttl: Path) -> None:
    query = "SELECT ?name WHERE { ?d a schema:Dataset ; schema:name ?name } ORDER BY ?name"
    result = runner.invoke(app, ["sparql", str(ttl), query, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == \
        ["ADE20K", "CIFAR-100", "COCO", "ImageNet", "LVIS"]


def test_cli_ask(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "ASK { ?x pkg:proposes ?m }"])
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_cli_list() -> None:
    result = runner.invoke(app, ["sparql", "--list"])
    assert result.exit_code == 0
    for name, example in example_queries().items():
        assert f"{name}: {example.title}" in result.output


def test_cli_errors(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "SELECT ?x WHERE {"])
    assert result.exit_code == 1 and "SPARQL syntax error" in result.output
    result = runner.invoke(app, ["sparql", str(ttl), "SELECT * WHERE { ?s ?p ?o }", "--format", "yaml"])
    assert result.exit_code == 2 and "'yaml' is not one of 'table', 'csv', 'json'" in result.output
    result = runner.invoke(app, ["sparql", str(ttl)])
    assert result.exit_code == 2 and "give a FILE and a QUERY" in result.output


def test_cli_markup_in_data_is_printed_verbatim(tmp_path: Path) -> None:
    from kg.graph import KnowledgeGraph
    from kg.model import Paper, PaperFragment

    kg = KnowledgeGraph()
    kg.add_fragment(PaperFragment(Paper(id="title:x", title="[bold red]not markup[/] <b>", abstract="")))
    path = tmp_path / "g.nt"
    write_rdf(kg, path)
    result = runner.invoke(app, ["sparql", str(path), "SELECT ?t WHERE { ?p dcterms:title ?t }"])
    assert "[bold red]not markup[/] <b>" in result.output


@pytest.mark.parametrize("command, option", [
    (["sparql", "{src}", "SELECT * WHERE { ?s ?p ?o }"], "--rdf-format"),  # its --format is the output's
    (["sparql", "{src}", "SELECT * WHERE { ?s ?p ?o }", "--engine", "oxigraph"], "--rdf-format"),
    (["validate", "{src}"], "--rdf-format"),  # an input syntax, like sparql's: --format is always an output's
])
def test_an_unknown_suffix_names_the_commands_own_format_flag(tmp_path, command, option):
    from paperkg.cli import app

    if "oxigraph" in command and importlib.util.find_spec("pyoxigraph") is None:
        pytest.skip("pyoxigraph (the 'fast' extra) is not installed")
    src = tmp_path / "graph.xyz"
    src.write_text("")
    result = CliRunner().invoke(app, [a.replace("{src}", str(src)) for a in command])
    assert result.exit_code == 1
    assert f"cannot tell the RDF format from the suffix; pass {option} (" in result.output


def test_validate_takes_the_old_format_spelling_as_a_hidden_alias(tmp_path: Path) -> None:
    path = tmp_path / "graph.xyz"
    write_rdf(sample_graph(), path, "ntriples")
    for args in (["--rdf-format", "nt"], ["--format", "nt"], ["-f", "nt"]):
        result = runner.invoke(app, ["validate", str(path), *args])
        assert result.exit_code == 0 and "conforms" in result.output, (args, result.output)
    assert "--format" not in runner.invoke(app, ["validate", "--help"]).output.replace("--rdf-format", "")


# ---------------------------------------------------------------- kg validate
def test_cli_validate_conforming_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_rdf(sample_graph(), path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: conforms to the paperkg SHACL shapes ({len(Graph().parse(path))} triples)\n"


def test_cli_validate_graph_json(tmp_path: Path) -> None:
    write_graph_json(sample_graph(), tmp_path / "graph.json")
    result = runner.invoke(app, ["validate", str(tmp_path / "graph.json")])
    assert result.exit_code == 0, result.output


def test_cli_validate_broken_file_exits_non_zero(tmp_path: Path) -> None:
    g = graph_to_rdf(sample_graph())
    drop_statement(g)
    path = tmp_path / "broken.nt"
    g.serialize(path, format="nt")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Conforms:" not in result.output and "Validation Report" not in result.output  # one report: ours
    violations = [line for line in result.stdout.splitlines() if line.startswith("Violation: ")]
    assert any("has no rdf:Statement with evidence" in line for line in violations)
    assert all(line.endswith("ConstraintComponent)") for line in violations)
    assert result.stderr.strip() == f"{path}: {len(violations)} SHACL violation(s)"


def test_cli_validate_with_custom_shapes(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_rdf(sample_graph(), path)
    shapes = tmp_path / "strict.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:x:S> a sh:NodeShape ; sh:targetClass schema:ScholarlyArticle ;
    sh:property [ sh:path schema:author ; sh:minCount 1 ] .
""", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(shapes)])
    assert result.exit_code == 1  # two of the four sample papers list no authors
    assert "MinCountConstraintComponent" in result.output


def test_cli_validate_missing_and_unparsable_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1 and "no such file" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1 and "bad.ttl: not valid turtle" in result.output


# ------------------------------------------------------- issue 17: streams, progress, usage errors
def test_export_rdf_to_standard_output(graph_json: Path) -> None:
    turtle = runner.invoke(app, ["export", "rdf", "-", "-o", "-"], input=graph_json.read_bytes())
    assert turtle.exit_code == 0, turtle.output
    assert isomorphic(Graph().parse(data=turtle.stdout, format="turtle"), graph_to_rdf(read_graph_json(graph_json)))
    assert turtle.stderr.strip() == "wrote turtle (text/turtle): standard output"
    nt = runner.invoke(app, ["export", "rdf", str(graph_json), "-o", "-", "--format", "nt"])
    assert nt.exit_code == 0 and isomorphic(Graph().parse(data=nt.stdout, format="nt"),
                                            graph_to_rdf(read_graph_json(graph_json)))


def test_export_rdf_names_its_phases(graph_json: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkg.cli.progress.PLAIN_INTERVAL", 0)
    result = runner.invoke(app, ["export", "rdf", str(graph_json), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.endswith(" ...")] == \
        [f"reading {graph_json} ...", "writing g.ttl ..."]


def test_sparql_and_validate_read_standard_input(ttl: Path) -> None:
    query = runner.invoke(app, ["sparql", "-", "datasets-co-used", "-f", "csv"], input=ttl.read_bytes())
    assert query.exit_code == 0, query.output
    assert [tuple(r) for r in list(csv.reader(io.StringIO(query.stdout)))[1:]] == EXPECTED["datasets-co-used"]
    valid = runner.invoke(app, ["validate", "-"], input=ttl.read_bytes())
    assert valid.exit_code == 0 and valid.stdout.startswith("<stdin>: conforms"), valid.output
    bad = runner.invoke(app, ["validate", "-"], input=b"this is not turtle <")
    assert bad.exit_code == 1 and "<stdin>: not valid turtle" in bad.output and "kg-stdin" not in bad.output


def test_sparql_names_an_unknown_example(ttl: Path) -> None:
    result = runner.invoke(app, ["sparql", str(ttl), "no-such-example"])
    assert result.exit_code == 2 and "SPARQL syntax error" not in result.output
    assert "no example query 'no-such-example'; `kg sparql --list` shows them: coco-papers-with-code" in result.output
    close = runner.invoke(app, ["sparql", str(ttl), "imagenet-metric"])
    assert "(did you mean imagenet-metrics?)" in close.output


def test_validate_lines_spell_property_paths_and_stop_at_the_limit() -> None:
    from paperkg.cli.commands.rdf import shacl_report_lines

    data = Graph().parse(data="""@prefix ex: <https://example.org/> .
ex:a a ex:Thing . ex:b a ex:Thing . ex:c a ex:Thing .""", format="turtle")
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path [ sh:inversePath ex:cites ] ; sh:minCount 1 ] ;
    sh:property [ sh:path ( ex:hasPart ex:name ) ; sh:minCount 1 ] .""", format="turtle")
    report = validate_rdf(data, shapes)
    lines = shacl_report_lines(report.graph, data)
    assert len(lines) == 6 and all(line.startswith("Violation: ex:") for line in lines)  # the data's prefixes
    assert sum(" ^ex:cites: " in line for line in lines) == 3
    assert sum(" ex:hasPart/ex:name: " in line for line in lines) == 3
    assert shacl_report_lines(report.graph, data, limit=4)[-1] == "... and 2 more"


def _focus_and_component(output: str) -> list[tuple[str, str]]:
    """(focus and path, constraint component) of each printed violation: the messages differ by engine
    where the shapes give none (pyshacl writes its own, the SPARQL engine says 'fails its shape')."""
    lines = [line for line in output.splitlines() if line.startswith("Violation: ")]
    return sorted((line.split(": ")[1], line.rsplit("(", 1)[1]) for line in lines)


@needs_oxigraph
def test_cli_validate_engines_agree_on_a_broken_file(tmp_path: Path) -> None:
    g = graph_to_rdf(sample_graph())
    drop_statement(g)
    path = tmp_path / "broken.nt"
    g.serialize(path, format="nt")
    fast = runner.invoke(app, ["validate", str(path), "--engine", "oxigraph"])
    slow = runner.invoke(app, ["validate", str(path), "--engine", "rdflib"])
    assert fast.exit_code == slow.exit_code == 1
    assert _focus_and_component(fast.stdout) == _focus_and_component(slow.stdout)
    assert any("has no rdf:Statement with evidence" in line for line in fast.stdout.splitlines())
    assert fast.stderr == slow.stderr


@needs_oxigraph
def test_cli_validate_oxigraph_on_a_conforming_file_and_graph_json(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_rdf(sample_graph(), path)
    result = runner.invoke(app, ["validate", str(path), "--engine", "oxigraph"])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: conforms to the paperkg SHACL shapes ({len(Graph().parse(path))} triples)\n"
    write_graph_json(sample_graph(), tmp_path / "graph.json")
    assert runner.invoke(app, ["validate", str(tmp_path / "graph.json"), "--engine", "oxigraph"]).exit_code == 0


@needs_oxigraph
def test_cli_validate_oxigraph_refuses_shapes_it_cannot_compile(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    write_rdf(sample_graph(), path)
    shapes = tmp_path / "closed.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:x:S> a sh:NodeShape ; sh:targetClass schema:ScholarlyArticle ; sh:closed true .
""", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(shapes), "--engine", "oxigraph"])
    assert result.exit_code == 2 and "--engine rdflib" in result.output
