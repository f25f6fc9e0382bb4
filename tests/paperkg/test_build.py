"""Building graphs from files: dedup, --update idempotence, --strict, evidence everywhere."""

from __future__ import annotations

import errno
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from paperkg.build import build, build_graph
from kg.errors import BadRecord
from kg.graphjson import read_graph_json
from kg.store import GraphStore


def test_build_merges_duplicates_and_counts_bad_records(fixtures, tmp_path):
    report = build([fixtures / "dump.txt", fixtures / "papers.jsonl"], tmp_path, exports=[])
    assert report.papers_read == 6  # 3 from the dump (one twice) + 3 good JSONL records
    assert report.duplicates == 1
    (title, first, again), = report.duplicate_sources
    assert title.startswith("SePiCo") and first.endswith("dump.txt:13") and again.endswith("dump.txt:25")
    assert report.papers_added == 5
    assert len(report.skipped) == 5
    assert report.skipped_reasons()["invalid JSON"] == 1
    kg = read_graph_json(tmp_path / "graph.json")
    assert report.counts == kg.counts()
    assert kg.counts()["nodes"]["Paper"] == 5


def test_every_edge_carries_evidence(fixtures, tmp_path):
    build([fixtures / "dump.txt", fixtures / "papers.jsonl"], tmp_path, exports=[])
    kg = read_graph_json(tmp_path)
    relations = list(kg.relations())
    assert any(r.type == "HAS_CODE" for r in relations)
    assert any(r.type == "AUTHORED_BY" for r in relations)
    for rel in relations:
        assert rel.evidence, rel
        for ev in rel.evidence:
            assert ev.extractor
            if ev.start is not None:  # text evidence points into title + "\n" + abstract
                node = kg.node(rel.source)
                paper = kg.node(node.get("paper")) if node.label == "Result" else node
                text = f"{paper.get('title')}\n{paper.get('abstract')}"
                assert text[ev.start:ev.end] == ev.surface


def test_code_links_from_text_and_metadata_are_one_repository(fixtures, tmp_path):
    build([fixtures / "papers.jsonl"], tmp_path, exports=[])
    kg = read_graph_json(tmp_path)
    edge = kg.relation("arxiv:2211.12860", "repo:github.com/sense-x/co-detr", "HAS_CODE")
    assert {e.extractor for e in edge.evidence} == {"code_links", "metadata"}
    assert "repo:gitlab.com/group/project" in kg


def test_update_adds_papers_and_is_idempotent(fixtures, tmp_path):
    build([fixtures / "dump.txt"], tmp_path, exports=[])
    first = read_graph_json(tmp_path).counts()
    report = build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=[])
    assert report.papers_added == 3
    grown = (tmp_path / "graph.json").read_bytes()
    assert read_graph_json(tmp_path).counts()["nodes"]["Paper"] == first["nodes"]["Paper"] + 3
    again = build([fixtures / "dump.txt", fixtures / "papers.jsonl"], tmp_path, update=True, exports=[])
    assert again.papers_added == 0 and again.already_in_graph == 5
    assert (tmp_path / "graph.json").read_bytes() == grown


def test_update_writes_what_a_full_build_of_the_union_writes(fixtures, tmp_path):
    # issue 15: an --update drew graph.html from a reloaded graph (nodes in id order) and a
    # full build from a fresh one (nodes in reading order); the page must not depend on it
    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    build(inputs, tmp_path / "full", exports=["html", "turtle"])
    build(inputs[:1], tmp_path / "grown", exports=["html", "turtle"])
    build(inputs[1:], tmp_path / "grown", update=True, exports=["html", "turtle"])
    for name in ("graph.json", "graph.html", "graph.ttl"):
        assert (tmp_path / "full" / name).read_bytes() == (tmp_path / "grown" / name).read_bytes(), name
    before = {p.name: p.read_bytes() for p in (tmp_path / "grown").iterdir()}
    build(inputs, tmp_path / "grown", update=True, exports=["html", "turtle"])  # nothing new
    assert {p.name: p.read_bytes() for p in (tmp_path / "grown").iterdir()} == before


def test_building_twice_gives_the_same_graph(fixtures, tmp_path):
    build([fixtures], tmp_path / "a", exports=[])
    build([fixtures], tmp_path / "b", exports=[])
    assert (tmp_path / "a" / "graph.json").read_bytes() == (tmp_path / "b" / "graph.json").read_bytes()


