"""The persistent embedded database beside graph.json: same answers as a fresh load, rebuilt when
graph.json changes or the database is damaged, safe under concurrent queries."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from exports.embedded import load_embedded, run_query
from exports.embedded_store import (
    GRAPH_STORE,
    StoreWarning,
    build_store,
    fingerprint,
    is_fresh,
    open_store,
    store_path,
)
from exports.neo4j_schema import examples
from kg.graphjson import read_graph_json, write_graph_json
from kg.store import GraphStore, write_store_graph_json
from tests.exports.neo4j_sample import sample_graph

COUNT = "MATCH (p:Paper) RETURN count(p) AS n"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "graph.json"
    write_graph_json(sample_graph(), path)
    return path


def _answers(conn) -> dict[str, list]:
    """Every canned example question, with its default parameters, answered on *conn*."""
    return {name: sorted(map(repr, run_query(conn, ex.text, dict(ex.params)).rows)) for name, ex in examples().items()}


def test_the_store_answers_as_a_fresh_load(graph_file: Path) -> None:
    fresh = _answers(load_embedded(read_graph_json(graph_file)))
    assert any(rows for rows in fresh.values())  # the sample graph answers some of them
    with open_store(graph_file) as store:
        assert store.built and store.path == graph_file.with_suffix(".lbdb")
        assert _answers(store.conn) == fresh
    with open_store(graph_file) as store:
        assert not store.built  # the second query reuses the database
        assert _answers(store.conn) == fresh


def test_a_changed_graph_json_rebuilds_the_store(graph_file: Path) -> None:
    with open_store(graph_file) as store:
        before = run_query(store.conn, COUNT).rows[0][0]
    kg = sample_graph()
    kg.add_node("title:extra", "Paper", title="One more paper")
    write_graph_json(kg, graph_file)
    assert not is_fresh(graph_file)
    with open_store(graph_file) as store:
        assert store.built
        assert run_query(store.conn, COUNT).rows[0][0] == before + 1
    assert is_fresh(graph_file)


def test_same_size_same_mtime_edit_is_still_seen(graph_file: Path) -> None:
    """The fingerprint hashes the file's ends: an edit that keeps size and mtime is caught there."""
    stamp = fingerprint(graph_file)
    text = graph_file.read_bytes()
    stat = graph_file.stat()
    graph_file.write_bytes(text.replace(b'"Paper"', b'"Papex"', 1))
    os.utime(graph_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert fingerprint(graph_file) != stamp


def test_a_corrupt_database_is_rebuilt_with_a_warning(graph_file: Path) -> None:
    with open_store(graph_file) as store:
        expected = run_query(store.conn, COUNT).rows
    db = store_path(graph_file) / "db"
    db.write_bytes(b"\0garbage" * 4096)  # fingerprint still matches: only opening can tell
    with pytest.warns(StoreWarning, match="unreadable"):
        with open_store(graph_file) as store:
            assert store.built
            assert run_query(store.conn, COUNT).rows == expected


def test_a_store_directory_without_fingerprint_is_rebuilt_with_a_warning(graph_file: Path) -> None:
    store_path(graph_file).mkdir()
    (store_path(graph_file) / "junk").write_text("not a database")
    with pytest.warns(StoreWarning, match="not a complete"):
        with open_store(graph_file) as store:
            assert store.built and run_query(store.conn, COUNT).rows == [[len(sample_graph().paper_ids())]]
    assert not (store_path(graph_file) / "junk").exists()


def test_no_temporary_directories_are_left_behind(graph_file: Path) -> None:
    with open_store(graph_file):
        pass
    write_graph_json(sample_graph(), graph_file)
    os.utime(graph_file, ns=(1, 1))
    with open_store(graph_file) as store:
        assert store.built
    assert sorted(p.name for p in graph_file.parent.iterdir()) == ["graph.json", "graph.lbdb", "graph.lbdb.lock"]


def _query_in_child(graph: str, queue) -> None:
    with open_store(graph) as store:
        queue.put((store.built, run_query(store.conn, COUNT).rows[0][0]))


def test_concurrent_first_queries_build_once_and_both_answer(graph_file: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_query_in_child, args=(str(graph_file), queue)) for _ in range(2)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    papers = len(sample_graph().paper_ids())
    assert sorted(results) == [(False, papers), (True, papers)]  # one built it, the other waited and reused it
    assert is_fresh(graph_file)


def test_build_store_records_the_fingerprint_read_before_loading(graph_file: Path) -> None:
    report = build_store(graph_file)
    assert report.nodes == read_graph_json(graph_file).number_of_nodes()
    stored = json.loads((store_path(graph_file) / "fingerprint.json").read_text())
    assert stored == fingerprint(graph_file)


def _everything(conn) -> list[str]:
    """Every node and relationship, sorted (the engine has no fixed order without ORDER BY)."""
    rows = run_query(conn, "MATCH (n) RETURN n").rows + run_query(conn, "MATCH (a)-[r]->(b) RETURN a.id, r, b.id").rows
    return sorted(map(repr, rows))


def _stored_graph(out: Path) -> Path:
    """out/graph.json streamed from out/graph.store, as `kg build --store` leaves them."""
    out.mkdir(parents=True, exist_ok=True)
    store = GraphStore(out / GRAPH_STORE)
    store.add_graph(sample_graph())
    write_store_graph_json(store, out / "graph.json")
    store.commit()
    store.close()
    return out / "graph.json"


def test_a_graph_store_that_recorded_graph_json_feeds_the_load(tmp_path: Path, monkeypatch) -> None:
    graph = _stored_graph(tmp_path / "out")
    fresh = _everything(load_embedded(read_graph_json(graph)))
    monkeypatch.setattr("exports.embedded_store.read_graph_json", None)  # graph.json is not parsed
    assert build_store(graph).source == GRAPH_STORE
    with open_store(graph) as store:
        assert not store.built
        assert _everything(store.conn) == fresh


def test_a_graph_json_the_store_did_not_write_is_loaded_itself(tmp_path: Path) -> None:
    graph = _stored_graph(tmp_path / "out")
    kg = sample_graph()
    kg.set_properties("dataset:voc", description="Rewritten without the store")
    write_graph_json(kg, graph)  # e.g. an in-memory build, or one editing graph.json by hand
    assert build_store(graph).source == ""
    with open_store(graph) as store:
        assert _everything(store.conn) == _everything(load_embedded(kg))


def test_an_unreadable_graph_store_is_ignored(tmp_path: Path) -> None:
    graph = _stored_graph(tmp_path / "out")
    (tmp_path / "out" / GRAPH_STORE).write_bytes(b"not sqlite at all" * 100)
    assert build_store(graph).source == ""


def test_the_store_name_is_the_one_kg_build_writes() -> None:
    from paperkg.build import STORE_NAME

    assert GRAPH_STORE == STORE_NAME


def test_a_split_store_build_loads_as_its_graph_json(tmp_path: Path) -> None:
    """kg build --store on part of the papers, then --update with the rest: the store-fed database
    answers as a load of the resulting graph.json, and as a full in-memory build's."""
    from paperkg.build import build

    lines = (Path(__file__).parents[2] / "examples" / "papers.jsonl").read_text(encoding="utf-8").splitlines(True)
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("".join(lines[:25]), encoding="utf-8")
    rest.write_text("".join(lines[25:]), encoding="utf-8")
    out = tmp_path / "out"
    build([first], out, store=True, exports=[])
    build([rest], out, update=True, store=True, exports=[])
    build([first, rest], tmp_path / "full", store=False, exports=[])
    assert build_store(out / "graph.json").source == GRAPH_STORE
    expected = _everything(load_embedded(read_graph_json(tmp_path / "full" / "graph.json")))
    with open_store(out / "graph.json") as store:
        assert _everything(store.conn) == expected


def test_refresh_rebuilds_only_an_existing_stale_store_and_warns_on_failure(graph_file: Path, monkeypatch) -> None:
    from exports.embedded import EmbeddedQueryError
    from exports.embedded_store import refresh_store

    assert refresh_store(graph_file) is None and not store_path(graph_file).exists()  # none: none made
    with open_store(graph_file):
        pass
    assert refresh_store(graph_file) is None  # fresh: nothing to do
    kg = sample_graph()
    kg.set_properties("dataset:voc", description="changed")
    write_graph_json(kg, graph_file)
    assert refresh_store(graph_file) is not None and is_fresh(graph_file)
    write_graph_json(sample_graph(), graph_file)

    def broken(*_args, **_kwargs):
        raise EmbeddedQueryError("engine says no")

    monkeypatch.setattr("exports.embedded_store.build_store", broken)
    with pytest.warns(StoreWarning, match="next kg query rebuilds it"):
        assert refresh_store(graph_file) is None
    assert not is_fresh(graph_file)


def test_nasty_inputs_built_with_the_store_load_as_the_parameter_load(tmp_path: Path) -> None:
    """The fixtures of hostile inputs, built with --store: the store-fed bulk load holds what the
    parameter load (MERGE into existing tables) of the same graph.json holds."""
    from exports.embedded import _connect, create_schema
    from paperkg.build import build

    nasty = Path(__file__).parents[1] / "fixtures" / "nasty"
    out = tmp_path / "out"
    build([nasty / "hostile.jsonl", nasty / "quoted_newlines.csv", nasty / "multiline.json"], out, store=True,
          exports=[])
    assert build_store(out / "graph.json").source == GRAPH_STORE
    merged = _connect(None)
    create_schema(merged)
    load_embedded(read_graph_json(out / "graph.json"), conn=merged)
    with open_store(out / "graph.json") as store:
        assert _everything(store.conn) == _everything(merged)
        assert len(_everything(merged)) > 5
