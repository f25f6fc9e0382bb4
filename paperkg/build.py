"""``kg build``: read inputs, extract, merge into a graph, write graph.json and exports."""

from __future__ import annotations

import contextlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exports.embedded_store import refresh_store, store_path as query_store_path
from exports.html_store import write_store_html
from exports.neo4j_csv_stream import write_store_neo4j_csv
from exports.rdf_stream import write_store_ntriples, write_store_turtle
from kg.errors import BadRecord
from kg.graph import KnowledgeGraph
from kg.graphjson import read_graph_json, write_graph_json
from kg.io import STDIN
from kg.model import Paper
from kg.outputs import recover, replace_together
from kg.readers import expand_inputs, papers, problem_handler, read_inputs
from kg.readers.partitions import plan_partitions
from kg.registry import registry
from kg.store import GraphStore, file_stamp, write_store_graph_json
from paperkg.executors import dask_client, extract_stream, read_on_workers
from paperkg.pipeline import load_pipeline

__all__ = ["AUTO_STORE_BYTES", "STORE_NAME", "STREAMED", "BuildReport", "build", "build_graph", "choose_store",
           "iter_new_papers"]

STORE_NAME = "graph.store"  #: the SQLite store of ``kg build --store``, beside graph.json
INPUTS_META = "inputs"  #: meta key of the store: the input files it read whole, with their stamps
#: Input size from which ``kg build`` uses the store unless told (about 40,000 papers of JSONL, where an
#: in-memory build needs some 1.6 GB; see docs/scale.md). Compressed files count as 4x their size.
AUTO_STORE_BYTES = 64 << 20
_GZIP_RATIO = 4
#: Exporters ``kg build --store`` writes straight from the store (the others read the whole graph back):
#: ``writer(store, target, append=...)`` returns "written", "appended" or "unchanged" (:mod:`kg.appendable`).
STREAMED: dict[str, Callable[..., str]] = {"ntriples": write_store_ntriples, "turtle": write_store_turtle,
                                           "neo4j-csv": write_store_neo4j_csv, "html": write_store_html}


@dataclass
class BuildReport:
    """What a build did: the numbers the CLI prints as its summary."""

    files: list[str] = field(default_factory=list)
    papers_read: int = 0
    papers_added: int = 0
    duplicates: int = 0  #: records of a paper already read in this run
    duplicate_sources: list[tuple[str, str, str]] = field(default_factory=list)  #: (title, first, again)
    already_in_graph: int = 0  #: papers skipped by --update because the graph has them
    skipped: list[BadRecord] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    store_reason: str = ""  #: why the build used graph.store ("" for an in-memory build)
    #: input files an update of the store did not read: the store merged all of them, unchanged since
    unchanged_inputs: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  #: streamed output -> "written", "appended", "unchanged"

    def skipped_reasons(self) -> Counter:
        return Counter(b.message.split(":")[0].split(" (")[0] for b in self.skipped)


def iter_new_papers(items: Iterable[Paper | BadRecord], report: BuildReport, *, known: set[str],
                    on_problem: Callable[[BadRecord], None]) -> Iterator[Paper]:
    """Papers not seen before; bad records go to *on_problem*; duplicates are merged and counted."""
    seen: dict[str, str] = {}  # paper id -> where it was first read
    for item in papers(items, on_problem=on_problem):
        report.papers_read += 1
        if item.id in seen:
            report.duplicates += 1
            report.duplicate_sources.append((item.title, seen[item.id], item.source))
            continue
        seen[item.id] = item.source
        if item.id in known:
            report.already_in_graph += 1
            continue
        yield item


def build_graph(inputs: Sequence[str | os.PathLike], *, fmt: str | None = None,
                graph: KnowledgeGraph | GraphStore | None = None,
                strict: bool = False, jobs: int = 1, config: str | None = None,
                executor: str = "processes", scheduler: str | None = None,
                on_problem: Callable[[BadRecord], None] | None = None,
                on_paper: Callable[[Paper], None] | None = None) -> tuple[KnowledgeGraph | GraphStore, BuildReport]:
    """Extract every paper in *inputs* and merge it into *graph* (a new one by default, or a store).

    A bad record, or a paper the pipeline fails on, is counted in the report
    and passed to *on_problem*; under *strict* it is raised instead. The
    per-paper step runs on *executor* with *jobs* workers (*scheduler*: the
    address of a running Dask cluster), see :mod:`paperkg.executors`;
    fragments come back in input order, so the graph is the same. On Dask,
    the workers also read the input files, in partitions
    (:mod:`kg.readers.partitions`): the files must be where they can open them.
    """
    started = time.perf_counter()
    kg = graph or KnowledgeGraph()
    report = BuildReport(files=expand_inputs(inputs))

    problem = problem_handler(strict=strict, on_problem=on_problem, collect=report.skipped)
    nlp = load_pipeline(config)
    # on Dask the workers read the inputs too, in partitions (standard input excepted: only this process has it)
    on_workers = executor == "dask" and STDIN not in report.files
    with dask_client(jobs, scheduler) if on_workers else contextlib.nullcontext() as client:
        items = read_on_workers(client, plan_partitions(report.files, fmt)) if on_workers \
            else read_inputs(report.files, fmt)
        new_papers = iter_new_papers(items, report, known=kg.paper_ids(), on_problem=problem)
        for fragment in extract_stream(new_papers, nlp, executor=executor, jobs=jobs, config=config,
                                       scheduler=scheduler, on_problem=problem, client=client):
            kg.add_fragment(fragment)
            report.papers_added += 1
            if on_paper:
                on_paper(fragment.paper)
    report.counts = kg.counts()
    report.seconds = time.perf_counter() - started
    return kg, report