def test_strict_stops_at_the_first_bad_record(fixtures, tmp_path):
    with pytest.raises(BadRecord) as info:
        build([fixtures / "papers.jsonl"], tmp_path, strict=True, exports=[])
    assert str(info.value).endswith("papers.jsonl:3: invalid JSON (Expecting value at column 52)")
    assert not (tmp_path / "graph.json").exists()


def test_failed_build_leaves_previous_graph(fixtures, tmp_path, monkeypatch):
    build([fixtures / "dump.txt"], tmp_path, exports=[])
    before = (tmp_path / "graph.json").read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("json.dump", explode)
    with pytest.raises(RuntimeError):
        build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=[])
    assert (tmp_path / "graph.json").read_bytes() == before


def test_build_graph_with_two_processes_matches_one(fixtures):
    one, _ = build_graph([fixtures / "dump.txt", fixtures / "papers.jsonl"], jobs=1)
    two, _ = build_graph([fixtures / "dump.txt", fixtures / "papers.jsonl"], jobs=2)
    from kg.graphjson import graph_to_dict
    assert json.dumps(graph_to_dict(one)) == json.dumps(graph_to_dict(two))


@pytest.mark.slow
def test_corpus_build(tmp_path):
    from tests.conftest import SHARED

    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found (the shared corpus sits beside the repository)")
    report = build([corpus], tmp_path, exports=[])
    assert report.papers_read == 468 and report.duplicates == 19 and not report.skipped
    assert report.counts["nodes"]["Paper"] == 449
    assert report.counts["nodes"]["Repository"] >= 90
    shutil.rmtree(tmp_path)


def test_build_names_each_phase_as_it_starts(fixtures, tmp_path):
    phases = []
    build([fixtures / "papers.jsonl"], tmp_path, exports=["turtle"], on_phase=phases.append)
    assert phases == ["extracting", "writing graph.json", "writing graph.ttl"]
    phases.clear()
    build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=[], on_phase=phases.append)
    assert phases == ["reading graph.json", "extracting", "writing graph.json"]


def _outputs(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_full_disk_in_any_writer_keeps_the_previous_outputs_together(fixtures, tmp_path, monkeypatch):
    build([fixtures / "dump.txt"], tmp_path, exports=["turtle", "html"])
    before = _outputs(tmp_path)
    assert sorted(before) == ["graph.html", "graph.json", "graph.ttl"]

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("exports.html.write_html", full)  # the last writer: graph.json and graph.ttl are done
    with pytest.raises(OSError, match="No space left"):
        build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=["turtle", "html"])
    assert _outputs(tmp_path) == before  # no new graph.json beside the old graph.html, no staging left


_KILLED_BUILD = """
import os, signal, sys
from paperkg.build import build

def phase(name):
    if name == sys.argv[3]:
        os.kill(os.getpid(), signal.SIGKILL)

build([sys.argv[1]], sys.argv[2], update=True, exports=["turtle", "html"], on_phase=phase)
"""


@pytest.mark.parametrize("kill_at", ["writing graph.ttl", "writing graph.html"])
def test_a_build_killed_while_writing_leaves_the_previous_outputs(fixtures, tmp_path, kill_at):
    build([fixtures / "dump.txt"], tmp_path, exports=["turtle", "html"])
    before = _outputs(tmp_path)
    root = Path(__file__).resolve().parents[2]
    killed = subprocess.run([sys.executable, "-c", _KILLED_BUILD, str(fixtures / "papers.jsonl"), str(tmp_path), kill_at],
                            cwd=root, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".staging-"))  # it left its staging
    assert _outputs(tmp_path) != before
    assert {k: v for k, v in _outputs(tmp_path).items() if not k.startswith(".")} == before
    build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=["turtle", "html"])
    assert sorted(_outputs(tmp_path)) == sorted(before)  # the next build cleaned up
    assert read_graph_json(tmp_path).counts()["nodes"]["Paper"] == 2 + 3  # the dump's, then the JSONL's


