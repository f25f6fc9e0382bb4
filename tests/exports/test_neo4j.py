"""The Neo4j loader without a server: a fake driver that records calls and applies MERGE semantics."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from neo4j import exceptions as nx

from exports.neo4j import Neo4jLoadError, Neo4jUriError, check_uri, connect, load_neo4j, plan_load, query_neo4j
from exports.neo4j_schema import load_schema
from kg.errors import UsageError
from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord
from tests.exports.nasty_sample import nasty_graph
from tests.exports.neo4j_sample import FakeDriver, FakeStore

HOSTILE = 'He said "hi"\\n\'; MATCH (n) DETACH DELETE n //}{ \n`x`'


@pytest.fixture
def graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    text = f"{HOSTILE}\nWe propose DetNet and test on COCO and VOC."
    paper = Paper(id="arxiv:2401.00001", title=HOSTILE, abstract="We propose DetNet and test on COCO and VOC.",
                  year=2024, authors=("Ada Lovelace",))
    ev = lambda s: Evidence(s, text.index(s), text.index(s) + len(s), "We propose DetNet.", "test", 0.9)  # noqa: E731
    mentions = [Mention("method", "method:detnet", "DetNet", ev("DetNet"), "proposed"),
                Mention("dataset", "dataset:coco", "COCO", ev("COCO")),
                Mention("dataset", "dataset:voc", HOSTILE, ev("VOC"))]
    results = [ResultRecord("AP", "metric:ap", 51.5, "51.5 AP", ev("COCO"), None, "COCO", "dataset:coco",
                            "DetNet", "method:detnet")]
    kg.add_fragment(PaperFragment(paper, mentions, results))
    for i in range(5):
        kg.add_fragment(PaperFragment(Paper(id=f"title:{i}", title=f"Paper {i}", abstract="On COCO."),
                                      [Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 3, 7, "On COCO.",
                                                                                          "test"))]))
    return kg


def test_constraints_come_first_one_per_label(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    load_neo4j(graph, driver=driver)
    labels = list(load_schema().nodes)
    first = [cypher for _, cypher, _ in driver.calls[:len(labels)]]
    assert all(c.startswith("CREATE CONSTRAINT") and "IF NOT EXISTS" in c for c in first)
    assert [re.search(r"FOR \(n:(\w+)\)", c).group(1) for c in first] == labels
    assert not any(c.startswith("CREATE CONSTRAINT") for _, c, _ in driver.calls[len(labels):])


def test_batches_respect_the_batch_size(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    done: list[tuple[str, int]] = []
    report = load_neo4j(graph, driver=driver, batch_size=2, on_batch=lambda step, n: done.append((step.name, n)))
    paper_batches = [len(p["rows"]) for _, c, p in driver.calls if "MERGE (n:Paper " in c]
    assert paper_batches == [2, 2, 2]  # 6 papers
    coco_edges = [len(p["rows"]) for m, c, p in driver.calls if m == "write" and "[r:EVALUATES_ON]" in c]
    assert coco_edges == [2, 2, 2, 1]  # 6 papers on COCO + 1 on VOC
    assert sum(n for _, n in done) == graph.number_of_nodes() + graph.number_of_relations()
    assert report.batches == len([c for m, c, _ in driver.calls if m == "write"])


def test_every_write_is_a_managed_transaction_with_parameters_only(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    load_neo4j(graph, driver=driver, batch_size=3)
    writes = [(c, p) for m, c, p in driver.calls if m == "write"]
    assert writes and all(set(p) <= {"rows"} for _, p in writes)
    for cypher, _ in writes:
        assert "Lovelace" not in cypher and "DETACH" not in cypher and "51.5" not in cypher
    assert any(r["props"].get("name") == HOSTILE for _, p in writes for r in p.get("rows", []))
    assert all(c.startswith("UNWIND $rows AS row") for c, p in writes if p)


def test_loading_twice_gives_the_same_graph(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    first = load_neo4j(graph, driver=driver)
    snapshot = (dict(driver.store.nodes), dict(driver.store.rels))
    second = load_neo4j(graph, driver=driver)
    assert (driver.store.nodes, driver.store.rels) == snapshot
    assert first.found == second.found == first.expected
    assert first.found["nodes"]["Paper"] == 6 and first.found["edges"]["EVALUATES_ON"] == 7
    assert driver.store.nodes[("Dataset", "dataset:voc")]["name"] == HOSTILE
    assert driver.store.nodes[("Paper", "arxiv:2401.00001")]["year"] == 2024


def test_batch_size_does_not_change_the_result(graph: KnowledgeGraph) -> None:
    one, many = FakeDriver(), FakeDriver()
    load_neo4j(graph, driver=one, batch_size=1)
    load_neo4j(graph, driver=many, batch_size=10_000)
    assert (one.store.nodes, one.store.rels) == (many.store.nodes, many.store.rels)
    assert len(one.calls) > len(many.calls)


def test_reloading_replaces_stale_properties(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    load_neo4j(graph, driver=driver)
    driver.store.nodes[("Dataset", "dataset:coco")]["stale"] = "left over"
    load_neo4j(graph, driver=driver)
    assert "stale" not in driver.store.nodes[("Dataset", "dataset:coco")]


def test_count_mismatch_is_reported(graph: KnowledgeGraph) -> None:
    store = FakeStore()
    store.nodes[("Paper", "arxiv:9999.99999")] = {"id": "arxiv:9999.99999"}
    with pytest.raises(Neo4jLoadError, match=r"Paper: graph 6, Neo4j 7.*another graph"):
        load_neo4j(graph, driver=FakeDriver(store))


def test_evidence_and_results_are_stored(graph: KnowledgeGraph) -> None:
    driver = FakeDriver()
    load_neo4j(graph, driver=driver)
    rel = driver.store.rels[("PROPOSES", "arxiv:2401.00001", "method:detnet")]
    assert rel["ev_surface"] == ["DetNet"] and rel["ev_confidence"] == [0.9] and rel["count"] == 1
    result = [props for (label, _), props in driver.store.nodes.items() if label == "Result"]
    assert result[0]["value"] == 51.5
    assert {k[0] for k in driver.store.rels if k[1].startswith("result:")} == {"OF_METRIC", "ON_DATASET", "OF_METHOD"}


def test_plan_covers_every_label_and_type(graph: KnowledgeGraph) -> None:
    plan = plan_load(graph)
    schema = load_schema()
    assert [s.name for s in plan if s.kind == "nodes"] == list(schema.nodes)
    assert [s.name for s in plan if s.kind == "relationships"] == list(schema.relationships)
    with pytest.raises(Exception, match="batch size"):
        plan_load(graph, batch_size=0)


@pytest.mark.parametrize(("error", "message"), [
    (nx.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Security.Unauthorized", message="bad"), "refused the credentials"),
    (nx.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Database.DatabaseNotFound", message="no"), "has no database 'kg'"),
    (nx.ServiceUnavailable("gone"), "cannot connect to Neo4j"),
])
def test_driver_errors_become_advice(graph: KnowledgeGraph, error: Exception, message: str) -> None:
    with pytest.raises(Neo4jLoadError, match=message):
        load_neo4j(graph, driver=FakeDriver(fail=error), database="kg")


def test_refused_connection_names_the_uri_and_the_fix() -> None:
    # port 1 on loopback: nothing listens there, the kernel refuses at once
    with pytest.raises(Neo4jLoadError, match=r"bolt://127\.0\.0\.1:1.*docker compose up -d"):
        connect("bolt://127.0.0.1:1", "neo4j", "x")


def test_bad_uri_is_a_clear_error() -> None:
    with pytest.raises(Neo4jLoadError, match="not a Neo4j URI"):
        connect("http//nope", "neo4j", "x")


def test_query_maps_syntax_errors() -> None:
    class SyntaxDriver:
        def execute_query(self, *args: Any, **kwargs: Any) -> Any:
            raise nx.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="Invalid input")

    with pytest.raises(Neo4jLoadError, match="rejected the query: Invalid input"):
        query_neo4j("MATCH (n RETURN n", driver=SyntaxDriver())


@pytest.mark.parametrize("uri", ["bolt://localhost:7687", "neo4j://db:7687", "bolt+s://db.example.org",
                                 "neo4j+ssc://10.0.0.2:7687", "BOLT://LOCALHOST"])
def test_bolt_uris_pass(uri: str) -> None:
    assert check_uri(uri) == uri


@pytest.mark.parametrize(("uri", "message"), [
    ("http://localhost:7474", "is an HTTP address (Neo4j Browser); kg talks to Neo4j over Bolt: use "
                              "bolt://localhost:7687"),
    ("https://db.example.org:7473", "use bolt://db.example.org:7687"),
    ("localhost:7687", "is not a Neo4j URI"),
    ("bolt://", "is not a Neo4j URI"),
    ("ftp://x", "is not a Neo4j URI"),
])
def test_other_uris_are_usage_errors_before_any_connection(uri: str, message: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import neo4j

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", lambda *a, **k: pytest.fail("a connection was tried"))
    with pytest.raises(Neo4jUriError, match=re.escape(message)) as caught:
        connect(uri, "neo4j", "x")
    assert isinstance(caught.value, UsageError) and isinstance(caught.value, Neo4jLoadError)


@pytest.fixture
def silent_server() -> Any:
    """A loopback TCP port that accepts connections and never answers (like a port that does not speak Bolt)."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_port_that_does_not_answer_the_handshake_fails_within_the_timeout(silent_server: int) -> None:
    import time

    started = time.monotonic()
    with pytest.raises(Neo4jLoadError, match=r"did not answer as a Neo4j Bolt server within 0\.5 s .*7687"):
        connect(f"bolt://127.0.0.1:{silent_server}", "neo4j", "x", timeout=0.5)
    assert time.monotonic() - started < 20  # the driver's own default waits 60 s


