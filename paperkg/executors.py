"""Where the per-paper step runs: in this process, in a pool of worker processes, or on Dask.

One contract for every executor (:func:`extract_stream`): an iterator of
new :class:`~kg.model.Paper` records in, an iterator of
:class:`~kg.model.PaperFragment` out, one per paper and **in input order**;
a paper the pipeline fails on goes to *on_problem* and is skipped. The
caller merges the fragments by key, so every executor gives the same graph.

Parallel executors cut the input into chunks and run :func:`extract_chunk`
on each, in workers that load the pipeline once. A worker sends back a
compact chunk (:func:`encode_fragment`: flat tuples, each sentence once, not
the paper, which the caller still holds), never spaCy ``Doc`` objects; at
most :data:`IN_FLIGHT` chunks per worker are in flight, so memory does not
grow with the input.

- ``processes`` (default): ``jobs == 1`` runs in this process; more jobs
  use a process pool (forked workers inherit the loaded pipeline).
- ``dask``: ``Client.submit`` over chunks on a Dask cluster, a
  ``LocalCluster`` of *jobs* single-threaded worker processes unless a
  *scheduler* address is given. Needs the optional extra
  ``pip install 'paperkg[dask]'``.

>>> from kg.model import Paper
>>> [f.paper.id for f in extract_stream([Paper("title:a", "A", "We use COCO.")])]
['title:a']
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from spacy.language import Language

from kg.errors import BadRecord, InputError, KGError, UsageError
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord
from kg.readers.base import Item
from kg.readers.partitions import Partition, read_partition
from paperkg.pipeline import extract_fragments, load_pipeline

__all__ = ["EXECUTORS", "CHUNK_SIZE", "IN_FLIGHT", "READ_AHEAD", "CONNECT_TIMEOUT", "ExecutorError", "extract_stream",
           "extract_chunk", "encode_fragment", "decode_fragment", "dask_available", "dask_client", "read_on_workers"]

#: Executor names, as ``kg build --executor`` takes them.
EXECUTORS = ("processes", "dask")

#: How long to keep trying to reach a ``--scheduler`` before giving up (a Dask duration).
CONNECT_TIMEOUT = "30s"

#: Papers per chunk sent to a worker (about 0.2-1 s of work: small enough to balance, big enough to amortise).
CHUNK_SIZE = 64

#: Input partitions being read ahead on ``dask`` workers (each ~16 MB of input, ~10,000 papers, in the client
#: once read): enough to keep extraction fed, few enough to bound the client's memory on a big cluster.
READ_AHEAD = 4

#: Chunks in flight per worker: enough that a worker never waits while the caller waits on a slower one
#: (results are taken in input order); few enough that memory does not grow with the input (~200 KB each).
IN_FLIGHT = 4

OnProblem = Callable[[BadRecord], None]

#: A chunk's result as a worker sends it: (index in the chunk, encoded fragment) per paper, and the problems.
ChunkResult = tuple[list[tuple[int, tuple]], list[BadRecord]]


class ExecutorError(KGError):
    """A cluster that cannot be reached, or a worker that failed outside the per-paper step."""


def dask_available() -> bool:
    """Whether ``dask.distributed`` can be imported (the ``paperkg[dask]`` extra)."""
    return importlib.util.find_spec("distributed") is not None


def extract_stream(papers: Iterable[Paper], nlp: Language | None = None, *, executor: str = "processes",
                   jobs: int = 1, config: str | os.PathLike | None = None, scheduler: str | None = None,
                   chunk_size: int = CHUNK_SIZE, on_problem: OnProblem | None = None,
                   client: Any = None) -> Iterator[PaperFragment]:
    """One fragment per paper of *papers*, in input order, computed by *executor* with *jobs* workers.

    *nlp* is the loaded pipeline when the caller has one (used in this
    process and inherited by forked workers); other workers build theirs from
    *config* (default: the shipped one). A paper a component fails on is
    passed to *on_problem* as a :class:`~kg.errors.BadRecord` (without
    *on_problem*, the error propagates). An unknown executor, a *scheduler*
    without ``dask``, or ``dask`` without Dask installed is a
    :class:`~kg.errors.UsageError` raised here, before any work. With
    ``dask``, *client* is an open :func:`dask_client` to use (else one is
    opened for this call).
    """
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; one of: {', '.join(EXECUTORS)}")
    if scheduler and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    config = str(config) if config else None
    jobs = max(1, jobs)
    if executor == "dask":
        if not dask_available():
            raise UsageError("--executor dask needs Dask: pip install 'paperkg[dask]'")
        return _on_dask(papers, config, scheduler, jobs, chunk_size, on_problem, client)
    if jobs == 1:
        return extract_fragments(papers, nlp, config=config, on_problem=on_problem)
    return _in_processes(papers, nlp, config, jobs, chunk_size, on_problem)


# -- the step every worker runs ------------------------------------------------------------------------------------

def encode_fragment(fragment: PaperFragment) -> tuple:
    """A fragment as flat tuples without its paper: each sentence once, no dataclass to pickle.

    About half the bytes and a third of the (un)pickling time of the
    dataclasses; :func:`decode_fragment` gives the fragment back.

    >>> ev = Evidence("COCO", 7, 11, "We use COCO.", "vocab_ruler")
    >>> frag = PaperFragment(Paper("title:a", "A", "We use COCO."), [Mention("dataset", "dataset:coco", "COCO", ev)])
    >>> decode_fragment(frag.paper, encode_fragment(frag)) == frag
    True
    """
    sentences: dict[str, int] = {}

    def ev(e: Evidence) -> tuple:
        return e.surface, e.start, e.end, sentences.setdefault(e.sentence, len(sentences)), e.extractor, e.confidence

    mentions = tuple((m.kind, m.entity_id, m.name, ev(m.evidence), m.role, m.props) for m in fragment.mentions)
    results = tuple((r.metric, r.metric_id, r.value, r.raw, ev(r.evidence), r.unit, r.dataset, r.dataset_id,
                     r.method, r.method_id) for r in fragment.results)
    return tuple(sentences), mentions, results


def decode_fragment(paper: Paper, encoded: tuple) -> PaperFragment:
    """The fragment of *paper* from :func:`encode_fragment`'s form."""
    sentences, mentions, results = encoded

    def ev(e: tuple) -> Evidence:
        surface, start, end, sentence, extractor, confidence = e
        return Evidence(surface, start, end, sentences[sentence], extractor, confidence)

    return PaperFragment(
        paper,
        [Mention(kind, eid, name, ev(e), role, props) for kind, eid, name, e, role, props in mentions],
        [ResultRecord(metric, metric_id, value, raw, ev(e), unit, dataset, dataset_id, method, method_id)
         for metric, metric_id, value, raw, e, unit, dataset, dataset_id, method, method_id in results])