def test_an_abstract_over_a_million_characters_is_reported_not_fatal(tmp_path):
    papers = tmp_path / "papers.jsonl"
    huge = {"title": "Huge", "abstract": "We use COCO. " * 80_000}  # 1,040,000 characters: over spaCy's limit
    small = {"title": "Small", "abstract": "We use COCO."}
    papers.write_text(json.dumps(huge) + "\n" + json.dumps(small) + "\n", encoding="utf-8")
    report = build([papers], tmp_path / "out", exports=[])
    assert report.papers_added == 1
    # the reader refuses it (kg.readers.lines); the pipeline would report it too (tests/paperkg/test_pipeline.py)
    assert [b.line for b in report.skipped] == [1] and "longer than 1,000,000 characters" in report.skipped[0].message


def _turtle_triples(path: Path) -> set:
    from rdflib import Graph

    return set(Graph().parse(path, format="turtle"))  # the mapping makes no blank nodes: sets compare graphs


def test_store_build_writes_the_in_memory_build_graph(tmp_path):
    from tests.conftest import REPO

    inputs = [REPO / "examples"]
    build(inputs, tmp_path / "memory", exports=["turtle", "ntriples"])
    report = build(inputs, tmp_path / "store", exports=["turtle", "ntriples"], store=True)
    assert (tmp_path / "memory" / "graph.json").read_bytes() == (tmp_path / "store" / "graph.json").read_bytes()
    triples = [set((tmp_path / d / "graph.nt").read_bytes().split(b"\n")) for d in ("memory", "store")]
    assert triples[0] == triples[1]  # streamed from the store paper by paper
    # Turtle too, paper by paper: other bytes than rdflib's whole-graph writer, the same graph
    assert report.written == {"ntriples": "written", "turtle": "written"}
    assert _turtle_triples(tmp_path / "store" / "graph.ttl") == _turtle_triples(tmp_path / "memory" / "graph.ttl")
    assert report.outputs["store"] == str(tmp_path / "store" / "graph.store")
    assert report.counts == read_graph_json(tmp_path / "memory").counts()
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["graph.json", "graph.nt", "graph.store",
                                                                       "graph.ttl"]


def test_store_update_extracts_only_new_papers_and_equals_a_full_build(fixtures, tmp_path):
    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    build(inputs, tmp_path / "full", exports=["html"])
    build(inputs[:1], tmp_path / "grown", exports=["html"], store=True)
    extracted = []  # on_paper sees each fragment that comes out of extraction
    report = build(inputs, tmp_path / "grown", update=True, exports=["html"], store=True,
                   on_paper=lambda paper: extracted.append(paper.id))
    assert report.papers_added == 3 and len(extracted) == 3
    assert report.unchanged_inputs == [str(inputs[0])] and report.already_in_graph == 0  # dump.txt: not read again
    assert report.written["html"] == "written"  # from the store (exports/html_store.py), rewritten whole
    for name in ("graph.json", "graph.html"):
        assert (tmp_path / "full" / name).read_bytes() == (tmp_path / "grown" / name).read_bytes(), name
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "grown").iterdir()}
    again = build(inputs, tmp_path / "grown", update=True, exports=["html"], store=True)
    assert again.papers_added == 0 and again.written["html"] == "unchanged"
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "grown").iterdir()} == before  # nothing rewritten


def test_store_update_reads_again_the_inputs_that_changed_since(fixtures, tmp_path):
    lines = [json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": f"We train ResNet-50 on COCO ({i})."}) + "\n"
             for i in range(3)]
    jsonl = tmp_path / "papers.jsonl"
    jsonl.write_text("".join(lines[:-1]), encoding="utf-8")
    dump = fixtures / "dump.txt"
    build([dump, jsonl], tmp_path / "out", store=True, exports=[])
    with open(jsonl, "a", encoding="utf-8") as fh:  # a snapshot that grew
        fh.write(lines[-1])
    report = build([dump, jsonl], tmp_path / "out", update=True, exports=[])
    assert report.unchanged_inputs == [str(dump)] and report.files == [str(jsonl)]
    assert report.papers_added == 1 and report.already_in_graph == 2
    build([dump, jsonl], tmp_path / "full", exports=[])
    assert (tmp_path / "out" / "graph.json").read_bytes() == (tmp_path / "full" / "graph.json").read_bytes()
    again = build([jsonl], tmp_path / "out", update=True, exports=[], fmt="jsonl")  # read another way: again
    assert again.unchanged_inputs == [] and again.files == [str(jsonl)] and again.already_in_graph == 3
    again = build([jsonl], tmp_path / "out", update=True, exports=[], fmt="jsonl")
    assert again.unchanged_inputs == [str(jsonl)] and again.files == [] and again.papers_read == 0


