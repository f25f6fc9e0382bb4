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
from kg.readers.base import Item, paper_from_mapping
from kg.readers.json_doc import JSON_LINES, Record, records
from kg.readers.lines import Source
from kg.readers.openalex import is_openalex_work, paper_from_openalex

__all__ = ["read_jsonl", "read_json", "read_arxiv_snapshot", "read_openalex", "read_line_range", "record_to_item"]

_ARXIV_KEYS = ("submitter", "versions", "authors_parsed", "journal-ref")


def record_to_item(record: Any, path: str, line: int | None, *, arxiv: bool = False) -> Item:
    if isinstance(record, dict):
        if is_openalex_work(record):
            return paper_from_openalex(record, path, line)
        arxiv = arxiv or any(k in record for k in _ARXIV_KEYS)
    return paper_from_mapping(record, path, line, arxiv=arxiv)


def _parse(raw: str, path: str, lineno: int | None, arxiv: bool) -> Item:
    """One JSON text -> an item; a JSON error, a too-deep nesting or a too-long integer is a bad record."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return BadRecord(path, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return BadRecord(path, lineno, "invalid JSON (nested too deeply to read)")
    except ValueError as exc:  # an integer of more than 4300 digits (sys.get_int_max_str_digits)
        return BadRecord(path, lineno, f"invalid JSON ({exc})")
    return record_to_item(record, path, lineno, arxiv=arxiv)


def _read_lines(path: str, arxiv: bool) -> Iterator[Item]:
    with Source(path) as src:
        for lineno, raw in src.lines():
            if raw is None:
                yield src.too_long(lineno)
            elif text := raw.strip(" \t\r\n"):  # JSON's white space: a line of anything else is a record
                yield _parse(text, path, lineno, arxiv)
        yield from src.problems()


def read_line_range(path: str, start: int, end: int | None, first_line: int, *, arxiv: bool = False,
                    report_empty: bool = False) -> Iterator[Item]:
    """The records of bytes *start* to *end* of an uncompressed JSON Lines file (a partition of it).

    *start* is a line start and *first_line* the number of lines before it, so
    bad records carry the file's own line numbers. Emptiness is the whole
    file's: the range reports it only with *report_empty* (its last range,
    when nothing came before).
    """
    with Source(path, start=start, end=end, first_line=first_line) as src:
        for lineno, raw in src.lines():
            if raw is None:
                yield src.too_long(lineno)
            elif text := raw.strip(" \t\r\n"):
                yield _parse(text, path, lineno, arxiv)
        if src.damage is not None or (report_empty and not src.content):
            yield from src.problems()


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
    """A JSON document: a list of records, or an object with ``results``/``papers``/``records``/``data``/``items``.

    Read incrementally (:mod:`kg.readers.json_doc`): each record is reported with
    the line its value starts on, and a syntax error keeps the records before it.
    JSON Lines saved as ``.json`` are read line by line.
    """
    with Source(path) as src:
        for event in records(src):
            if event is JSON_LINES:
                break
            if isinstance(event, Record):
                yield record_to_item(event.value, path, event.line)
            else:
                yield event
        else:
            yield from src.problems()
            return
    yield from _read_lines(path, arxiv=False)
