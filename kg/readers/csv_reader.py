"""CSV (or TSV) files with title and abstract columns (header names are case-insensitive)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from kg.errors import BadRecord
from kg.io import open_text
from kg.readers.base import Item, paper_from_mapping

__all__ = ["read_csv"]

csv.field_size_limit(2**24)


def read_csv(path: str) -> Iterator[Item]:
    with open_text(path) as fh:
        sample = fh.read(8192)
        fh.seek(0)
        delimiter = "\t" if path.endswith((".tsv", ".tsv.gz")) or sample.count("\t") > sample.count(",") else ","
        rows = csv.reader(fh, delimiter=delimiter)
        header = next(rows, [])
        fields = {f.strip().lower(): f for f in header}
        if "title" not in fields or not ({"abstract", "summary"} & fields.keys()):
            yield BadRecord(path, 1, f"CSV header needs 'title' and 'abstract' columns, found {sorted(fields)}")
            return
        keys = [f.strip().lower() for f in header]
        start = rows.line_num + 1
        try:
            for row in rows:
                if row:  # a blank line is no record, but it is a line: the next record starts after it
                    record = dict(zip(keys, row))
                    if record.get("authors"):
                        record["authors"] = record["authors"].replace(";", ",")
                    yield paper_from_mapping(record, path, start)
                start = rows.line_num + 1
        except csv.Error as exc:
            yield BadRecord(path, rows.line_num, f"malformed CSV ({exc}); rest of file skipped")