@pytest.mark.slow
def test_store_html_of_the_examples_grown_by_an_update_without_reading_graph_json_back(tmp_path, monkeypatch):
    from tests.conftest import REPO

    inputs = sorted((REPO / "examples").iterdir())
    assert len(inputs) == 2
    build(inputs, tmp_path / "full", exports=["html"])

    def refuse(*args, **kwargs):
        raise AssertionError("graph.json read back: the HTML view must come from the store")

    monkeypatch.setattr("paperkg.build.read_graph_json", refuse)
    build(inputs, tmp_path / "store", store=True)  # the default exports (Turtle, HTML) are both streamed
    build(inputs[:1], tmp_path / "grown", exports=["html"], store=True)
    report = build(inputs, tmp_path / "grown", update=True, exports=["html"], store=True)
    assert report.papers_added > 0 and report.written["html"] == "written"
    for out in ("store", "grown"):
        for name in ("graph.json", "graph.html"):
            assert (tmp_path / out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), (out, name)


def _grown_by_an_update(fixtures, out, export: str) -> tuple[list, bytes]:
    """dump.txt built into *out* with --store, then --update with papers.jsonl too; checks that the
    update appended the new papers after the old ones (whose text stays as it was). Returns the inputs
    and the output's bytes."""
    from kg.registry import registry

    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    name = "graph" + registry.get("exporter", export).meta["suffix"]
    first = build(inputs[:1], out, exports=[export], store=True)
    old = (out / name).read_bytes()
    store = GraphStore(out / "graph.store")
    papers_end = store.get_meta(f"output:{export}:{name}")["tail"]  # where the entities' part starts
    store.close()
    report = build(inputs, out, update=True, exports=[export], store=True)
    assert (first.written, report.written) == ({export: "written"}, {export: "appended"})
    grown = (out / name).read_bytes()
    assert 0 < papers_end < len(old) and grown[:papers_end] == old[:papers_end]
    return inputs, grown


def test_store_update_appends_to_n_triples_and_equals_a_full_build(fixtures, tmp_path):
    inputs, grown = _grown_by_an_update(fixtures, tmp_path / "grown", "ntriples")
    build(inputs, tmp_path / "full", exports=["ntriples"], store=True)
    assert sorted(grown.split(b"\n")) == sorted((tmp_path / "full" / "graph.nt").read_bytes().split(b"\n"))
    again = build(inputs, tmp_path / "grown", update=True, exports=["ntriples"], store=True)
    assert again.written == {"ntriples": "unchanged"}
    (tmp_path / "grown" / "graph.nt").write_bytes(b"")  # damaged: the next update rewrites it
    healed = build(inputs, tmp_path / "grown", update=True, exports=["ntriples"], store=True)
    assert healed.written == {"ntriples": "written"}
    assert (tmp_path / "grown" / "graph.nt").read_bytes() == (tmp_path / "full" / "graph.nt").read_bytes()