def test_lone_surrogates_are_sent_as_replacement_characters() -> None:
    """The driver packs strings as UTF-8, which cannot hold a lone surrogate: the plan holds none."""
    kg = nasty_graph()
    for step in plan_load(kg):
        json.dumps(step.rows, ensure_ascii=False).encode("utf-8")  # strict: raises on a lone surrogate
    driver = FakeDriver()
    report = load_neo4j(kg, driver=driver)
    assert report.found["nodes"]["Author"] == 4
    assert any(props.get("name") == "Ann \ufffd Lee 1" for props in driver.store.nodes.values())


@pytest.mark.parametrize("after", [0, 3, 8, 9, 11, 14])  # 8 constraints, then node batches, then relationship ones
def test_an_interrupted_load_run_again_ends_with_the_right_counts(graph: KnowledgeGraph, after: int) -> None:
    """Each batch is one transaction of idempotent MERGEs: a load cut off anywhere, run again, completes."""
    clean = FakeDriver()
    load_neo4j(graph, driver=clean, batch_size=2)
    assert len(clean.calls) > 14
    store = FakeStore()
    with pytest.raises(Neo4jLoadError, match="cannot connect"):
        load_neo4j(graph, driver=FakeDriver(store, fail_after=(after, nx.ServiceUnavailable("connection lost"))),
                   batch_size=2)
    assert (store.nodes, store.rels) != (clean.store.nodes, clean.store.rels)  # cut off half-way
    report = load_neo4j(graph, driver=FakeDriver(store), batch_size=2)
    assert report.found == report.expected
    assert (store.nodes, store.rels) == (clean.store.nodes, clean.store.rels)


def test_a_load_interrupted_by_the_user_run_again_ends_with_the_right_counts(graph: KnowledgeGraph) -> None:
    store = FakeStore()

    def stop(step, rows):
        if step.kind == "relationships":
            raise KeyboardInterrupt  # Ctrl-C between two batches

    with pytest.raises(KeyboardInterrupt):
        load_neo4j(graph, driver=FakeDriver(store), on_batch=stop)
    assert store.nodes and 0 < len(store.rels) < len(list(graph.relations()))  # stopped after the first
    report = load_neo4j(graph, driver=FakeDriver(store))
    assert report.found == report.expected