_INHERITED: Language | None = None  #: the caller's pipeline, seen by forked pool workers
_LOCAL = threading.local()  #: per-thread pipelines (a pipeline's error handler is per-call state)


def _worker_pipeline(config: str | None) -> Language:
    if _INHERITED is not None:
        return _INHERITED
    cache = _LOCAL.__dict__.setdefault("pipelines", {})
    if config not in cache:
        cache[config] = load_pipeline(config)
    return cache[config]


def extract_chunk(chunk: list[Paper], config: str | None = None) -> ChunkResult:
    """The per-paper step over one chunk, in a worker: encoded fragments by position, and the problems.

    The pipeline is built once per worker (thread) and reused by every chunk.
    """
    problems: list[BadRecord] = []
    position = {id(paper): i for i, paper in enumerate(chunk)}
    fragments = [(position[id(f.paper)], encode_fragment(f))
                 for f in extract_fragments(chunk, _worker_pipeline(config), on_problem=problems.append)]
    return fragments, problems


def _chunks(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _unpack(chunk: list[Paper], result: ChunkResult, on_problem: OnProblem | None) -> Iterator[PaperFragment]:
    fragments, problems = result
    for problem in problems:
        if on_problem is None:
            raise problem
        on_problem(problem)
    for i, encoded in fragments:
        yield decode_fragment(chunk[i], encoded)


def _in_order(chunks: Iterable[list[Paper]], submit: Callable[[list[Paper]], Any], result: Callable[[Any], ChunkResult],
              window: Callable[[], int], on_problem: OnProblem | None) -> Iterator[PaperFragment]:
    """Submit chunks with at most ``window()`` in flight; yield their fragments in input order."""
    pending: deque[tuple[list[Paper], Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window():
            done, future = pending.popleft()
            yield from _unpack(done, result(future), on_problem)
    while pending:
        done, future = pending.popleft()
        yield from _unpack(done, result(future), on_problem)


# -- processes -----------------------------------------------------------------------------------------------------

def _init_process(inherited: bool, config: str | None) -> None:
    if not inherited:  # spawned, not forked: build the pipeline here, once
        _worker_pipeline(config)


def _in_processes(papers: Iterable[Paper], nlp: Language | None, config: str | None, jobs: int, chunk_size: int,
                  on_problem: OnProblem | None) -> Iterator[PaperFragment]:
    global _INHERITED
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # forked workers inherit the caller's pipeline (a test's extra component included); spawned ones load the config
    _INHERITED = (nlp or load_pipeline(config)) if fork else None
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_process,
                                 initargs=(fork, config)) as pool:
            yield from _in_order(_chunks(papers, chunk_size), lambda chunk: pool.submit(extract_chunk, chunk, config),
                                 lambda future: future.result(), lambda: IN_FLIGHT * jobs, on_problem)
    finally:
        _INHERITED = None


# -- dask ----------------------------------------------------------------------------------------------------------

@contextlib.contextmanager
def dask_client(jobs: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: of the cluster at *scheduler*, else of a new ``LocalCluster`` of *jobs* workers.

    Closed (with the local cluster) on exit. Needs the ``paperkg[dask]`` extra.
    """
    if not dask_available():
        raise UsageError("--executor dask needs Dask: pip install 'paperkg[dask]'")
    import distributed  # optional dependency (the paperkg[dask] extra): imported only when asked for

    cluster = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            cluster = distributed.LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_result(future: Any, reading: bool = False) -> Any:
    try:
        return future.result()
    except (BadRecord, InputError):  # --strict's first bad record; an input a worker cannot open: their own words
        raise
    except Exception as exc:  # noqa: BLE001 - a worker without paperkg, killed, out of memory, ...
        hint = "; is paperkg installed on every worker?" if isinstance(exc, ImportError) else ""
        raise ExecutorError(f"a Dask worker failed{' reading the input' if reading else ''} "
                            f"({type(exc).__name__}: {exc}){hint}") from exc
    finally:
        future.release()


def read_on_workers(client: Any, parts: Iterable[Partition], read_ahead: int = READ_AHEAD) -> Iterator[Item]:
    """The items of *parts*, read by the cluster's workers (at most *read_ahead* partitions in flight), in order.

    The files must be where the workers can open them (a shared or network file system).
    """
    pending: deque[Any] = deque()
    for part in parts:
        pending.append(client.submit(read_partition, part, pure=False))
        if len(pending) >= read_ahead:
            yield from _dask_result(pending.popleft(), reading=True)
    while pending:
        yield from _dask_result(pending.popleft(), reading=True)


def _on_dask(papers: Iterable[Paper], config: str | None, scheduler: str | None, jobs: int, chunk_size: int,
             on_problem: OnProblem | None, client: Any = None) -> Iterator[PaperFragment]:
    with contextlib.nullcontext(client) if client is not None else dask_client(jobs, scheduler) as client:
        threads = {"n": 1, "at": -1.0}

        def window() -> int:  # workers of a cluster may join (or leave) while the build runs: ask every few s
            if time.monotonic() - threads["at"] > 5:
                threads.update(n=max(1, sum(client.nthreads().values())), at=time.monotonic())
            return IN_FLIGHT * threads["n"]

        yield from _in_order(_chunks(papers, chunk_size),
                             lambda chunk: client.submit(extract_chunk, chunk, config, pure=False),
                             _dask_result, window, on_problem)
