"""`kg build` and `kg stats` (paperkg/cli/commands/build.py) through the Typer runner: output and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from exports.rdf import graph_to_rdf
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import DCTERMS, SDO
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json, write_graph_json
from paperkg.cli import app
from tests.conftest import REPO
from tests.exports.html_sample import embedded_data

runner = CliRunner()


def test_build_prints_summary_warnings_and_writes_graph(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), str(fixtures / "papers.jsonl"),
                                 "-o", str(tmp_path), "--no-exports"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "6 records in 2 file(s); 5 added to the graph, 1 duplicate record(s) merged" in " ".join(out.split())
    assert "skipped" in out and "5 bad record(s)" in out
    assert "duplicate: 'SePiCo: Semantic-Guided" in out and "dump.txt:25 (first read at" in out
    assert f"{fixtures / 'papers.jsonl'}:3: invalid JSON" in out  # warning names file and line
    assert "HAS_CODE" in out and "Paper" in out
    assert (tmp_path / "graph.json").exists()


def test_build_quiet_hides_warnings_not_the_summary(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--no-exports", "-q"])
    assert result.exit_code == 0
    assert "papers.jsonl:3" not in result.output and "4 bad record(s)" in result.output


def test_build_strict_exits_non_zero_with_the_location(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "error:" in result.output and "papers.jsonl:3: invalid JSON" in result.output
    assert "Traceback" not in result.output


def test_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "nope.jsonl: no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_clear_error(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 1 and "unknown reader 'docx'; choose one of: hf-text" in result.output


def test_update_flag(fixtures, tmp_path):
    runner.invoke(app, ["build", str(fixtures / "dump.txt"), "-o", str(tmp_path), "--no-exports"])
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), "-o", str(tmp_path), "--no-exports",
                                 "--update"])
    assert result.exit_code == 0 and "2 already in the graph" in result.output


def test_stats(fixtures, tmp_path):
    runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--no-exports"])
    result = runner.invoke(app, ["stats", str(tmp_path / "graph.json")])
    assert result.exit_code == 0, result.output
    assert "top repositories" in result.output and "github.com/sense-x/co-detr" in result.output
    as_json = runner.invoke(app, ["stats", str(tmp_path), "--json"])
    data = json.loads(as_json.output)
    assert data["nodes"]["Paper"] == 3 and data["edges"]["HAS_CODE"] == 2


def test_stats_on_a_missing_graph(tmp_path):
    result = runner.invoke(app, ["stats", str(tmp_path / "graph.json")])
    assert result.exit_code == 1 and "run `kg build" in result.output


def test_build_help_lists_its_options():
    build_help = runner.invoke(app, ["build", "--help"])
    assert "--update" in build_help.output and "--strict" in build_help.output


def test_build_writes_the_html_view(fixtures: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(out), "--export", "html"])
    assert result.exit_code == 0, result.output
    assert f"wrote html: {out / 'graph.html'}" in result.output
    data = embedded_data((out / "graph.html").read_text(encoding="utf-8"))
    assert any(n["kind"] == "Paper" for n in data["nodes"])


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


def test_warnings_print_titles_literally(tmp_path):
    """A bad record's message quotes its title; Rich must not turn ':fire:' into an emoji or '[/]' into markup."""
    dump = tmp_path / "dump.txt"
    dump.write_text("Fire :fire: detection [/] [bold]title\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(dump), "-o", str(tmp_path / "out"), "--no-exports"])
    assert result.exit_code == 0, result.output
    assert f"warning: {dump}:1: title without an abstract at end of file: " \
           "'Fire :fire: detection [/] [bold]title' (skipped)" in result.output
    strict = runner.invoke(app, ["build", str(dump), "-o", str(tmp_path / "out"), "--strict"])
    assert strict.exit_code == 1 and "'Fire :fire: detection [/] [bold]title'\n" in strict.output


def test_stats_prints_names_from_the_data_literally(tmp_path):
    """Entity names come from paper text: '[/]' must not crash the table, '[bold red]' must not vanish."""
    kg = KnowledgeGraph()
    kg.add_node("title:a", "Paper", title="A", abstract="B.")
    for node_id, name in (("method:x", "[CLS] pooling :fire: [/]"), ("dataset:y", "[bold red]Y")):
        kg.add_node(node_id, "Method" if node_id.startswith("method") else "Dataset", name=name)
        kg.add_relation("title:a", node_id, "USES" if node_id.startswith("method") else "EVALUATES_ON")
    write_graph_json(kg, tmp_path / "graph.json")
    result = runner.invoke(app, ["stats", str(tmp_path / "graph.json")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "[CLS] pooling :fire: [/]" in result.output and "[bold red]Y" in result.output


def test_output_paths_are_printed_literally(fixtures, tmp_path):
    out = tmp_path / "[draft] run"
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(out), "--no-exports", "-q"])
    assert result.exit_code == 0, result.output
    assert f"wrote graph: {out / 'graph.json'}\n" in result.output


# ------------------------------------------------------------------ issue 17: streams, progress, flags
@pytest.fixture
def plain_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain progress lines for every event (the runner's standard error is not a terminal)."""
    monkeypatch.setattr("paperkg.cli.progress.PLAIN_INTERVAL", 0)


def test_build_reads_standard_input(fixtures: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "-", "-o", str(tmp_path), "--no-exports"],
                           input=(fixtures / "papers.jsonl").read_bytes())
    assert result.exit_code == 0, result.output
    assert "<stdin>:3: invalid JSON" in result.stderr
    kg = read_graph_json(tmp_path / "graph.json")
    assert {s for n in kg.nodes() if n.label == "Paper" for s in n.properties["sources"]} == \
        {"<stdin>:1", "<stdin>:2", "<stdin>:8"}


def test_build_cannot_write_a_directory_to_standard_output(fixtures: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", "-"])
    assert result.exit_code == 2 and "--out -: kg build writes a directory" in result.output
    assert not (tmp_path / "-").exists()


def test_build_names_its_phases_when_stderr_is_not_a_terminal(fixtures: Path, tmp_path: Path,
                                                              plain_progress: None) -> None:
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    phases = [line for line in result.stderr.splitlines() if line.endswith(" ...")]
    assert phases == ["extracting ...", "writing graph.json ...", "writing graph.ttl ...", "writing graph.html ..."]
    assert "extracting: 3 papers" in result.stderr
    assert "extracting" not in result.stdout  # progress never mixes with the summary


def test_quiet_build_shows_no_progress(fixtures: Path, tmp_path: Path, plain_progress: None) -> None:
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "-q",
                                 "--no-exports"])
    assert result.exit_code == 0 and result.stderr == ""


