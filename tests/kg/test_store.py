"""The SQLite graph store: the same graph.json bytes as the in-memory graph, durable commits, reopening."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from kg.graph import KnowledgeGraph
from kg.graphjson import write_graph_json
from kg.model import Mention, ResultRecord
from kg.store import GRAPH_JSON_META, GraphStore, file_stamp, write_store_graph_json
from tests.kg.conftest import ev, frag


def _voting_fragments():
    """Fragments whose merge depends on the rules: a name vote that flips, a result naming a node first,
    properties filled by a later paper, aliases and sources unions, authors, non-ASCII ids."""
    return [
        frag("title:c", [], [ResultRecord("F1", "metric:f1", 0.5, "0.5 F1", ev("0.5 F1", 3), dataset="SQuAD dev",
                                          dataset_id="dataset:squad")]),
        frag("title:d", [Mention("dataset", "dataset:squad", "SQuAD", ev("SQuAD", 1)),
                         Mention("method", "method:bért", "BÉRT", ev("BÉRT", 9))], authors=("Ana Núñez",)),
        frag("title:e", [Mention("dataset", "dataset:squad", "SQuAD 1.1", ev("SQuAD1.1", 4),
                                 props=(("url", "https://rajpurkar.github.io/SQuAD-explorer/"),))]),
        frag("title:f", [Mention("dataset", "dataset:squad", "SQuAD 1.1", ev("SQuAD v1.1", 2)),
                         Mention("method", "method:bért", "BERT", ev("BERT", 7), role="proposed")],
             authors=("Ana Núñez", "Bo Li")),
    ]


def _both(fragments, tmp_path) -> tuple[KnowledgeGraph, GraphStore]:
    """The same fragments merged in memory and into a store (committed)."""
    kg = KnowledgeGraph()
    store = GraphStore(tmp_path / "graph.store")
    for fragment in fragments:
        kg.add_fragment(fragment)
        store.add_fragment(fragment)
    store.commit()
    return kg, store


def _bytes_both_ways(fragments, tmp_path):
    kg, store = _both(fragments, tmp_path)
    write_graph_json(kg, tmp_path / "memory.json")
    write_store_graph_json(store, tmp_path / "store.json")
    store.close()
    return (tmp_path / "memory.json").read_bytes(), (tmp_path / "store.json").read_bytes()


def test_store_writes_the_graph_json_of_the_in_memory_graph(fragments, tmp_path):
    memory, stored = _bytes_both_ways([*fragments, *_voting_fragments()], tmp_path)
    assert memory == stored
    assert b'"name":"SQuAD 1.1"' in stored  # the vote flipped the name a result gave first


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_store_merges_in_any_order_like_the_graph(order, tmp_path):
    fragments = _voting_fragments()
    memory, stored = _bytes_both_ways([fragments[i] for i in order], tmp_path)
    assert memory == stored


def test_reopened_store_continues_where_it_stopped(fragments, tmp_path):
    every = [*fragments, *_voting_fragments()]
    store = GraphStore(tmp_path / "graph.store")
    for fragment in every[:3]:
        store.add_fragment(fragment)
    store.commit()
    store.close()
    store = GraphStore(tmp_path / "graph.store")
    assert "title:a" in store.paper_ids() and "title:f" not in store.paper_ids()
    assert len(store.paper_ids()) == 3
    for fragment in every[3:]:
        store.add_fragment(fragment)
    store.commit()
    write_store_graph_json(store, tmp_path / "grown.json")
    (tmp_path / "whole").mkdir()
    memory, _ = _bytes_both_ways(every, tmp_path / "whole")
    assert (tmp_path / "grown.json").read_bytes() == memory


def test_rollback_forgets_uncommitted_papers_and_entities(fragments, tmp_path):
    store = GraphStore(tmp_path / "graph.store")
    store.add_fragment(fragments[0])
    store.commit()
    before = store.counts()
    store.add_fragment(fragments[1])
    store.add_fragment(_voting_fragments()[1])
    store.rollback()
    assert store.counts() == before
    assert "title:b" not in store.paper_ids()


def test_a_paper_is_stored_once(fragments, tmp_path):
    store = GraphStore(tmp_path / "graph.store")
    store.add_fragment(fragments[0])
    with pytest.raises(sqlite3.IntegrityError):
        store.add_fragment(fragments[0])


def test_a_whole_graph_seeds_the_store(fragments, tmp_path):
    kg = KnowledgeGraph()
    for fragment in fragments:
        kg.add_fragment(fragment)
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(kg)
    for fragment in _voting_fragments():
        store.add_fragment(fragment)
        kg.add_fragment(fragment)
    store.commit()
    write_graph_json(kg, tmp_path / "memory.json")
    write_store_graph_json(store, tmp_path / "store.json")
    assert (tmp_path / "memory.json").read_bytes() == (tmp_path / "store.json").read_bytes()
    assert store.counts() == kg.counts()


def test_mark_and_papers_after_it(tmp_path):
    from kg.model import Evidence, Mention, Paper, PaperFragment

    store = GraphStore(tmp_path / "graph.store")
    assert store.mark() == 0
    for n in (2, 1):
        store.add_fragment(PaperFragment(Paper(f"title:{n}", f"T{n}", "We use COCO."), [
            Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 7, 11, "We use COCO.", "r"))]))
        if n == 2:
            mark = store.mark()
    assert [p for p, _, _ in store.papers()] == ["title:1", "title:2"]
    later = list(store.papers(after=mark))
    assert [p for p, _, _ in later] == ["title:1"] and len(later[0][2]) == 1  # with its relation
    assert list(store.papers(after=store.mark())) == []


def test_meta_is_json_and_transactional(tmp_path):
    store = GraphStore(tmp_path / "graph.store")
    assert store.get_meta("x") is None
    store.set_meta("x", {"a": [1, "é"]})
    store.commit()
    store.set_meta("x", 2)
    store.rollback()
    assert store.get_meta("x") == {"a": [1, "é"]}


def test_cache_rows_per_key_are_replaced_kept_or_dropped_with_the_transaction(tmp_path):
    store = GraphStore(tmp_path / "graph.store")
    store.set_cached("k", {"a": ({"x": 1}, "t\n{"), "b": ([2], ""), "c": ("é", "é")}, keep=[])
    store.set_cached("other", {"a": (0, "o")}, keep=[])
    store.commit()
    assert store.cached("k", ["a", "b", "z"]) == {"a": ({"x": 1}, "t\n{"), "b": ([2], "")}
    store.set_cached("k", {"b": ([3], "3")}, keep=["c"])  # a dropped, b replaced, c kept
    assert store.cached("k", ["a", "b", "c"]) == {"b": ([3], "3"), "c": ("é", "é")}
    assert store.cached("other", ["a"]) == {"a": (0, "o")}
    store.rollback()
    assert store.cached("k", ["a", "b", "c"]) == {"a": ({"x": 1}, "t\n{"), "b": ([2], ""), "c": ("é", "é")}


def test_streaming_graph_json_records_its_stamp_with_the_next_commit(tmp_path):
    store = GraphStore(tmp_path / "graph.store")
    for fragment in _voting_fragments():
        store.add_fragment(fragment)
    write_store_graph_json(store, tmp_path / "graph.json")
    store.commit()
    store.close()
    reopened = GraphStore(tmp_path / "graph.store")
    assert reopened.get_meta(GRAPH_JSON_META) == file_stamp(tmp_path / "graph.json")
    (tmp_path / "graph.json").write_text("{}", encoding="utf-8")  # rewritten by something else
    assert reopened.get_meta(GRAPH_JSON_META) != file_stamp(tmp_path / "graph.json")
    reopened.close()


def test_file_stamp_sees_an_edit_of_the_same_size_and_mtime(tmp_path):
    import os

    path = tmp_path / "f"
    path.write_bytes(b"a" * 10)
    before = file_stamp(path)
    stat = path.stat()
    path.write_bytes(b"b" * 10)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_stamp(path)["size"] == before["size"] and file_stamp(path)["mtime_ns"] == before["mtime_ns"]
    assert file_stamp(path) != before


def _store_and_graph(fragments, tmp_path):
    kg, store = _both(fragments, tmp_path)
    kg.add_node("title:lone", "Paper", title="No relations")  # degree 0: in the graph, in no edge row
    lone = KnowledgeGraph()
    lone.add_node("title:lone", "Paper", title="No relations")
    store.add_graph(lone)
    store.commit()
    return kg, store


def test_degrees_are_the_graphs_in_id_order(fragments, tmp_path):
    kg, store = _store_and_graph([*fragments, *_voting_fragments()], tmp_path)
    rows = list(store.degrees())
    assert [r[0] for r in rows] == sorted(n.id for n in kg.nodes())  # entities and owned nodes merged in order
    assert rows == [(n, kg.label_of(n), kg.degree(n)) for n, _l, _d in rows]
    assert ("title:lone", "Paper", 0) in rows
    assert store.number_of_nodes() == kg.number_of_nodes()
    assert store.entity("dataset:squad")["name"] == kg.node("dataset:squad").get("name")
    assert store.entity("title:c") is None  # a paper is not an entity


def test_relations_at_some_nodes_with_their_other_end(fragments, tmp_path):
    kg, store = _store_and_graph([*fragments, *_voting_fragments()], tmp_path)
    ids = ["dataset:squad", "title:d"]
    out = sorted((r["source"], r["target"], r["type"], (o or {}).get("id")) for r, o in
                 store.relations_at(ids, outgoing=True))
    assert out == sorted((r.source, r.target, r.type, r.target if kg.label_of(r.target) in ("Paper", "Result")
                          else None) for n in ids for r in kg.relations(source=n))
    into = [(r, o) for r, o in store.relations_at(ids, outgoing=False)]
    assert sorted((r["source"], r["type"]) for r, _o in into) == sorted(
        (r.source, r.type) for n in ids for r in kg.relations(target=n))
    assert all(o["id"] == r["source"] and o["label"] in ("Paper", "Result") for r, o in into)
    assert [n["id"] for n in store.owned_nodes(["title:d", "dataset:squad"])] == ["title:d"]


def test_relations_at_after_a_mark_are_the_later_papers_relations(tmp_path):
    from kg.model import Evidence, Mention, Paper, PaperFragment

    store = GraphStore(tmp_path / "graph.store")
    for n in (1, 2):
        if n == 2:
            mark = store.mark()
        store.add_fragment(PaperFragment(Paper(f"title:{n}", f"T{n}", "We use COCO."), [
            Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 7, 11, "We use COCO.", "r"))]))
    assert sorted(r["source"] for r, _o in store.relations_at(["dataset:coco"], outgoing=False)) == ["title:1", "title:2"]
    assert [r["source"] for r, _o in store.relations_at(["dataset:coco"], outgoing=False, after=mark)] == ["title:2"]
    assert list(store.relations_at(["dataset:coco"], outgoing=False, after=store.mark())) == []


def test_owned_neighbours_group_papers_next_to_some_entities(fragments, tmp_path):
    kg, store = _store_and_graph([*fragments, *_voting_fragments()], tmp_path)
    kept = {"dataset:squad", "method:bért"}
    expected = {}
    for n in sorted(kept):
        for b in kg.neighbours(n):
            if b not in kept and kg.label_of(b) in ("Paper", "Result"):
                expected.setdefault(b, set()).add(n)
    got = list(store.owned_neighbours(kept))
    assert [b for b, _ends in got] == sorted(expected)
    assert all(ends == sorted(expected[b]) for b, ends in got)
    assert any(len(ends) == 2 for _b, ends in got)  # title:d and title:f mention both


def test_edges_contain_scans_the_relations_text_only(tmp_path):
    from kg.model import Evidence, Mention, Paper, PaperFragment

    store = GraphStore(tmp_path / "graph.store")
    text = "We use COCO; and more."
    store.add_fragment(PaperFragment(Paper("title:1", "T|1", text), [
        Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 7, 11, text, "r"))]))
    assert store.edges_contain(";")  # the evidence sentence
    assert not store.edges_contain("|")  # only in the paper's title