def build(inputs: Sequence[str | os.PathLike], out_dir: str | os.PathLike, *, fmt: str | None = None,
          update: bool = False, strict: bool = False, jobs: int = 1, config: str | None = None,
          executor: str = "processes", scheduler: str | None = None, exports: Sequence[str] | None = None,
          store: bool | None = None,
          on_problem: Callable[[BadRecord], None] | None = None,
          on_paper: Callable[[Paper], None] | None = None,
          on_phase: Callable[[str], None] | None = None) -> BuildReport:
    """Build (or with *update*, extend) ``out_dir/graph.json`` and write the default exports.

    *exports* names the exporters to run after graph.json (default: those
    registered with ``meta["on_build"]``; pass ``[]`` for none). An unknown
    name is an error before any work is done. *on_phase* is called with the
    name of each step as it starts ("extracting", "writing graph.json", ...).
    The outputs are written to a staging directory and replace the old ones
    together (:mod:`kg.outputs`): a failed or killed build never leaves
    graph.json from one build beside graph.ttl from another.

    With *store* (by default, when :func:`choose_store` says so: big inputs, or
    an update of a store), papers are merged into ``out_dir/graph.store`` (:mod:`kg.store`)
    instead of memory, and graph.json is streamed from it (the same bytes);
    an *update* then extracts and merges only the new papers. The exporters in
    :data:`STREAMED` write from the store, and an update appends the new papers
    to their outputs; the others read the whole graph back from graph.json.
    """
    reason = "--store" if store else ""
    if store is None:
        reason = choose_store(expand_inputs(inputs), out_dir, update=update)
    if reason:
        report = _build_with_store(inputs, out_dir, fmt=fmt, update=update, strict=strict, jobs=jobs, config=config,
                                   executor=executor, scheduler=scheduler, exports=exports, on_problem=on_problem,
                                   on_paper=on_paper, on_phase=on_phase)
        report.store_reason = reason
        return report
    started = time.perf_counter()
    phase = on_phase or (lambda _name: None)
    chosen = _exporters(exports)
    out = Path(out_dir)
    graph_path = out / "graph.json"
    recover(out)  # finish (or clean up after) a build that was killed
    if update and graph_path.exists():
        phase(f"reading {graph_path.name}")
    existing = read_graph_json(graph_path) if update and graph_path.exists() else None
    phase("extracting")
    kg, report = build_graph(inputs, fmt=fmt, graph=existing, strict=strict, jobs=jobs, config=config,
                             executor=executor, scheduler=scheduler, on_problem=on_problem, on_paper=on_paper)
    with replace_together(out) as stage:
        phase(f"writing {graph_path.name}")
        write_graph_json(kg, stage / graph_path.name)
        report.outputs["graph"] = str(graph_path)
        for exporter in chosen:
            target = Path(f"graph{exporter.meta['suffix']}")
            phase(f"writing {target.name}")
            exporter.load()(kg, stage / target)
            report.outputs[exporter.name] = str(out / target)
    (out / STORE_NAME).unlink(missing_ok=True)  # a store left by `--store` no longer matches graph.json
    report.seconds = time.perf_counter() - started
    return report


def choose_store(files: Sequence[str], out_dir: str | os.PathLike, *, update: bool) -> str:
    """Why a build whose ``--store`` was not given should use the store ("" when it should not).

    An update of an output directory that holds a store keeps using it; a build
    whose input files add up to :data:`AUTO_STORE_BYTES` (standard input counts
    as nothing: its size is unknown) uses one, so that a snapshot pointed at
    without options still fits in memory.
    """
    if update and (Path(out_dir) / STORE_NAME).exists():
        return f"{Path(out_dir) / STORE_NAME} exists"
    total = 0
    for name in files:
        path = Path(name)
        if path.is_file():
            total += path.stat().st_size * (_GZIP_RATIO if path.suffix.lower() == ".gz" else 1)
    if total >= AUTO_STORE_BYTES:
        return f"the input is {total / 1e6:,.0f} MB (uncompressed, estimated)"
    return ""


def _exporters(exports: Sequence[str] | None) -> list:
    return registry.plugins("exporter", on_build=True) if exports is None else [registry.get("exporter", n) for n in exports]


