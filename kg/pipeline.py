"""From papers to fragments: the spaCy pipeline and the Doc -> fragment step.

The pipeline is assembled from a spaCy config (``extractors/config.cfg`` by
default) on a blank English pipeline: nothing is downloaded. Per-paper work
is a pure function of the paper, so :func:`extract_fragments` can stream
over any number of papers, in one process or several.
"""

from __future__ import annotations

import importlib
import itertools
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from extractors.handover import Sentences as _Sentences, doc_to_fragment, make_doc, sentence_of  # noqa: F401
from kg.model import Paper, PaperFragment

__all__ = ["DEFAULT_CONFIG", "load_pipeline", "doc_to_fragment", "extract_fragments", "sentence_of"]

DEFAULT_CONFIG = Path(importlib.util.find_spec("extractors").origin).parent / "config.cfg"


def load_pipeline(config: str | os.PathLike | None = None) -> Language:
    """A spaCy ``Language`` built from *config* (default: the shipped config)."""
    importlib.import_module("extractors")  # registers our factories with spaCy
    cfg = spacy.util.load_config(Path(config) if config else DEFAULT_CONFIG)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


@lru_cache(maxsize=4)
def _cached_pipeline(config: str | None) -> Language:
    return load_pipeline(config)


def extract_fragments(papers: Iterable[Paper], nlp: Language | None = None, *, batch_size: int = 64,
                      n_process: int = 1, config: str | os.PathLike | None = None) -> Iterator[PaperFragment]:
    """Run the pipeline over *papers*, yielding one fragment per paper, in order.

    With ``n_process > 1`` chunks of *batch_size* papers go to a pool of worker
    processes, each running its own pipeline (*nlp*, inherited where processes
    fork, else loaded from *config*) and sending back only the fragments. At
    most two chunks per worker are in flight, so memory does not grow with the
    input.
    """
    if n_process > 1:
        yield from _extract_in_pool(papers, nlp, config, batch_size, n_process)
        return
    nlp = nlp or _cached_pipeline(str(config) if config else None)
    # docs made here keep their text: spaCy would rebuild Doc.text from tokens
    pairs = ((make_doc(nlp, p.text), p) for p in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_fragment(doc, paper)


_WORKER_NLP: Language | None = None


def _chunks(items: Iterable[Paper], size: int) -> Iterator[list[Paper]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _init_worker(config: str | None) -> None:
    global _WORKER_NLP
    if _WORKER_NLP is None:  # spawned, not forked: build the pipeline here
        _WORKER_NLP = load_pipeline(config)


def _extract_chunk(chunk: list[Paper]) -> list[PaperFragment]:
    return list(extract_fragments(chunk, _WORKER_NLP))


def _extract_in_pool(papers: Iterable[Paper], nlp: Language | None, config: str | os.PathLike | None,
                     batch_size: int, n_process: int) -> Iterator[PaperFragment]:
    global _WORKER_NLP
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # forked workers inherit the parent's pipeline; spawned ones load it from the config
    _WORKER_NLP = (nlp or _cached_pipeline(str(config) if config else None)) if "fork" in methods else None
    try:
        with ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker,
                                 initargs=(str(config) if config else None,)) as pool:
            pending: deque = deque()
            for chunk in _chunks(papers, batch_size):
                pending.append(pool.submit(_extract_chunk, chunk))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
    finally:
        _WORKER_NLP = None
