"""CSV (or TSV) files with title and abstract columns (header names are case-insensitive).

Rows are parsed strictly (``csv`` with ``strict=True``), one record at a time,
so a malformed record is reported at the line it starts on and does not take
the rest of the file with it: an unclosed quote would otherwise swallow every
following row into one field. After a malformed record the lines after its
first line are read again as records, so the good rows that follow are kept.
A UTF-8 byte order mark before the header is dropped (:func:`kg.io.open_text`).
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator

from kg.errors import BadRecord
from kg.readers.base import Item, paper_from_mapping
from kg.readers.lines import Source

__all__ = ["read_csv"]

csv.field_size_limit(2**24)


def _rows(src: Source, delimiter: str | None) -> Iterator[tuple[int, list[str] | None, str]]:
    """``(first line, row, "")`` per record; ``(first line, None, why)`` per malformed record or over-long line.

    With *delimiter* ``None`` the first line decides it (a tab-separated header
    has more tabs than commas).
    """
    lines = src.lines()
    pending: deque[tuple[int, str]] = deque()  # lines to read again after a malformed record
    while True:
        taken: list[tuple[int, str]] = []  # the lines of the record being read
        too_long: list[int] = []

        def feed() -> Iterator[str]:
            while True:
                if pending:
                    lineno, text = pending.popleft()
                else:
                    lineno, line = next(lines, (0, ""))
                    if not lineno:
                        return
                    if line is None:
                        too_long.append(lineno)
                    text = "\n" if line is None else line
                taken.append((lineno, text))
                yield text

        fed = feed()
        if delimiter is None:
            first = next(fed, "")
            delimiter = "\t" if first.count("\t") > first.count(",") else ","
            if taken:
                pending.appendleft(taken.pop())
            fed = feed()
        reader = csv.reader(fed, delimiter=delimiter, strict=True)
        try:
            for row in reader:
                for lineno in too_long:
                    yield lineno, None, src.too_long(lineno).message
                too_long.clear()
                yield taken[0][0], row, ""
                taken.clear()
            return
        except csv.Error as exc:
            start = taken[0][0]
            why = "an unclosed quote?" if len(taken) > 1 else "a stray quote?"
            yield start, None, (f"malformed CSV record ({exc}; {why}); skipped, "
                                f"the lines after its first are read again")
            pending.extendleft(reversed(taken[1:]))


def read_csv(path: str) -> Iterator[Item]:
    tsv = path.endswith((".tsv", ".tsv.gz"))
    with Source(path) as src:
        keys: list[str] | None = None
        for lineno, row, why in _rows(src, "\t" if tsv else None):
            if row is None:
                yield BadRecord(path, lineno, why)
                continue
            if keys is None:
                fields = {f.strip().lower(): f for f in row}
                if "title" not in fields or not ({"abstract", "summary"} & fields.keys()):
                    yield BadRecord(path, lineno,
                                    f"CSV header needs 'title' and 'abstract' columns, found {sorted(fields)}")
                    return
                keys = [f.strip().lower() for f in row]
                continue
            if row:  # a blank line is no record, but it is a line: the next record starts after it
                record = dict(zip(keys, row))
                if any(row[len(keys):]):  # values beyond the header's columns would be lost
                    yield BadRecord(path, lineno, f"{len(row)} fields, but the header names {len(keys)}; skipped")
                    continue
                if record.get("authors"):
                    record["authors"] = record["authors"].replace(";", ",")
                yield paper_from_mapping(record, path, lineno)
        yield from src.problems()
