"""From papers to fragments: the spaCy pipeline and the Doc -> fragment step.

The pipeline is assembled from a spaCy config (``extractors/config.cfg`` by
default) on a blank English pipeline: nothing is downloaded. Its components
are found through spaCy's registry (``spacy_factories`` entry points), so a
config may name any registered component, ours or a user's. Per-paper work
is a pure function of the paper, so :func:`extract_fragments` can stream
over any number of papers, here or in workers (:mod:`paperkg.executors`).

When a component raises on one document, that paper is reported as a bad
record ("extraction failed in <component>") and the batch goes on; so is a
paper whose text is longer than spaCy's ``nlp.max_length`` (1,000,000
characters), which spaCy would refuse before any component runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc

import extractors
from extractors.handover import doc_to_fragment, make_doc
from kg.errors import BadRecord, KGError
from kg.model import Paper, PaperFragment

__all__ = ["DEFAULT_CONFIG", "PipelineError", "load_pipeline", "extract_fragments"]

DEFAULT_CONFIG = extractors.CONFIG

OnProblem = Callable[[BadRecord], None]


class PipelineError(KGError):
    """A pipeline config that cannot be loaded, or whose components are in an order that cannot work."""


def load_pipeline(config: str | os.PathLike | None = None) -> Language:
    """A spaCy ``Language`` built from *config* (default: the shipped config).

    The components' declared ``requires``/``assigns`` are checked with
    ``nlp.analyze_pipes()``: a component placed before the one that provides
    what it reads is an error here, not silently empty output later.
    """
    path = Path(config) if config else DEFAULT_CONFIG
    try:
        cfg = spacy.util.load_config(path)
        nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    except (OSError, ValueError, KeyError) as exc:
        raise PipelineError(f"{path}: cannot build the spaCy pipeline ({exc})") from None
    problems = {name: [attr for attr in missing if not _lexical(attr)]
                for name, missing in nlp.analyze_pipes()["problems"].items()}
    problems = {name: missing for name, missing in problems.items() if missing}
    if problems:
        details = "; ".join(f"{name} needs {', '.join(missing)}" for name, missing in problems.items())
        raise PipelineError(f"{path}: components run before what they read is made ({details}); "
                            "reorder [nlp] pipeline")
    return nlp


def _lexical(attr: str) -> bool:
    """Whether *attr* ("token.text", "token.like_num") is lexical: the tokenizer sets it, no component must."""
    obj, _, name = attr.partition(".")
    return obj == "token" and hasattr(Lexeme, name.rstrip("_"))


@lru_cache(maxsize=4)
def _cached_pipeline(config: str | None) -> Language:
    return load_pipeline(config)


class _ReportFailures:
    """spaCy error handler: a document that makes a component raise becomes a bad record of its paper."""

    def __init__(self, on_problem: OnProblem | None) -> None:
        self.on_problem = on_problem

    def __call__(self, name: str, component: Any, docs: list[Doc], error: Exception) -> None:
        if self.on_problem is None:
            raise error
        for doc in docs:
            paper = doc._context  # set by nlp.pipe(as_tuples=True)
            self.on_problem(BadRecord.at(paper.source if isinstance(paper, Paper) else "<input>",
                                         f"extraction failed in component {name!r} "
                                         f"({type(error).__name__}: {error}); paper skipped"))


def extract_fragments(papers: Iterable[Paper], nlp: Language | None = None, *, batch_size: int = 64,
                      config: str | os.PathLike | None = None,
                      on_problem: OnProblem | None = None) -> Iterator[PaperFragment]:
    """Run the pipeline over *papers* in this process, yielding one fragment per paper, in order.

    A paper on which a component raises is passed to *on_problem* as a
    :class:`~kg.errors.BadRecord` and skipped (without *on_problem*, the
    error propagates). Without *nlp*, the pipeline of *config* is built once
    and cached. :mod:`paperkg.executors` runs this same step in worker
    processes or on Dask.
    """
    nlp = nlp or _cached_pipeline(str(config) if config else None)
    nlp.set_error_handler(_ReportFailures(on_problem))
    # docs made here keep their text: spaCy would rebuild Doc.text from tokens
    pairs = ((make_doc(nlp, p.text), p) for p in _within_length(papers, nlp.max_length, on_problem))
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield doc_to_fragment(doc, paper)


def _within_length(papers: Iterable[Paper], max_length: int, on_problem: OnProblem | None) -> Iterator[Paper]:
    """*papers* whose text spaCy takes (``nlp.max_length`` characters); a longer one is a bad record.

    spaCy refuses a longer text in ``make_doc`` (error E088), before any
    component's error handler could report it, and the batch would end there.
    """
    for paper in papers:
        if len(paper.text) <= max_length:
            yield paper
            continue
        problem = BadRecord.at(paper.source, f"text too long to extract ({len(paper.text):,} characters; "
                                             f"the pipeline takes at most {max_length:,}); paper skipped")
        if on_problem is None:
            raise problem
        on_problem(problem)

