"""Bulk load of a fresh embedded database: rows to CSV files, then one ``COPY ... FROM`` per table.

Passing rows as query parameters (``UNWIND $rows ... CREATE``) costs the engine's Python binding
about 0.5 ms a row (it infers a type for every value, in Python, then converts it), so a
10,000-paper graph took 100 s to load. Its C++ CSV reader takes the same rows in a fraction of
that, and the rows can be streamed to disk, so memory does not grow with the graph.

Nothing from the input may break the load, and the CSV reader is trusted as little as possible:

* every column is read as text (``LOAD WITH HEADERS (c0 STRING, ...)``, no type sniffing),
  then cast to its schema type in the ``RETURN`` of the ``COPY``'s subquery;
* a string is written RFC 4180-quoted (``"`` doubled); an absent value is an empty unquoted
  field (the reader's NULL), so ``""`` stays the empty string. Newlines, CRs, NULs, commas and
  backslashes inside quotes are read back verbatim (``PARALLEL=false``: quoted newlines);
* a list of numbers is written in the engine's list syntax (``[1,-1]``) and cast; a list of
  strings is not (the reader keeps quotes around elements): it is one string, its elements joined by U+001E, with U+001B as an escape (``ESC 0`` = U+001B,
  ``ESC 1`` = U+001E, ``ESC z`` = an empty string, ``ESC e`` alone = the empty list:
  no part is empty, as ``string_split`` drops a leading empty part), undone by
  ``string_split`` and ``replace`` in the subquery;
* rows are sorted by id (relationships by source, target), as the parameter load inserted them
  (the engine scans in parallel, so answers without ``ORDER BY`` have no fixed order anyway).

Lone surrogates become U+FFFD (:func:`~exports.safe_text.encodable` over each written line: the\nfields are separated by quotes and commas and list elements by U+001E, so no two surrogates of\ndifferent strings can pair up), as :func:`~exports.safe_text.cleaned` does for the parameter load.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from kg.errors import ExportError
from exports.safe_text import encodable

__all__ = ["CHUNK_ROWS", "TableCopy", "list_text", "copy_tables", "scratch_directory", "remove"]

_SEP, _ESC = "\x1e", "\x1b"
_EMPTY, _BLANK = _ESC + "e", _ESC + "z"
#: Rows per CSV file, each copied by its own ``COPY``.
CHUNK_ROWS = 50_000
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_./-]+")
_CSV_OPTIONS = "(HEADER=true, DELIM=',', QUOTE='\"', ESCAPE='\"', PARALLEL=false)"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    return str(value)


def list_text(values: Iterable[Any]) -> str:
    r"""One list of strings as the single string the subquery splits back (see the module docstring).

    Lists of the schema hold no nulls (:func:`~exports.neo4j_schema.node_props` drops them); one
    here raises :class:`~kg.errors.ExportError`.

    >>> list_text(["a", "b\x1ec", ""]) == "a\x1eb\x1b1c\x1e\x1bz"
    True
    >>> list_text([])
    '\x1be'
    """
    parts = []
    for v in values:
        if v is None:
            raise ExportError("a list property holds a null, which the embedded schema's lists cannot")
        text = v if type(v) is str else _scalar(v)
        parts.append(text.replace(_ESC, _ESC + "0").replace(_SEP, _ESC + "1") or _BLANK)
    return _SEP.join(parts) if parts else _EMPTY  # no part is empty: string_split drops a leading empty part


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    return '"' + (value if type(value) is str else _scalar(value)).replace('"', '""') + '"'


def _list_cell(value: Any) -> str:
    return "" if value is None else '"' + list_text(value).replace('"', '""') + '"'


def _number_list_cell(value: Any) -> str:
    if value is None:
        return ""
    if any(v is None for v in value):
        raise ExportError("a list property holds a null, which the embedded schema's lists cannot")
    return '"[' + ",".join(_scalar(v) for v in value) + ']"'


_CELLS = {"STRING[]": _list_cell, "INT64[]": _number_list_cell, "DOUBLE[]": _number_list_cell}


def _read_back(column: str, typ: str) -> str:
    """The subquery expression that turns text column *column* into a value of *typ*."""
    if typ == "STRING":
        return column
    if not typ.endswith("[]"):
        return f"CAST({column} AS {typ})"
    if typ != "STRING[]":  # numbers: the engine's own list syntax, "[1,-1]", which text cannot reach
        return f"CAST({column} AS {typ})"
    # no CASE: the engine evaluates every branch, and a CASE inside a list lambda gave values of other rows
    parts = f"list_filter(string_split({column}, '{_SEP}'), x -> x <> '{_EMPTY}')"
    unescaped = f"replace(replace(replace(x, '{_BLANK}', ''), '{_ESC}1', '{_SEP}'), '{_ESC}0', '{_ESC}')"
    return f"list_transform({parts}, x -> {unescaped})"


class TableCopy:
    """The CSV files of one node or relationship table, written row by row, then copied in.

    *columns* are ``(name, type)`` in the table's order (a relationship table's first two are
    the ends' ids, typed STRING); *order* how many leading columns sort the rows. A file holds
    at most *chunk_rows* rows and each is copied on its own (the engine copies into a table
    that has rows), so what one ``COPY`` holds in memory does not grow with the graph.
    """

    def __init__(self, directory: Path, table: str, columns: list[tuple[str, str]], order: int,
                 chunk_rows: int | None = None) -> None:
        self.table, self.columns, self.order = table, columns, order
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self.directory = directory
        self.rows = 0
        self.files: list[tuple[Path, int]] = []  #: (file, rows in it)
        self._cells = [(name, _CELLS.get(typ, _text_cell)) for name, typ in columns]
        self._fh: TextIO | None = None

    def _next_file(self) -> TextIO:
        self.close()
        path = self.directory / f"{self.table}-{len(self.files)}.csv"
        self.files.append((path, 0))
        self._fh = open(path, "w", encoding="utf-8", newline="")
        self._fh.write(",".join(f"c{i}" for i in range(len(self.columns))) + "\n")
        return self._fh

    def write(self, row: dict[str, Any]) -> None:
        fh = self._fh if self._fh is not None and self.files[-1][1] < self.chunk_rows else self._next_file()
        line = ",".join([cell(row.get(name)) for name, cell in self._cells]) + "\n"
        fh.write(encodable(line))  # a lone surrogate anywhere in the row becomes U+FFFD, as in cleaned()
        self.files[-1] = (self.files[-1][0], self.files[-1][1] + 1)
        self.rows += 1

    def statements(self) -> list[tuple[str, int]]:
        """One ``COPY`` per file, with its row count."""
        header = ", ".join(f"c{i} STRING" for i in range(len(self.columns)))
        values = ", ".join(_read_back(f"c{i}", typ) for i, (_name, typ) in enumerate(self.columns))
        order = ", ".join(f"c{i}" for i in range(self.order))
        return [(f"COPY {self.table} FROM (LOAD WITH HEADERS ({header}) FROM '{path}' {_CSV_OPTIONS} "
                 f"RETURN {values} ORDER BY {order})", rows)  # a plain path (scratch_directory): nothing to escape
                for path, rows in self.files]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def copy_tables(conn: Any, tables: Iterable[TableCopy], execute: Callable[[Any, str], Any],
                on_batch: Callable[[str, int], None] | None = None) -> int:
    """COPY every file of every table (nodes first: the caller orders them); returns the statements run."""
    runs = 0
    for table in tables:
        table.close()
        for statement, rows in table.statements():
            execute(conn, statement)
            runs += 1
            if on_batch:
                on_batch(table.table, rows)
    return runs


def scratch_directory(database: str | None) -> Path:
    """A new private directory for the CSV files: beside an on-disk database, else in the temp dir.

    The engine reads a file name as a glob pattern and inside a string literal, so a directory
    whose path holds anything but letters, digits and ``_ . / -`` (a quote, ``[``, ``*``, a
    backslash, a space...) is not used: the system temp directory is, then.
    """
    parent = Path(database).resolve().parent if database else None
    if parent is None or not _PLAIN_PATH.fullmatch(str(parent)):
        parent = Path(tempfile.gettempdir()).resolve()
        if not _PLAIN_PATH.fullmatch(str(parent)):
            raise ExportError(f"the temporary directory {parent} has characters the embedded engine reads as a "
                              "pattern; set TMPDIR to a plain path")
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".lbdb-copy-", dir=parent))


def remove(directory: str | os.PathLike) -> None:
    shutil.rmtree(directory, ignore_errors=True)
