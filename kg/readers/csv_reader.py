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
        reader = csv.DictReader(fh, delimiter=delimiter)
        fields = {f.strip().lower(): f for f in reader.fieldnames or []}
        if "title" not in fields or not ({"abstract", "summary"} & fields.keys()):
            yield BadRecord(path, 1, f"CSV header needs 'title' and 'abstract' columns, found {sorted(fields)}")
            return
        start = reader.line_num + 1
        try:
            for row in reader:
                record = {k.strip().lower(): v for k, v in row.items() if isinstance(k, str)}
                if record.get("authors"):
                    record["authors"] = record["authors"].replace(";", ",")
                yield paper_from_mapping(record, path, start)
                start = reader.line_num + 1
        except csv.Error as exc:
            yield BadRecord(path, reader.line_num, f"malformed CSV ({exc}); rest of file skipped")
