"""`kg load neo4j`, `kg query`, `kg export neo4j-csv` (paperkg/cli/commands/neo4j.py) through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exports.neo4j import DEFAULT_TIMEOUT, Neo4jLoadError
from exports.neo4j_csv import COMMAND_FILE
from exports.neo4j_schema import examples
from paperkg.cli import app
from kg.graphjson import write_graph_json
from tests.exports.neo4j_sample import P1, P2, P3, sample_graph


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.json"
    write_graph_json(sample_graph(), path)
    return path


@pytest.fixture
def runner(no_neo4j_env: None) -> CliRunner:
    return CliRunner()


def test_examples_are_listed(runner: CliRunner) -> None:
    out = runner.invoke(app, ["query", "--examples"])
    assert out.exit_code == 0, out.output
    for ex in examples().values():
        assert ex.name in out.output and ex.description in out.output


def test_run_an_example_as_json(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["query", str(graph_file), "--run", "papers-on-dataset", "-p", "dataset=COCO",
                              "--format", "json"])
    assert out.exit_code == 0, out.output
    assert [r["title"] for r in json.loads(out.stdout)] == [P1, P2, P3]


def test_ad_hoc_query_as_csv(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["query", str(graph_file), "MATCH (d:Dataset) RETURN d.name AS name, d.aliases AS a "
                              "ORDER BY name", "-f", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["name", "a"] and [r[0] for r in rows[1:]] == ["COCO", "ImageNet", "VOC"]
    assert json.loads(rows[1][1]) == ["COCO", "MS COCO"]


def test_table_output(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["query", str(graph_file), "--run", "datasets-used-together"])
    assert out.exit_code == 0, out.output
    assert "dataset_a" in out.stdout and "ImageNet" in out.stdout


@pytest.mark.parametrize(("args", "message", "code"), [
    (["--run", "nope"], "no example question 'nope'", 2),
    (["MATCH (n RETURN n"], "rejected the query", 1),
    ([], "no query", 2),
    (["--run", "best-results", "-p", "oops"], "NAME=VALUE", 2),
    (["MATCH (n) RETURN n", "-f", "xml"], "--format", 2),
])
def test_query_errors(runner: CliRunner, graph_file: Path, args: list[str], message: str, code: int) -> None:
    """Usage mistakes exit 2 (as Typer's own usage errors do); a query the engine rejects exits 1."""
    out = runner.invoke(app, ["query", str(graph_file), *args])
    assert out.exit_code == code
    assert message in out.output


def test_load_without_a_server_says_how_to_start_one(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["load", "neo4j", str(graph_file), "--uri", "bolt://127.0.0.1:1", "--password", "x"])
    assert out.exit_code == 1
    assert "cannot connect to Neo4j at bolt://127.0.0.1:1" in out.output and "docker compose up -d" in out.output


def test_load_reads_the_uri_from_the_environment(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["load", "neo4j", str(graph_file)], env={"NEO4J_URI": "bolt://127.0.0.1:2"})
    assert out.exit_code == 1 and "bolt://127.0.0.1:2" in out.output


def test_missing_graph_file(runner: CliRunner, tmp_path: Path) -> None:
    out = runner.invoke(app, ["query", str(tmp_path / "none.json"), "MATCH (n) RETURN count(n) AS n"])
    assert out.exit_code == 1 and "kg build" in out.output


def test_rich_markup_in_data_is_printed_literally(runner: CliRunner, tmp_path: Path) -> None:
    kg = sample_graph()
    title = "[/bold] [red]x[/red] :thumbs_up: \\ }{"
    kg.set_properties("arxiv:0001", title=title)
    write_graph_json(kg, tmp_path / "g.json")
    query = "MATCH (p:Paper {id: 'arxiv:0001'}) RETURN p.title AS title"
    for fmt in ("table", "json", "csv"):
        out = runner.invoke(app, ["query", str(tmp_path / "g.json"), query, "-f", fmt])
        assert out.exit_code == 0, out.output
        if fmt == "json":
            assert json.loads(out.stdout) == [{"title": title}]
        else:
            assert title in out.stdout


def test_load_success_prints_the_counts(runner: CliRunner, graph_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.exports.neo4j_sample import FakeDriver

    driver = FakeDriver()
    monkeypatch.setattr("exports.neo4j.connect", lambda *args, **kwargs: driver)
    out = runner.invoke(app, ["load", "neo4j", str(graph_file), "--batch-size", "3", "--database", "kg"])
    assert out.exit_code == 0, out.output
    assert "counts match" in out.stdout and "EVALUATES_ON" in out.stdout
    assert driver.databases == ["kg"] and getattr(driver, "closed", False)
    assert len(driver.store.nodes) == sample_graph().number_of_nodes()


def test_query_with_a_uri_goes_to_neo4j(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    class Record:
        def values(self) -> list[object]:
            return ["COCO", 3]

    class Driver:
        def execute_query(self, cypher: str, params: dict, database_: str | None = None) -> tuple:
            seen.update(cypher=cypher, params=params, database=database_)
            return [Record()], None, ["dataset", "papers"]

        def close(self) -> None:
            seen["closed"] = True

    monkeypatch.setattr("exports.neo4j.connect", lambda *args, **kwargs: Driver())
    out = runner.invoke(app, ["query", "--run", "papers-on-dataset", "-p", "dataset=VOC", "-f", "json"],
                        env={"NEO4J_URI": "bolt://example.invalid:7687"})
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == [{"dataset": "COCO", "papers": 3}]
    assert seen["params"] == {"dataset": "VOC"} and seen["cypher"] == examples()["papers-on-dataset"].text
    assert seen["closed"] is True


def test_export_neo4j_csv(runner: CliRunner, graph_file: Path, tmp_path: Path) -> None:
    out = runner.invoke(app, ["export", "neo4j-csv", str(graph_file), "-o", str(tmp_path / "imp")])
    assert out.exit_code == 0, out.output
    assert "neo4j-admin database import full neo4j" in out.output and "Paper: 4 rows" in out.output
    assert (tmp_path / "imp" / "nodes_Paper.csv").exists() and (tmp_path / "imp" / COMMAND_FILE).exists()


def test_load_names_the_graph_file_literally(runner: CliRunner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.exports.neo4j_sample import FakeDriver

    graph = tmp_path / "[v2] graph.json"
    write_graph_json(sample_graph(), graph)
    monkeypatch.setattr("exports.neo4j.connect", lambda *args, **kwargs: FakeDriver())
    out = runner.invoke(app, ["load", "neo4j", str(graph), "--uri", "bolt://localhost:7687"])
    assert out.exit_code == 0, out.output
    assert f"loaded {graph} into bolt://localhost:7687 in " in out.stdout


# ------------------------------------------------------------ issue 17: URIs, timeouts, readable answers
@pytest.fixture
def no_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the Neo4j driver is ever asked for a connection."""
    import neo4j

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was tried")

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", refuse)


@pytest.mark.parametrize("command", [["load", "neo4j", "{graph}"], ["query", "MATCH (n) RETURN count(n) AS n"]])
@pytest.mark.parametrize("uri", ["http://localhost:7474", "https://db.example.org", "localhost:7687", "bolt//x"])
def test_a_uri_that_is_not_bolt_is_one_usage_line(runner: CliRunner, graph_file: Path, no_driver: None,
                                                  command: list[str], uri: str) -> None:
    out = runner.invoke(app, [c.replace("{graph}", str(graph_file)) for c in command] + ["--uri", uri])
    assert out.exit_code == 2, out.output
    errors = [line for line in out.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and ("Bolt" in errors[0] or "not a Neo4j URI" in errors[0])
    assert "Traceback" not in out.output and "aiohttp" not in out.output
    if uri.startswith("http://"):
        assert "use bolt://localhost:7687" in errors[0]


def test_the_timeout_reaches_the_driver(runner: CliRunner, graph_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    def connect(uri: str, user: str, password: str, database: str | None = None, timeout: float = 0) -> None:
        seen.append(timeout)
        raise Neo4jLoadError("no server here")

    monkeypatch.setattr("exports.neo4j.connect", connect)
    runner.invoke(app, ["load", "neo4j", str(graph_file), "--uri", "bolt://localhost:7687", "--timeout", "2.5"])
    runner.invoke(app, ["query", "MATCH (n) RETURN n", "--uri", "bolt://localhost:7687"])
    assert seen == [2.5, DEFAULT_TIMEOUT]


def test_nodes_show_as_cypher_values_not_engine_internals(runner: CliRunner, graph_file: Path) -> None:
    out = runner.invoke(app, ["query", str(graph_file), "MATCH (d:Dataset {id: 'dataset:coco'}) RETURN d"],
                        env={"COLUMNS": "250"})
    assert out.exit_code == 0, out.output
    assert '(:Dataset {id: "dataset:coco", name: "COCO"' in out.stdout
    assert "_label" not in out.output.lower() and "_id" not in out.output.lower()
    as_json = runner.invoke(app, ["query", str(graph_file), "MATCH (d:Dataset {id: 'dataset:coco'}) RETURN d",
                                  "-f", "json"])
    node = json.loads(as_json.stdout)[0]["d"]
    assert node["labels"] == ["Dataset"] and node["properties"]["name"] == "COCO"


def test_headers_are_the_query_as_written(runner: CliRunner, graph_file: Path) -> None:
    query = "MATCH (p:Paper)-[r:EVALUATES_ON]->(d) RETURN d.name, count(r) ORDER BY count(r) DESC, d.name"
    out = runner.invoke(app, ["query", str(graph_file), query, "-f", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "d.name,count(r)"


def test_query_and_load_read_the_graph_from_standard_input(runner: CliRunner, graph_file: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.exports.neo4j_sample import FakeDriver

    out = runner.invoke(app, ["query", "-", "MATCH (p:Paper) RETURN count(p) AS papers", "-f", "csv"],
                        input=graph_file.read_bytes())
    assert out.exit_code == 0 and out.stdout.splitlines() == ["papers", "4"], out.output
    driver = FakeDriver()
    monkeypatch.setattr("exports.neo4j.connect", lambda *args, **kwargs: driver)
    loaded = runner.invoke(app, ["load", "neo4j", "-"], input=graph_file.read_bytes())
    assert loaded.exit_code == 0 and "counts match" in loaded.stdout, loaded.output
    assert len(driver.store.nodes) == sample_graph().number_of_nodes()


def test_neo4j_csv_hint_uses_the_prefix_path(runner: CliRunner, graph_file: Path, tmp_path: Path) -> None:
    out = runner.invoke(app, ["export", "neo4j-csv", str(graph_file), "-o", str(tmp_path / "imp"),
                              "--prefix", "/import/"])
    assert out.exit_code == 0, out.output
    assert "then create the constraints: cypher-shell -f /import/constraints.cypher" in out.stdout
    assert str(tmp_path) not in out.stdout.split("then create the constraints:")[1]
    plain = runner.invoke(app, ["export", "neo4j-csv", str(graph_file), "-o", str(tmp_path / "imp2")])
    assert f"cypher-shell -f {tmp_path / 'imp2' / 'constraints.cypher'}" in plain.stdout


def test_neo4j_csv_refuses_standard_output(runner: CliRunner, graph_file: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = runner.invoke(app, ["export", "neo4j-csv", str(graph_file), "-o", "-"])
    assert out.exit_code == 2 and "writes a directory of CSV files" in out.output
    assert not (tmp_path / "-").exists()


def test_query_keeps_a_database_beside_the_graph_and_rebuilds_it_when_the_graph_changes(
        runner: CliRunner, graph_file: Path) -> None:
    count = ["query", str(graph_file), "MATCH (p:Paper) RETURN count(p) AS n", "-f", "csv"]
    first = runner.invoke(app, count)
    assert first.exit_code == 0, first.output
    assert (graph_file.parent / "graph.lbdb" / "fingerprint.json").exists()
    stamp = (graph_file.parent / "graph.lbdb" / "fingerprint.json").read_text()
    again = runner.invoke(app, count)
    assert again.stdout == first.stdout
    assert (graph_file.parent / "graph.lbdb" / "fingerprint.json").read_text() == stamp  # reused, not rebuilt
    kg = sample_graph()
    kg.add_node("title:new", "Paper", title="A new paper")
    write_graph_json(kg, graph_file)
    changed = runner.invoke(app, count)
    assert changed.exit_code == 0, changed.output
    assert int(changed.stdout.split()[-1]) == int(first.stdout.split()[-1]) + 1


def test_query_warns_and_rebuilds_a_damaged_database(runner: CliRunner, graph_file: Path) -> None:
    count = ["query", str(graph_file), "MATCH (p:Paper) RETURN count(p) AS n", "-f", "csv"]
    first = runner.invoke(app, count)
    (graph_file.parent / "graph.lbdb" / "db").write_bytes(b"\0not a database" * 1000)
    out = runner.invoke(app, count)
    assert out.exit_code == 0, out.output
    assert out.stdout == first.stdout
    assert "warning:" in out.stderr and "rebuilding" in out.stderr


def test_query_beside_a_read_only_graph_loads_in_memory_with_a_warning(
        runner: CliRunner, graph_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_access = os.access
    monkeypatch.setattr("paperkg.cli.commands.neo4j.os.access",
                        lambda path, mode: mode != os.W_OK and real_access(path, mode))
    out = runner.invoke(app, ["query", str(graph_file), "MATCH (p:Paper) RETURN count(p) AS n", "-f", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.split()[-1] == str(len(sample_graph().paper_ids()))
    assert "cannot write" in out.stderr
    assert not (graph_file.parent / "graph.lbdb").exists() and not (graph_file.parent / "graph.lbdb.lock").exists()
