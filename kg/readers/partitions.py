"""Inputs cut into partitions that workers read on their own (``kg build --executor dask``).

A partition is a file, or for a big uncompressed JSON Lines file (``jsonl``,
``arxiv-snapshot``, OpenAlex ``.jsonl``) a byte range of it that starts at a
line start, about :data:`PARTITION_BYTES` long. Reading every partition in
order gives exactly the items :func:`kg.readers.read_inputs` gives: the same
papers, and the same bad records with the same file and line (the planner
counts the lines before each range). Compressed files, JSON documents, CSV,
Atom and text dumps cannot be cut at a known record boundary without reading
them, so each is one partition.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "p.jsonl")
>>> with open(path, "w") as fh:
...     _ = fh.write("".join(f'{{"title": "T{i}", "abstract": "A."}}\\n' for i in range(5)))
>>> parts = plan_partitions([path], size=60)
>>> [(p.start, p.first_line) for p in parts]
[(0, 0), (68, 2), (136, 4)]
>>> [item.title for p in parts for item in read_partition(p)]
['T0', 'T1', 'T2', 'T3', 'T4']
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kg.errors import InputError
from kg.readers import _sniff, format_for_path, get_reader
from kg.readers.base import Item
from kg.readers.jsonl import read_line_range

__all__ = ["PARTITION_BYTES", "SPLITTABLE", "Partition", "plan_partitions", "read_partition"]

#: Target size of a partition of a big JSON Lines file: some 10,000 papers, a second or two of parsing.
PARTITION_BYTES = 16 << 20

#: Formats read one line per record, whose uncompressed files can be cut at any line start.
SPLITTABLE = {"jsonl": False, "arxiv-snapshot": True}  # name -> read as the arXiv snapshot

_SCAN = 1 << 20  #: bytes read at a time while counting lines


@dataclass(frozen=True)
class Partition:
    """Bytes *start* to *end* of *path* (``end`` None: to the end), read with the reader *fmt*."""

    path: str
    fmt: str
    start: int = 0
    end: int | None = None
    first_line: int = 0  #: lines before *start*
    last_of_empty: bool = False  #: the last range of a file with nothing but white space before it

    def __str__(self) -> str:
        return self.path if self.end is None and self.start == 0 else f"{self.path}[{self.start}:{self.end}]"


def _splittable(path: str, fmt: str) -> bool:
    lowered = path.lower()
    if lowered.endswith(".gz"):
        return False
    return fmt in SPLITTABLE or (fmt == "openalex" and lowered.endswith((".jsonl", ".ndjson")))


def _cuts(path: str, size: int) -> Iterator[tuple[int, int | None, int, bool]]:
    """``(start, end, lines before start, any content before start)`` of each range of about *size* bytes,
    cut after a ``\\n``."""
    total = os.path.getsize(path)
    start, lines, content = 0, 0, False
    with open(path, "rb") as fh:
        while total - start > size:
            fh.seek(start)
            counted, goal, seen = 0, start + size, content
            while fh.tell() < goal:  # count the lines of the range, then find the end of the line at its end
                block = fh.read(min(_SCAN, goal - fh.tell()))
                counted += block.count(b"\n")
                seen = seen or bool(block.strip())
            rest = b""
            while b"\n" not in rest:
                block = fh.read(_SCAN)
                if not block:
                    break
                rest += block
            if b"\n" not in rest:  # the last line runs to the end of the file
                break
            end = goal + rest.index(b"\n") + 1
            yield start, end, lines, content
            start, lines, content = end, lines + counted + 1, seen or bool(rest[:rest.index(b"\n")].strip())
    yield start, None, lines, content


def plan_partitions(files: Sequence[str], fmt: str | None = None, *, size: int = PARTITION_BYTES) -> list[Partition]:
    """The partitions of *files* (as :func:`kg.readers.expand_inputs` lists them), in reading order.

    *fmt* forces a reader, as ``--input-format`` does. Standard input cannot be
    read by a worker: it is refused here (the caller reads it itself).
    """
    parts: list[Partition] = []
    for path in files:
        if not os.path.isfile(path):
            raise InputError(f"{path}: not a file a worker can read")
        name = get_reader(fmt).name if fmt else (format_for_path(path) or _sniff(path))
        if _splittable(path, name):
            parts.extend(Partition(path, name, start, end, lines, last_of_empty=end is None and not content)
                         for start, end, lines, content in _cuts(path, size))
        else:
            parts.append(Partition(path, name))
    return parts


def read_partition(part: Partition) -> list[Item]:
    """The items (papers and bad records) of one partition, in order; runs where the files are."""
    try:
        if part.start == 0 and part.end is None:
            return list(get_reader(part.fmt).load()(part.path))
        arxiv = SPLITTABLE.get(part.fmt, False)
        return list(read_line_range(part.path, part.start, part.end, part.first_line, arxiv=arxiv,
                                    report_empty=part.last_of_empty))
    except OSError as exc:
        raise InputError(f"{part.path}: cannot read ({exc.strerror or exc})") from exc
