"""`kg load neo4j` against a real Neo4j 5 (marker ``neo4j``; run the suite under ``tests/with-neo4j``).

The fakes of ``test_neo4j.py`` say what the loader sends; these say what a real server makes of it:
counts equal graph.json's, constraints exist, a second load changes nothing, every stored
property equals what the graph holds, a transient error mid-load is retried by the driver, and a
server that was stopped gives the advice to start one.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from neo4j import exceptions as nx
from typer.testing import CliRunner

from exports.neo4j import Neo4jLoadError, load_neo4j
from exports.neo4j_schema import edge_props, load_schema, node_props
from paperkg.cli import app
from kg.graphjson import read_graph_json, write_graph_json
from tests.exports.conftest import Live
from tests.exports.neo4j_sample import sample_graph

pytestmark = pytest.mark.neo4j


def snapshot(live: Live) -> tuple[list[list[Any]], list[list[Any]]]:
    """Every node (labels, properties) and relationship (ends, type, properties), in a fixed order."""
    nodes = live.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id")
    rels = live.query("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props "
                      "ORDER BY a, t, b")
    return nodes, rels


def graph_json_counts(path: Path) -> tuple[Counter, Counter]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Counter(n["label"] for n in data["nodes"]), Counter(e["type"] for e in data["edges"])


@pytest.fixture(scope="module")
def loaded(live: Live, corpus_out: Path) -> tuple[Live, Path, Any]:
    """The corpus graph, loaded once through the CLI (`kg load neo4j`) with the live server's env."""
    graph = corpus_out / "graph.json"
    runner = CliRunner()
    env = {"NEO4J_URI": live.uri, "NEO4J_USER": live.user, "NEO4J_PASSWORD": live.password}
    out = runner.invoke(app, ["load", "neo4j", str(graph)], env=env)
    assert out.exit_code == 0, out.output
    assert "counts match" in out.output
    return live, graph, out