def _input_stamps(files: Sequence[str], fmt: str | None) -> dict[str, dict]:
    """The :func:`~kg.store.file_stamp` and format of each input file (standard input has none).

    Taken before the files are read: a file that changes while it is read has
    another stamp next time, and is read again.
    """
    return {f: {**file_stamp(f), "format": fmt} for f in files if f != STDIN}


def _unchanged(recorded: dict[str, dict], stamps: dict[str, dict]) -> list[str]:
    """The input files the store read whole before (by absolute path) and that have not changed since.

    Every paper in them is in the store already, so an update need not read
    them again to find that out: for a 1% update of 100,000 papers, reading and
    checking the old ones took a quarter of the time.
    """
    return [f for f, stamp in stamps.items() if recorded.get(os.path.abspath(f)) == stamp]


def _build_with_store(inputs: Sequence[str | os.PathLike], out_dir: str | os.PathLike, *, fmt: str | None,
                      update: bool, strict: bool, jobs: int, config: str | None, executor: str,
                      scheduler: str | None, exports: Sequence[str] | None,
                      on_problem: Callable[[BadRecord], None] | None, on_paper: Callable[[Paper], None] | None,
                      on_phase: Callable[[str], None] | None) -> BuildReport:
    """:func:`build` with a :class:`~kg.store.GraphStore`: memory bounded by the entities, not the papers."""
    started = time.perf_counter()
    phase = on_phase or (lambda _name: None)
    chosen = _exporters(exports)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph_path, store_path = out / "graph.json", out / STORE_NAME
    # a fresh build fills a new file and replaces the old store only once graph.json is written
    path = store_path if update and store_path.exists() else out / f".{STORE_NAME}.new"
    if path != store_path:
        path.unlink(missing_ok=True)
    store = GraphStore(path)
    try:
        if update and path != store_path and graph_path.exists():  # a graph built without --store
            phase(f"reading {graph_path.name}")
            store.add_graph(read_graph_json(graph_path))
        phase("extracting")
        files = expand_inputs(inputs)
        stamps, recorded = _input_stamps(files, fmt), store.get_meta(INPUTS_META) or {}
        unread = _unchanged(recorded, stamps) if path == store_path else []
        store, report = build_graph([f for f in files if f not in unread], fmt=fmt, graph=store, strict=strict,
                                    jobs=jobs, config=config, executor=executor, scheduler=scheduler,
                                    on_problem=on_problem, on_paper=on_paper)
        report.unchanged_inputs = unread
        # every file given was read whole (a bad record under --strict raises: nothing is committed)
        read = {**recorded, **{os.path.abspath(f): stamp for f, stamp in stamps.items()}}
        if read != recorded:
            store.set_meta(INPUTS_META, read)
        unchanged = path == store_path and report.papers_added == 0 and graph_path.exists()
        if not unchanged:  # an update that added nothing leaves every output as it is
            phase(f"writing {graph_path.name}")
            write_store_graph_json(store, graph_path)
        store.commit()  # after graph.json: a failure on the way leaves both as they were
    except BaseException:
        store.rollback()
        store.close()
        if path != store_path:
            path.unlink(missing_ok=True)
        raise
    if unchanged:  # the streamed outputs check themselves (an append cut short is rewritten)
        chosen = [e for e in chosen if e.name in STREAMED or not (out / f"graph{e.meta['suffix']}").exists()]
    if path != store_path:
        store_path.unlink(missing_ok=True)  # an older store no longer matches the new graph.json
    try:
        for exporter in [e for e in chosen if e.name in STREAMED]:  # written from the store, paper by paper
            target = out / f"graph{exporter.meta['suffix']}"
            phase(f"writing {target.name}")
            # an update appends the new papers to an output the store recorded (kg.appendable)
            report.outputs[exporter.name] = str(target)
            report.written[exporter.name] = STREAMED[exporter.name](store, target, append=path == store_path)
            store.commit()  # the output's new state
    except BaseException:  # graph.json and the store agree; a half-appended output is rewritten next time
        store.close()
        if path != store_path:
            path.unlink(missing_ok=True)
        raise
    store.close()
    if path != store_path:
        os.replace(path, store_path)
    report.outputs["graph"] = str(graph_path)
    report.outputs["store"] = str(store_path)
    chosen = [e for e in chosen if e.name not in STREAMED]
    kg = read_graph_json(graph_path) if chosen else None  # the other exporters map a whole graph
    for exporter in chosen:
        target = out / f"graph{exporter.meta['suffix']}"
        phase(f"writing {target.name}")
        exporter.load()(kg, target)
        report.outputs[exporter.name] = str(target)
    if refresh_store(graph_path, on_build=lambda: phase("refreshing graph.lbdb")):  # kg query's, if one exists
        report.outputs["query database"] = str(query_store_path(graph_path))
    report.seconds = time.perf_counter() - started
    return report
