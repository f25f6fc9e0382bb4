"""paperkg/executors.py: the same fragments, in input order, in one process, a process pool or on Dask."""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle

import pytest
from spacy.language import Language

from kg.errors import BadRecord, InputError, UsageError
from kg.model import Paper
from kg.readers import papers, read_inputs
from paperkg import executors
from paperkg.build import build
from paperkg.executors import ExecutorError, decode_fragment, encode_fragment, extract_chunk, extract_stream
from paperkg.pipeline import extract_fragments, load_pipeline
from tests.conftest import REPO, SHARED


def _papers(n: int) -> list[Paper]:
    return [Paper(id=f"title:{i}", title=f"P{i}: a title", abstract=f"We use COCO and {i}0.5 AP on LVIS.",
                  source=f"papers.jsonl:{i + 1}") for i in range(n)]


def _example_papers() -> list[Paper]:
    return list(papers(read_inputs([REPO / "examples"]), on_problem=lambda bad: None))


def test_encoding_round_trips_every_fragment_of_the_examples_in_fewer_bytes():
    fragments = list(extract_fragments(_example_papers(), load_pipeline()))
    assert sum(len(f.results) for f in fragments) and sum(len(f.mentions) for f in fragments) > 100
    encoded = [encode_fragment(f) for f in fragments]
    assert [decode_fragment(f.paper, e) for f, e in zip(fragments, encoded)] == fragments
    assert len(pickle.dumps(encoded)) < 0.8 * len(pickle.dumps([(f.mentions, f.results) for f in fragments]))


def test_a_chunk_sends_back_positions_not_papers():
    chunk = _papers(3)
    fragments, problems = extract_chunk(chunk)
    assert [i for i, _ in fragments] == [0, 1, 2] and problems == []
    assert b"Paper" not in pickle.dumps(fragments)  # the caller holds the papers


def test_a_process_pool_gives_the_same_fragments_in_the_same_order(monkeypatch):
    papers_ = _papers(7)
    one = list(extract_stream(papers_, load_pipeline()))
    forked = list(extract_stream(papers_, load_pipeline(), jobs=2, chunk_size=2))
    assert forked == one
    assert all(f.paper is p for f, p in zip(forked, papers_))
    # where processes cannot fork, workers load the pipeline from the config
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = list(extract_stream(papers_, jobs=2, chunk_size=3))
    assert spawned == one


@Language.component("test_fails_on_paper_3")
def _fails_on_paper_3(doc):
    if doc.text.startswith("P3:"):
        raise RuntimeError("boom")
    return doc


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_component_failing_on_one_paper_skips_and_reports_it(jobs):
    nlp = load_pipeline()
    nlp.add_pipe("test_fails_on_paper_3", after="abbreviations")
    problems: list[BadRecord] = []
    fragments = list(extract_stream(_papers(6), nlp, jobs=jobs, chunk_size=2, on_problem=problems.append))
    assert [f.paper.id for f in fragments] == ["title:0", "title:1", "title:2", "title:4", "title:5"]
    assert [str(p) for p in problems] == [
        "papers.jsonl:4: extraction failed in component 'test_fails_on_paper_3' (RuntimeError: boom); paper skipped"]
    with pytest.raises(BadRecord, match="boom"):  # without a problem handler the pool raises the bad record
        list(extract_stream(_papers(6), nlp, jobs=2, chunk_size=2))


def test_usage_errors_come_before_any_work(monkeypatch):
    never = iter(())
    with pytest.raises(UsageError, match="unknown executor 'spark'; one of: processes, dask"):
        extract_stream(never, executor="spark")
    with pytest.raises(UsageError, match="--scheduler needs --executor dask"):
        extract_stream(never, scheduler="tcp://127.0.0.1:8786")
    monkeypatch.setattr(executors, "dask_available", lambda: False)
    with pytest.raises(UsageError, match=r"--executor dask needs Dask: pip install 'paperkg\[dask\]'"):
        extract_stream(never, executor="dask")


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    stream = extract_stream(_papers(2), executor="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(ExecutorError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        next(stream)


def test_a_worker_failing_outside_the_per_paper_step_is_one_clear_error(tmp_path):
    distributed = pytest.importorskip("distributed")  # the test extra installs it: CI runs this
    missing = tmp_path / "nowhere.cfg"  # the workers cannot build this pipeline
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        stream = extract_stream(_papers(3), executor="dask", scheduler=cluster.scheduler_address, config=missing)
        with pytest.raises(ExecutorError, match=r"a Dask worker failed \(PipelineError: .*nowhere\.cfg"):
            next(stream)


def _inputs() -> list:
    corpus = sorted((SHARED / "corpus").glob("*.txt"))
    if not corpus:
        pytest.skip(f"{SHARED / 'corpus'} not found (the shared corpus sits beside the repository)")
    return [REPO / "examples", corpus[0]]  # examples/ and a slice of the corpus (one file): 134 papers


def test_dask_on_a_two_worker_local_cluster_writes_the_same_graph_json(tmp_path):
    inputs = _inputs()
    single = build(inputs, tmp_path / "single", exports=[])
    on_dask = build(inputs, tmp_path / "dask", executor="dask", jobs=2, exports=[])
    assert on_dask.papers_added == single.papers_added > 100
    assert (tmp_path / "dask" / "graph.json").read_bytes() == (tmp_path / "single" / "graph.json").read_bytes()


def test_on_dask_the_workers_read_big_files_in_partitions(tmp_path, monkeypatch):
    import json

    from kg.readers import partitions

    rows = [json.dumps({"title": f"Paper {i}", "abstract": "We train ResNet-50 on ImageNet and report top-1 "
                        "accuracy of 76.1%."}) for i in range(40)]
    rows[7] = "{broken"
    rows[20] = rows[3]  # a duplicate record, merged as in a single-process build
    (tmp_path / "papers.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    planned = []

    def plan(files, fmt=None):  # small partitions: the 40 records are read by the workers in several parts
        planned.extend(partitions.plan_partitions(files, fmt, size=600))
        return planned

    monkeypatch.setattr("paperkg.build.plan_partitions", plan)
    single = build([tmp_path / "papers.jsonl"], tmp_path / "single", exports=[])
    with executors.dask_client(jobs=2) as client:
        monkeypatch.setattr("paperkg.build.dask_client", lambda jobs, scheduler: contextlib.nullcontext(client))
        on_dask = build([tmp_path / "papers.jsonl"], tmp_path / "dask", executor="dask", exports=[])
    assert (tmp_path / "dask" / "graph.json").read_bytes() == (tmp_path / "single" / "graph.json").read_bytes()
    assert [str(b) for b in on_dask.skipped] == [str(b) for b in single.skipped] == [
        f"{tmp_path / 'papers.jsonl'}:8: invalid JSON (Expecting property name enclosed in double quotes at column 2)"]
    assert (on_dask.duplicates, on_dask.papers_added) == (single.duplicates, single.papers_added) == (1, 38)
    assert len(planned) > 5 and planned[3].first_line > 0


def test_an_input_a_worker_cannot_open_is_named(tmp_path):
    from kg.readers.partitions import Partition

    pytest.importorskip("distributed")
    with executors.dask_client(jobs=1) as client:
        items = executors.read_on_workers(client, [Partition(str(tmp_path / "gone.jsonl"), "jsonl", 0, 9)])
        with pytest.raises(InputError, match="gone.jsonl: cannot read"):
            list(items)