def test_counts_equal_graph_json(loaded: tuple[Live, Path, Any]) -> None:
    live, graph, _ = loaded
    labels, types = graph_json_counts(graph)
    found_labels = dict(live.query("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n"))
    found_types = dict(live.query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"))
    assert found_labels == dict(labels) and found_types == dict(types)
    assert sum(labels.values()) > 1000 and sum(types.values()) > 1000  # the corpus, not a toy


def test_one_unique_constraint_per_label(loaded: tuple[Live, Path, Any]) -> None:
    live, _, _ = loaded
    rows = live.query("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                      "RETURN name, type, labelsOrTypes, properties ORDER BY name")
    assert {(r[1], r[2][0], tuple(r[3])) for r in rows} == {
        ("UNIQUENESS", label, ("id",)) for label in load_schema().nodes}


def test_stored_properties_equal_the_graph(loaded: tuple[Live, Path, Any]) -> None:
    live, graph, _ = loaded
    kg = read_graph_json(graph)
    nodes, rels = snapshot(live)
    want_nodes = [[[node.label], {**node_props(node.label, node.properties), "id": node.id}]
                  for node in kg.nodes(ordered=True)]
    assert nodes == want_nodes
    want_rels = sorted(([r.source, r.type, r.target], edge_props(r)) for r in kg.relations())
    assert sorted(([a, t, b], p) for a, t, b, p in rels) == want_rels


def test_loading_twice_changes_nothing(loaded: tuple[Live, Path, Any], caplog: pytest.LogCaptureFixture) -> None:
    live, graph, first = loaded
    before = snapshot(live)
    out = CliRunner().invoke(app, ["load", "neo4j", str(graph), "--batch-size", "7"],
                             env={"NEO4J_URI": live.uri, "NEO4J_USER": live.user, "NEO4J_PASSWORD": live.password})
    assert out.exit_code == 0, out.output
    assert snapshot(live) == before
    assert not [r for r in caplog.records if r.name.startswith("neo4j") and r.levelno >= logging.WARNING]


class FlakySession:
    """A real session whose Nth write transaction fails once, after its statement ran, with a transient error."""

    def __init__(self, session: Any, fail_at: int, log: list[str]) -> None:
        self.session, self.fail_at, self.log, self.writes = session, fail_at, log, 0

    def __enter__(self) -> FlakySession:
        self.session.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.session.__exit__(*exc)

    def execute_read(self, fn: Any, *args: Any) -> Any:
        return self.session.execute_read(fn, *args)

    def execute_write(self, fn: Any, *args: Any) -> Any:
        self.writes += 1
        nth = self.writes

        def work(tx: Any, *a: Any) -> Any:
            result = fn(tx, *a)  # the batch is written inside the real transaction ...
            if nth == self.fail_at and not self.log:
                self.log.append("failed once")  # ... which then fails, so the server rolls it back
                raise nx.Neo4jError._hydrate_neo4j(code="Neo.TransientError.Transaction.DeadlockDetected",
                                                   message="injected by the test")
            self.log.append(f"attempt of write {nth}") if nth == self.fail_at else None
            return result

        return self.session.execute_write(work, *args)


class FlakyDriver:
    def __init__(self, driver: Any, fail_at: int) -> None:
        self.driver, self.fail_at, self.log = driver, fail_at, []

    def session(self, **config: Any) -> FlakySession:
        return FlakySession(self.driver.session(**config), self.fail_at, self.log)


def test_a_transient_error_mid_load_is_retried(loaded: tuple[Live, Path, Any]) -> None:
    live, graph, _ = loaded
    before = snapshot(live)
    live.wipe()
    kg = read_graph_json(graph)
    flaky = FlakyDriver(live.driver, fail_at=12)  # 8 constraints, then node batches of 100
    report = load_neo4j(kg, driver=flaky, database=live.database, batch_size=100)
    assert flaky.log == ["failed once", "attempt of write 12"]  # the driver ran the batch again
    assert report.found == report.expected
    assert snapshot(live) == before


_KILLED_LOAD = """
import os, signal, sys
from exports.neo4j import load_neo4j
from tests.exports.neo4j_sample import sample_graph

batches = [0]

def on_batch(step, rows):
    batches[0] += 1
    if batches[0] == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)

load_neo4j(sample_graph(), uri=os.environ["NEO4J_URI"], user=os.environ["NEO4J_USER"],
           password=os.environ["NEO4J_PASSWORD"], database=os.environ.get("NEO4J_DATABASE") or None,
           batch_size=1, on_batch=on_batch)
"""


@pytest.mark.parametrize("kill_after", [10, 20])  # 8 constraints first: in the nodes, in the relationships
def test_an_interrupted_load_run_again_ends_with_the_right_counts(live: Live, kill_after: int) -> None:
    """`kill -9` of a load between two transactions; the re-run MERGEs what is there and adds the rest."""
    live.wipe()
    kg = sample_graph()
    load_neo4j(kg, driver=live.driver, database=live.database)
    clean = snapshot(live)
    live.wipe()
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run([sys.executable, "-c", _KILLED_LOAD, str(kill_after)], cwd=root, capture_output=True,
                            text=True, env=os.environ.copy())
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partial = snapshot(live)
    assert 0 < len(partial[0]) + len(partial[1]) < len(clean[0]) + len(clean[1])  # cut off half-way
    report = load_neo4j(kg, driver=live.driver, database=live.database)
    assert report.found == report.expected
    assert snapshot(live) == clean
    live.wipe()

@pytest.mark.java
def test_a_stopped_server_says_so(tmp_path: Path) -> None:
    """A second server, loaded, then stopped: `kg load neo4j` and a driver opened before both say so."""
    import neo4j

    from tests.jvm import neo4j_server

    graph = tmp_path / "graph.json"
    write_graph_json(sample_graph(), graph)
    with neo4j_server(log=tmp_path / "neo4j.log") as server:
        env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}
        assert CliRunner().invoke(app, ["load", "neo4j", str(graph)], env=env).exit_code == 0
        # the driver retries failed transactions for max_transaction_retry_time (30 s by default)
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password),
                                            max_transaction_retry_time=0.5)
        driver.verify_connectivity()
        server.stop()
        with pytest.raises(Neo4jLoadError, match=r"^cannot connect to Neo4j \(.*127\.0\.0\.1.*\): is it running\?"):
            load_neo4j(sample_graph(), driver=driver)
        driver.close()
        out = CliRunner().invoke(app, ["load", "neo4j", str(graph)], env=env)
    assert out.exit_code != 0
    message = " ".join(out.output.split())
    assert f"cannot connect to Neo4j at {server.uri}" in message and "is it running?" in message
    assert "Traceback" not in out.output
