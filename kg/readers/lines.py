"""Bounded, damage-tolerant reading of one input file: what every reader reads through.

A :class:`Source` hands out lines (or chunks) of an input, and never more than
:data:`MAX_LINE_CHARS` of one line at a time, so a 1 GB one-line file costs
megabytes, not gigabytes: the over-long line is skipped and reported. A damaged
compressed file (truncated, corrupt, not gzip at all) does not raise: reading
stops, the damage is kept as a :class:`~kg.errors.BadRecord` that says how far
reading got, and the records before it stay read. A file with no content at all
(an empty ``.gz`` included) is reported too, so no input vanishes without a word.

>>> import gzip, os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "p.jsonl.gz")
>>> with gzip.open(path, "wt") as fh:
...     _ = fh.write('{"a": 1}\\n' * 3)
>>> with open(path, "r+b") as fh:  # cut the file short: the gzip trailer and part of the data are lost
...     _ = fh.truncate(os.path.getsize(path) - 12)
>>> with Source(path) as src:
...     lines = list(src.lines())
>>> len(lines), [str(p) for p in src.problems()]  # doctest: +ELLIPSIS
(..., ['...p.jsonl.gz:...: damaged compressed data (...); read ... line(s) before it, the rest is lost'])
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from types import TracebackType

from kg.errors import BadRecord
from kg.io import open_text, open_text_range

__all__ = ["MAX_LINE_CHARS", "CHUNK_CHARS", "DAMAGE", "Source"]

#: Longest line a reader takes in (2 MiB of characters). Longer than any real record line (the abstract of
#: a paper is limited to :data:`kg.readers.base.MAX_TEXT_CHARS`, a million characters), short enough that
#: one runaway line (a 1 GB one-line gzip) cannot fill the memory. An over-long line is skipped and reported.
MAX_LINE_CHARS = 2 * 1024 * 1024

#: How much text :meth:`Source.read` returns at a time.
CHUNK_CHARS = 1 << 20

#: What damaged compressed input raises while it is read (a truncated stream, corrupt data, no gzip header).
DAMAGE = (EOFError, zlib.error, gzip.BadGzipFile)


class Source:
    """One input file, read in bounded pieces; damage and emptiness collected as problems.

    Use as a context manager; read with :meth:`lines` or :meth:`read`, then
    yield :meth:`problems` after the records.
    """

    def __init__(self, path: str, *, start: int = 0, end: int | None = None, first_line: int = 0) -> None:
        """Read *path*, or only its bytes *start* to *end* (a part of a big uncompressed file that begins at
        a line start, see :mod:`kg.readers.partitions`; its lines are numbered from *first_line* + 1)."""
        self.path = str(path)
        self.lineno = first_line  #: lines read so far (by :meth:`lines`), counted from the file's start
        self.content = False  #: whether anything but white space was read
        self.damage: BadRecord | None = None
        self._fh = open_text(self.path) if start == 0 and end is None else open_text_range(self.path, start, end)

    def __enter__(self) -> Source:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            self._fh.close()
        except DAMAGE:  # closing a damaged gzip may check its trailer again: the damage is reported already
            pass

    def _damaged(self, exc: BaseException, where: int) -> str:
        what = "not gzip-compressed data" if isinstance(exc, gzip.BadGzipFile) and "Not a gzipped" in str(exc) \
            else "damaged compressed data"
        self.damage = BadRecord(self.path, where, f"{what} ({exc or type(exc).__name__}); "
                                                  f"read {self.lineno} line(s) before it, the rest is lost")
        return ""

    def _readline(self, limit: int) -> str:
        if self.damage is not None:
            return ""
        try:
            return self._fh.readline(limit)
        except DAMAGE as exc:
            return self._damaged(exc, self.lineno + 1)

    def read(self, size: int = CHUNK_CHARS, *, line: int | None = None) -> str:
        """Up to *size* characters ("" at the end or at damage; *line* is where the damage is reported)."""
        if self.damage is not None:
            return ""
        try:
            chunk = self._fh.read(size)
        except DAMAGE as exc:
            return self._damaged(exc, line if line is not None else self.lineno + 1)
        if not self.content and chunk.strip():
            self.content = True
        return chunk

    def lines(self) -> Iterator[tuple[int, str | None]]:
        """``(line number, line)`` for each line (with its ``\\n``); the line is ``None`` when over-long (skipped)."""
        while True:
            line = self._readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            self.lineno += 1
            if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                while True:  # skip the rest of the line, a bounded piece at a time
                    rest = self._readline(MAX_LINE_CHARS)
                    if not rest or rest.endswith("\n"):
                        break
                self.content = True
                yield self.lineno, None
                continue
            if not self.content and line.strip():
                self.content = True
            yield self.lineno, line

    def too_long(self, line: int) -> BadRecord:
        """The problem report of an over-long line."""
        return BadRecord(self.path, line, f"line longer than {MAX_LINE_CHARS:,} characters; skipped "
                                          f"(no paper record is that long)")

    def problems(self) -> Iterator[BadRecord]:
        """What went wrong with the file as a whole: damage, or no content at all."""
        if self.damage is not None:
            yield self.damage
        elif not self.content:
            yield BadRecord(self.path, None, "the file is empty: no records" if not self.path.endswith(".gz")
                            else "the compressed file is empty: no records")
