"""neo4j-admin CSV streamed from the graph store: the rows of the in-memory export, appended on update."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from exports.neo4j_csv import COMMAND_FILE, CONSTRAINTS_FILE, write_neo4j_csv
from exports.neo4j_csv_stream import KEY, write_store_neo4j_csv
from kg.graph import KnowledgeGraph
from kg.store import GraphStore
from tests.exports.html_sample import make_graph
from tests.exports.neo4j_sample import sample_graph
from tests.exports.test_rdf_stream import _split

HOSTILE = 'a "quoted", back\\slash\\", }{ brace,\nnew line; semi\r\nand CR'


def _tables(directory: Path) -> dict[str, tuple[list[str], Counter]]:
    """Each CSV file's header and its rows as a multiset (the streamed rows come paper by paper)."""
    tables = {}
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:  # RFC 4180, as neo4j-admin reads it
            rows = list(csv.reader(fh))
        tables[path.name] = (rows[0], Counter(map(tuple, rows[1:])))
    return tables


def assert_same_export(memory: Path, streamed: Path) -> None:
    """The contract: the same files, headers and rows as the in-memory export, the same command files."""
    assert _tables(streamed) == _tables(memory)
    for name in (COMMAND_FILE, CONSTRAINTS_FILE):
        assert (streamed / name).read_text(encoding="utf-8") == (memory / name).read_text(encoding="utf-8"), name


def _store(kg: KnowledgeGraph, path: Path) -> GraphStore:
    store = GraphStore(path)
    store.add_graph(kg)
    store.commit()
    return store


def _hostile(kg: KnowledgeGraph) -> KnowledgeGraph:
    kg.set_properties("dataset:coco", description=HOSTILE, aliases=["COCO", "MS;COCO"])  # ; in an array: "|"
    return kg


@pytest.mark.parametrize("graph", [lambda: make_graph(n_extra=3), sample_graph, lambda: _hostile(make_graph(2))])
def test_same_rows_as_the_in_memory_export(tmp_path, graph):
    kg = graph()
    write_neo4j_csv(kg, tmp_path / "memory")
    store = _store(kg, tmp_path / "graph.store")
    assert write_store_neo4j_csv(store, tmp_path / "stream") == "written"
    assert_same_export(tmp_path / "memory", tmp_path / "stream")


@pytest.mark.parametrize("sample", [0, 1000], ids=["guessed-wrong", "sampled"])
def test_the_delimiter_and_extra_columns_found_late_are_written_with_the_in_memory_header(tmp_path, monkeypatch,
                                                                                        sample):
    import exports.neo4j_csv_stream as stream

    monkeypatch.setattr(stream, "SAMPLE", sample)  # 0: the guess sees no paper, so the first write is wrong
    passes, write_all = [], stream._write_all
    monkeypatch.setattr(stream, "_write_all", lambda *a, **k: passes.append(1) or write_all(*a, **k))
    kg = make_graph(n_extra=2)
    paper = next(n.id for n in kg.nodes("Paper"))
    kg.set_properties(paper, venue_rank=3, authors=["Doe; J.", "Roe, R."])  # an extra column; ";" in an array
    write_neo4j_csv(kg, tmp_path / "memory")
    store = _store(kg, tmp_path / "graph.store")
    write_store_neo4j_csv(store, tmp_path / "stream")
    assert len(passes) == (2 if sample == 0 else 1)
    assert_same_export(tmp_path / "memory", tmp_path / "stream")
    header = _tables(tmp_path / "stream")["nodes_Paper.csv"][0]
    assert "venue_rank:long" in header and "U+007C" in (tmp_path / "stream" / COMMAND_FILE).read_text()
    assert not list((tmp_path / "stream").glob(".*.tmp"))  # the first, wrongly guessed, files were discarded


@pytest.mark.slow
def test_same_rows_on_the_examples(tmp_path):
    from paperkg.build import build_graph
    from tests.conftest import REPO

    kg, _ = build_graph([REPO / "examples"])
    write_neo4j_csv(kg, tmp_path / "memory")
    write_store_neo4j_csv(_store(kg, tmp_path / "graph.store"), tmp_path / "stream")
    assert_same_export(tmp_path / "memory", tmp_path / "stream")