def test_an_unknown_export_fails_before_any_work(fixtures: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--export", "bogus"])
    assert result.exit_code == 1 and "unknown exporter 'bogus'" in result.output
    assert not (tmp_path / "graph.json").exists()


def test_export_and_no_exports_together_are_refused(fixtures: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--export", "html",
                                 "--no-exports"])
    assert result.exit_code == 2 and "give --export or --no-exports, not both" in result.output
    assert not (tmp_path / "graph.json").exists()


def test_input_format_and_its_old_spellings(fixtures: Path, tmp_path: Path) -> None:
    odd = tmp_path / "papers.data"
    odd.write_bytes((fixtures / "dump.txt").read_bytes())
    for flag in ("--input-format", "--format", "-f"):
        result = runner.invoke(app, ["build", str(odd), "-o", str(tmp_path / flag), "--no-exports", "-q", flag,
                                     "hf-text"])
        assert result.exit_code == 0 and "2 added to the graph" in " ".join(result.output.split()), result.output
    clash = runner.invoke(app, ["build", str(odd), "--input-format", "hf-text", "-f", "jsonl"])
    assert clash.exit_code == 2 and "given twice" in clash.output


def test_stats_reads_standard_input_and_prints_json(fixtures: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "--no-exports", "-q"])
    graph = (tmp_path / "graph.json").read_bytes()
    table = runner.invoke(app, ["stats", "-"], input=graph)
    assert table.exit_code == 0 and "top repositories" in table.stdout
    for args in (["--format", "json"], ["-f", "json"], ["--json"]):
        result = runner.invoke(app, ["stats", "-", *args], input=graph)
        assert result.exit_code == 0 and json.loads(result.stdout)["nodes"]["Paper"] == 3, args


def test_a_truncated_gzip_gets_a_clear_message_not_aborted(fixtures: Path, tmp_path: Path) -> None:
    """Whether the reader reports the damage as a bad record or lets gzip's EOFError through, the user reads why."""
    whole = (fixtures / "papers.jsonl.gz").read_bytes()
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    result = runner.invoke(app, ["build", str(cut), "-o", str(tmp_path / "out"), "--no-exports"])
    assert "Aborted" not in result.output and "Traceback" not in result.output
    assert "truncated" in result.output and result.exit_code in (0, 1)


def test_build_store_then_update_through_the_cli(fixtures, tmp_path):
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), "-o", str(tmp_path), "--store",
                                 "--export", "ntriples"])
    assert result.exit_code == 0, result.output
    assert "wrote store:" in result.output and (tmp_path / "graph.store").exists() and (tmp_path / "graph.nt").exists()
    result = runner.invoke(app, ["build", str(fixtures / "dump.txt"), str(fixtures / "papers.jsonl"), "-o",
                                 str(tmp_path), "--store", "--update", "--export", "ntriples"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "3 added to the graph" in text and "in 1 file(s)" in text
    assert "1 input file(s) not read again: graph.store holds all their papers" in text  # dump.txt, unchanged
    assert read_graph_json(tmp_path).counts()["nodes"]["Paper"] == 5
    assert "--store" in runner.invoke(app, ["build", "--help"]).output


def test_build_help_explains_the_executors() -> None:
    text = " ".join(runner.invoke(app, ["build", "--help"]).output.split())
    assert "--executor" in text and "processes" in text and "dask" in text and "paperkg[dask]" in text
    assert "--scheduler" in text and "ADDRESS" in text


def test_scheduler_without_dask_is_refused(fixtures: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path),
                                 "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--scheduler needs --executor dask" in result.output
    assert not (tmp_path / "graph.json").exists()


def test_dask_executor_without_dask_installed_is_one_clear_usage_error(fixtures: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkg.executors.dask_available", lambda: False)
    result = runner.invoke(app, ["build", str(fixtures / "papers.jsonl"), "-o", str(tmp_path), "-q",
                                 "--executor", "dask"])
    assert result.exit_code == 2, result.output
    assert "--executor dask needs Dask: pip install 'paperkg[dask]'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "graph.json").exists()


def test_build_on_a_running_dask_cluster_writes_the_same_graph_json(example_out: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")  # the test extra installs it: CI runs this
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = runner.invoke(app, ["build", str(REPO / "examples"), "-o", str(tmp_path), "-q", "--no-exports",
                                     "--executor", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.json").read_bytes() == (example_out / "out" / "graph.json").read_bytes()