def test_store_neo4j_csv_is_streamed_then_appended_and_equals_the_in_memory_export(fixtures, tmp_path):
    from tests.conftest import REPO
    from tests.exports.test_neo4j_csv_stream import assert_same_export

    build([REPO / "examples"], tmp_path / "memory", exports=["neo4j-csv"])
    report = build([REPO / "examples"], tmp_path / "store", exports=["neo4j-csv"], store=True)
    assert report.written == {"neo4j-csv": "written"} and report.outputs["neo4j-csv"] == str(tmp_path / "store/graph")
    assert_same_export(tmp_path / "memory" / "graph", tmp_path / "store" / "graph")
    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    build(inputs, tmp_path / "full", exports=["neo4j-csv"])
    build(inputs[:1], tmp_path / "grown", exports=["neo4j-csv"], store=True)
    grown = build(inputs, tmp_path / "grown", update=True, exports=["neo4j-csv"], store=True)
    assert grown.written == {"neo4j-csv": "appended"}
    assert_same_export(tmp_path / "full" / "graph", tmp_path / "grown" / "graph")
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "grown" / "graph").iterdir()}
    again = build(inputs, tmp_path / "grown", update=True, exports=["neo4j-csv"], store=True)
    assert again.written == {"neo4j-csv": "unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "grown" / "graph").iterdir()} == before


def test_store_update_appends_to_turtle_and_equals_a_full_build(fixtures, tmp_path):
    inputs, _grown = _grown_by_an_update(fixtures, tmp_path / "grown", "turtle")
    build(inputs, tmp_path / "full", exports=["turtle"])  # in memory: rdflib's whole-graph Turtle
    assert _turtle_triples(tmp_path / "grown" / "graph.ttl") == _turtle_triples(tmp_path / "full" / "graph.ttl")
    again = build(inputs, tmp_path / "grown", update=True, exports=["turtle"], store=True)
    assert again.written == {"turtle": "unchanged"}


def test_store_update_of_a_graph_built_in_memory(fixtures, tmp_path):
    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    build(inputs, tmp_path / "full", exports=[])
    build(inputs[1:], tmp_path / "grown", exports=[])
    build(inputs[:1], tmp_path / "grown", update=True, exports=[], store=True)
    assert (tmp_path / "full" / "graph.json").read_bytes() == (tmp_path / "grown" / "graph.json").read_bytes()
    build(inputs[:1], tmp_path / "grown", exports=[])  # an in-memory build makes the old store stale: it goes
    assert not (tmp_path / "grown" / "graph.store").exists()


def test_failed_store_update_leaves_graph_and_store(fixtures, tmp_path, monkeypatch):
    build([fixtures / "dump.txt"], tmp_path, exports=[], store=True)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("paperkg.build.write_store_graph_json", explode)
    with pytest.raises(RuntimeError):
        build([fixtures / "papers.jsonl"], tmp_path, update=True, exports=[], store=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_store_is_chosen_for_big_inputs_and_for_updates_of_a_store(fixtures, tmp_path, monkeypatch):
    import gzip

    from paperkg import build as build_module
    from paperkg.build import choose_store

    small = [str(fixtures / "dump.txt")]
    assert choose_store(small, tmp_path, update=False) == ""
    monkeypatch.setattr(build_module, "AUTO_STORE_BYTES", (fixtures / "dump.txt").stat().st_size)
    assert "the input is" in choose_store(small, tmp_path, update=False)
    packed = tmp_path / "dump.txt.gz"
    packed.write_bytes(gzip.compress((fixtures / "dump.txt").read_bytes()))
    monkeypatch.setattr(build_module, "AUTO_STORE_BYTES", packed.stat().st_size * 4)  # counted as 4x its size
    assert choose_store([str(packed)], tmp_path, update=False)
    assert choose_store(["<stdin>"], tmp_path, update=False) == ""  # size unknown: in memory
    monkeypatch.setattr(build_module, "AUTO_STORE_BYTES", 1 << 40)
    report = build(small, tmp_path / "out", exports=[])
    assert report.store_reason == "" and not (tmp_path / "out" / "graph.store").exists()
    build(small, tmp_path / "out", exports=[], store=True)
    report = build([fixtures / "papers.jsonl"], tmp_path / "out", update=True, exports=[])
    assert report.store_reason.endswith("graph.store exists") and report.written == {}
    report = build([fixtures / "papers.jsonl"], tmp_path / "out", update=True, exports=[], store=False)
    assert report.store_reason == "" and not (tmp_path / "out" / "graph.store").exists()  # --no-store: in memory


def test_store_build_refreshes_the_query_database_when_there_is_one(fixtures, tmp_path):
    from exports.embedded_store import is_fresh, open_store, run_query, store_path

    inputs = [fixtures / "dump.txt", fixtures / "papers.jsonl"]
    report = build(inputs[:1], tmp_path, exports=[], store=True)
    assert "query database" not in report.outputs and not store_path(tmp_path).exists()  # nobody queried: none made
    with open_store(tmp_path) as first:
        before = run_query(first.conn, "MATCH (p:Paper) RETURN count(p)").rows
    report = build(inputs, tmp_path, update=True, exports=[], store=True)
    assert report.outputs["query database"] == str(store_path(tmp_path)) and is_fresh(tmp_path)
    with open_store(tmp_path) as again:
        assert not again.built  # the first query after the build finds it ready
        after = run_query(again.conn, "MATCH (p:Paper) RETURN count(p)").rows
    assert after[0][0] == before[0][0] + report.papers_added > before[0][0]
