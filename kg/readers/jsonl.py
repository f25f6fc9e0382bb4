"""JSON Lines and JSON files of paper records (and the arXiv metadata snapshot).

Generic records have ``id``, ``title``, ``abstract`` or ``summary`` and
optionally ``authors``, ``url``, ``arxiv_id``, ``doi``, ``date``, ``github``.
arXiv snapshot records (``submitter``/``versions``/``authors_parsed``) carry
their arXiv id in ``id``. OpenAlex works (``abstract_inverted_index``) are
converted by :mod:`kg.readers.openalex`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import BadRecord
from kg.io import open_text
from kg.readers.base import Item, paper_from_mapping
from kg.readers.openalex import is_openalex_work, paper_from_openalex

__all__ = ["read_jsonl", "read_json", "read_arxiv_snapshot", "read_openalex", "record_to_item"]

_ARXIV_KEYS = ("submitter", "versions", "authors_parsed", "journal-ref")


def record_to_item(record: Any, path: str, line: int | None, *, arxiv: bool = False) -> Item:
    if isinstance(record, dict):
        if is_openalex_work(record):
            return paper_from_openalex(record, path, line)
        arxiv = arxiv or any(k in record for k in _ARXIV_KEYS)
    return paper_from_mapping(record, path, line, arxiv=arxiv)


def _read_lines(path: str, arxiv: bool) -> Iterator[Item]:
    with open_text(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.strip())
            except json.JSONDecodeError as exc:
                yield BadRecord(path, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
                continue
            yield record_to_item(record, path, lineno, arxiv=arxiv)


def read_jsonl(path: str) -> Iterator[Item]:
    """One JSON object per line; streamed, so file size does not matter."""
    return _read_lines(path, arxiv=False)


def read_arxiv_snapshot(path: str) -> Iterator[Item]:
    """The arXiv metadata snapshot (JSONL; ``id`` is the arXiv id)."""
    return _read_lines(path, arxiv=True)


def read_openalex(path: str) -> Iterator[Item]:
    """OpenAlex API responses (``{"results": [...]}``), single works, or JSONL snapshots."""
    if path.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return read_jsonl(path)
    return read_json(path)


def read_json(path: str) -> Iterator[Item]:
    """A JSON document: a list of records, or an object with ``results``/``papers``/``records``.

    Each record is reported with the line its object starts on.
    """
    with open_text(path) as fh:
        text = fh.read()
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" in text and not stripped.rstrip().endswith("]}"):
        # probably JSON Lines saved as .json
        try:
            json.loads(text)
        except json.JSONDecodeError:
            yield from _read_lines(path, arxiv=False)
            return
    decoder = json.JSONDecoder()
    try:
        doc, _ = decoder.raw_decode(text, len(text) - len(stripped))
    except json.JSONDecodeError as exc:
        yield BadRecord(path, exc.lineno, f"invalid JSON ({exc.msg} at column {exc.colno}); nothing read")
        return
    if isinstance(doc, dict):
        for key in ("results", "papers", "records", "data", "items"):
            if isinstance(doc.get(key), list):
                records = doc[key]
                break
        else:
            records = [doc]
    elif isinstance(doc, list):
        records = doc
    else:
        yield BadRecord(path, 1, "expected a JSON list or object of paper records")
        return
    lines = _object_lines(text, len(records))
    for i, record in enumerate(records):
        yield record_to_item(record, path, lines[i] if i < len(lines) else None)


def _object_lines(text: str, n: int) -> list[int]:
    """Line numbers where the top-level records of a JSON list start (best effort)."""
    starts: list[int] = []
    depth, in_str, escape, line = 0, False, False, 1
    target = None
    for ch in text:
        if ch == "\n":
            line += 1
        if in_str:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            if target is not None and depth == target and ch == "{":
                starts.append(line)
            depth += 1
            if ch == "[" and target is None:
                target = depth
        elif ch in "]}":
            depth -= 1
        if len(starts) >= n:
            break
    return starts
