"""``kg extract``: one JSON object per input paper, in the contract of DESIGN.md.

This is what evaluation reads (``shared/eval/score.py``): entities grouped by
id with every surface form and evidence offset, methods with their role, and
numeric results.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from kg.errors import BadRecord
from kg.io import atomic_write
from kg.model import PaperFragment
from kg.readers import papers, problem_handler, read_inputs
from paperkg.executors import extract_stream
from paperkg.pipeline import load_pipeline

__all__ = ["fragment_to_record", "extract_records", "write_predictions"]


def _contract_id(mention_kind: str, entity_id: str) -> str:
    # score.py normalises a repository's id as a URL: drop our "repo:" prefix
    if mention_kind == "repository" and entity_id.startswith("repo:"):
        return entity_id[len("repo:"):]
    return entity_id


def fragment_to_record(fragment: PaperFragment) -> dict[str, Any]:
    """The contract record of one paper."""
    paper = fragment.paper
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for m in fragment.resolved_mentions():
        key = (m.kind, m.entity_id)
        ent = entities.get(key)
        if ent is None:
            ent = entities[key] = {"type": m.kind, "id": _contract_id(m.kind, m.entity_id), "name": m.name,
                                   "surface": [], "evidence": []}
            if m.kind == "method":
                ent["role"] = m.role or "used"
        if m.evidence.surface not in ent["surface"]:
            ent["surface"].append(m.evidence.surface)
        ent["evidence"].append({"start": m.evidence.start, "end": m.evidence.end, "sentence": m.evidence.sentence,
                                "extractor": m.evidence.extractor, "confidence": m.evidence.confidence})
    results = [{"metric": r.metric, "value": r.value, "raw": r.raw, "unit": r.unit, "dataset": r.dataset,
                "method": r.method, "evidence": {"start": r.evidence.start, "end": r.evidence.end,
                                                 "sentence": r.evidence.sentence}}
               for r in fragment.results]
    return {"id": paper.record_id or paper.id, "paper_id": paper.id, "title": paper.title,
            "entities": list(entities.values()), "results": results}


def extract_records(inputs: Sequence[str | os.PathLike], *, fmt: str | None = None, strict: bool = False,
                    config: str | None = None, jobs: int = 1,
                    on_problem: Callable[[BadRecord], None] | None = None) -> Iterator[dict[str, Any]]:
    """One contract record per readable input record (duplicates are *not* merged here).

    A bad record, or a paper the pipeline fails on, goes to *on_problem*; under
    *strict* it is raised instead.
    """
    problem = problem_handler(strict=strict, on_problem=on_problem)
    nlp = load_pipeline(config)
    for fragment in extract_stream(papers(read_inputs(inputs, fmt), on_problem=problem), nlp, jobs=jobs,
                                   config=config, on_problem=problem):
        yield fragment_to_record(fragment)


def write_predictions(records: Iterable[dict[str, Any]], path: str | os.PathLike | IO[str]) -> int:
    """Write contract records as JSONL to *path* (atomically) or an open text file; returns how many."""
    if hasattr(path, "write"):
        return _write_lines(records, path)
    with atomic_write(path) as fh:
        return _write_lines(records, fh)


def _write_lines(records: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    fh.flush()
    return n