def _grown(tmp_path: Path, old: KnowledgeGraph, new: KnowledgeGraph) -> tuple[GraphStore, str, dict[str, bytes]]:
    """Write *old* from a store, reopen it as the next build does, merge *new* and append."""
    store = _store(old, tmp_path / "graph.store")
    assert write_store_neo4j_csv(store, tmp_path / "csv") == "written"
    store.commit()  # the files' state is recorded with the papers
    store.close()
    before = {p.name: p.read_bytes() for p in (tmp_path / "csv").glob("*.csv")}
    store = GraphStore(tmp_path / "graph.store")
    store.add_graph(new)
    store.commit()
    return store, write_store_neo4j_csv(store, tmp_path / "csv", append=True), before


def test_an_update_appends_the_new_papers_rows_and_equals_a_full_export(tmp_path):
    kg = _hostile(make_graph(n_extra=4))
    store, outcome, before = _grown(tmp_path, *_split(kg, 2))
    assert outcome == "appended"
    write_neo4j_csv(kg, tmp_path / "memory")
    assert_same_export(tmp_path / "memory", tmp_path / "csv")
    for name in ("nodes_Paper.csv", "rels_EVALUATES_ON.csv"):  # the old rows stay, the new ones follow
        grown = (tmp_path / "csv" / name).read_bytes()
        assert grown.startswith(before[name]) and len(grown) > len(before[name]), name
    assert write_store_neo4j_csv(store, tmp_path / "csv", append=True) == "unchanged"
    assert_same_export(tmp_path / "memory", tmp_path / "csv")


def test_an_update_with_a_new_relationship_type_adds_its_file_and_command(tmp_path):
    kg = make_graph(n_extra=4)
    old, new = _split(kg, 1)
    types = {r.type for r in new.relations()} - {r.type for r in old.relations()}
    assert types  # the sample's second part brings a relationship type the first has not
    _store_, outcome, _before = _grown(tmp_path, old, new)
    assert outcome == "appended"
    write_neo4j_csv(kg, tmp_path / "memory")
    assert_same_export(tmp_path / "memory", tmp_path / "csv")


def test_a_damaged_file_makes_the_update_rewrite_everything(tmp_path):
    kg = make_graph(n_extra=4)
    old, new = _split(kg, 2)
    store = _store(old, tmp_path / "graph.store")
    write_store_neo4j_csv(store, tmp_path / "csv")
    store.add_graph(new)
    store.commit()
    with open(tmp_path / "csv" / "rels_EVALUATES_ON.csv", "ab") as fh:  # as a crash half-way through an append
        fh.write(b'title:x,"dataset:')
    assert write_store_neo4j_csv(store, tmp_path / "csv", append=True) == "written"
    write_neo4j_csv(kg, tmp_path / "memory")
    assert_same_export(tmp_path / "memory", tmp_path / "csv")
    (tmp_path / "csv" / "nodes_Dataset.csv").unlink()  # a missing file is not the recorded one either
    assert write_store_neo4j_csv(store, tmp_path / "csv", append=True) == "written"
    assert_same_export(tmp_path / "memory", tmp_path / "csv")


def _change_in_new_part(kg: KnowledgeGraph, **props) -> KnowledgeGraph:
    _old, new = _split(kg, 2)
    paper = sorted(n.id for n in new.nodes("Paper"))[0]
    kg.set_properties(paper, **props)
    return kg


@pytest.mark.parametrize("props", [{"authors": ["Doe; J."]}, {"venue_rank": 2}],
                         ids=["delimiter", "header"])
def test_new_rows_that_change_the_delimiter_or_a_header_rewrite_everything(tmp_path, props):
    kg = _change_in_new_part(make_graph(n_extra=4), **props)
    store, outcome, _before = _grown(tmp_path, *_split(kg, 2))
    assert outcome == "written"
    write_neo4j_csv(kg, tmp_path / "memory")
    assert_same_export(tmp_path / "memory", tmp_path / "csv")
    assert store.get_meta(f"output:{KEY}:csv/")["state"]["delimiter"] == ("|" if "authors" in props else ";")


def test_an_entity_that_changes_the_delimiter_rewrites_everything(tmp_path):
    kg = make_graph(n_extra=4)
    old, new = _split(kg, 2)
    entity = next(n.id for n in new.nodes("Dataset") if n.id in old)
    new.set_properties(entity, aliases=["A;B"])  # merged into the old entity: its array now holds ";"
    store, outcome, _before = _grown(tmp_path, old, new)
    assert outcome == "written"
    assert "U+007C" in (tmp_path / "csv" / COMMAND_FILE).read_text()
    kg.set_properties(entity, aliases=sorted({"A;B", *kg.node(entity).get("aliases", ())}))  # as merged
    write_neo4j_csv(kg, tmp_path / "memory")
    assert_same_export(tmp_path / "memory", tmp_path / "csv")
