"""Outputs that a ``kg build --store --update`` extends instead of rewriting.

A streamed output of a store is laid out as ``[head][papers...][tail]``: the
head does not depend on the graph (prefixes, a CSV header), the papers part is
final once written (a paper is merged once, and its nodes and relations never
change afterwards, see :mod:`kg.store`), and the tail holds what later papers
can change (the merged entities). So an update only has to cut the old tail,
append the new papers and write the tail again: its cost grows with the new
papers and the entities, not with the graph.

The store records, per output (:meth:`~kg.store.GraphStore.set_meta`), the size
of the file and the offset where its tail starts, in the same transaction as
the papers. :func:`write_sections` appends only when the file on disk is still
exactly the one recorded; anything else (no record, a file changed by hand, an
append cut short by a crash: the size then differs) makes it rewrite the whole
file atomically from the store. An append modifies the file in place, so a
crash in the middle leaves a file the next build detects and rewrites; the
store itself keeps the papers (it is committed first). Appending gives the same
lines as a full rewrite, in another order (new papers after old ones, where a
full build sorts all papers by id).

An output made of several files (a directory of CSV files, each
``[header][rows]`` with an empty tail) is a :class:`FileSet`: one record for
the directory, the files written in one pass over the papers, appended to only
if every recorded file is still the recorded one.

>>> import tempfile, pathlib
>>> from kg.store import GraphStore
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> store = GraphStore(tmp / "graph.store")
>>> parts = Sections(head=lambda: ["#\\n"], papers=lambda after: [], tail=lambda: ["end\\n"])
>>> write_sections(store, tmp / "out.txt", "out", parts, append=True)
'written'
>>> write_sections(store, tmp / "out.txt", "out", parts, append=True)
'unchanged'
>>> (tmp / "out.txt").read_text()
'#\\nend\\n'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from pathlib import Path

from kg.io import atomic_write, utf8
from kg.store import GraphStore

__all__ = ["FileSet", "Sections", "is_current", "write_sections"]


@dataclass(frozen=True)
class Sections:
    """How to write one output: each callable returns pieces of text, written in order.

    ``papers(after)`` gives the papers' text: all of them (``None``), or only
    those merged after a :meth:`~kg.store.GraphStore.mark`.
    """

    head: Callable[[], Iterable[str]]
    papers: Callable[[int | None], Iterable[str]]
    tail: Callable[[], Iterable[str]]


def _write(fh, pieces: Iterable[str]) -> None:
    for piece in pieces:
        fh.write(utf8(piece))


def is_current(store: GraphStore, path: str | os.PathLike, key: str) -> bool:
    """Whether *path* is still the file the store recorded for it under *key* (by its size)."""
    path = Path(path)
    state = store.get_meta(f"output:{key}:{path.name}")
    return state is not None and path.is_file() and path.stat().st_size == state["size"]


def write_sections(store: GraphStore, path: str | os.PathLike, key: str, sections: Sections, *,
                   append: bool) -> str:
    """Write *sections* to *path*: appended to the recorded file if *append* allows it, else whole.

    Returns ``"appended"``, ``"unchanged"`` (appending, and no paper was merged
    since the file was written) or ``"written"``. The new state is recorded in
    the store; the caller commits it.
    """
    path = Path(path)
    mark = store.mark()
    if append and is_current(store, path, key):
        state = store.get_meta(f"output:{key}:{path.name}")
        if state["mark"] == mark:
            return "unchanged"
        with open(path, "r+b") as fh:
            fh.truncate(state["tail"])
            fh.seek(state["tail"])
            _write(fh, sections.papers(state["mark"]))
            tail = fh.tell()
            _write(fh, sections.tail())
            fh.flush()
            os.fsync(fh.fileno())
            size = fh.tell()
        outcome = "appended"
    else:
        with atomic_write(path, "wb") as fh:
            _write(fh, sections.head())
            _write(fh, sections.papers(None))
            tail = fh.tell()
            _write(fh, sections.tail())
            size = fh.tell()
        outcome = "written"
    store.set_meta(f"output:{key}:{path.name}", {"tail": tail, "size": size, "mark": mark})
    return outcome


class FileSet:
    """The files of one output directory, written in one pass over the papers and recorded together.

    Each file is ``[head][rows]`` with an empty tail (CSV: a header, then rows),
    so appending needs no cut. Appending is allowed only when every recorded
    file is still the one recorded (:meth:`current`); then :meth:`open` of a
    recorded file appends to it in place, and of any other file (or with
    *whole*) writes it whole, atomically. Writing the set whole replaces every
    file atomically and removes the recorded files it no longer writes. The
    writer keeps its own small JSON state (:attr:`state`) in the same record.
    """

    def __init__(self, store: GraphStore, directory: str | os.PathLike, key: str) -> None:
        self.store, self.directory = store, Path(directory)
        self._key = f"output:{key}:{self.directory.name}/"
        self.recorded: dict[str, Any] | None = store.get_meta(self._key)
        self.state: Any = self.recorded["state"] if self.recorded else None
        self._append = False
        self._stack: contextlib.ExitStack | None = None
        self._open: dict[str, tuple[IO[bytes], bool]] = {}  # name -> (file, appended in place)

    def current(self) -> bool:
        """Whether every recorded file is still on disk with its recorded size."""
        if self.recorded is None:
            return False
        paths = {name: self.directory / name for name in self.recorded["sizes"]}
        return all(p.is_file() and p.stat().st_size == self.recorded["sizes"][n] for n, p in paths.items())

    def unchanged(self) -> bool:
        """Current, and no paper was merged since it was written."""
        return self.current() and self.recorded["mark"] == self.store.mark()

    @contextlib.contextmanager
    def writing(self, *, append: bool) -> Iterator["FileSet"]:
        """Open files with :meth:`open` inside; on success they are closed (renamed into place) and recorded.

        If the body raises, the whole-written files keep their old content; the
        appended ones may hold part of the rows, which :meth:`current` detects.
        """
        if append and not self.current():
            raise ValueError(f"{self.directory}: not the recorded files; write them whole")
        self._append, self._open = append, {}
        with contextlib.ExitStack() as stack:
            self._stack = stack
            yield self
            sizes = dict(self.recorded["sizes"]) if append else {}
            for name, (fh, in_place) in self._open.items():
                fh.flush()
                if in_place:
                    os.fsync(fh.fileno())
                sizes[name] = fh.tell()
        self._stack = None
        if not append and self.recorded:
            for name in set(self.recorded["sizes"]) - set(sizes):  # no rows any more: not part of the output
                (self.directory / name).unlink(missing_ok=True)
        self.recorded = {"mark": self.store.mark(), "sizes": sizes, "state": self.state}
        self.store.set_meta(self._key, self.recorded)

    def open(self, name: str, head: bytes, *, whole: bool = False) -> IO[bytes]:
        """The file *name*, positioned after its recorded rows (appending) or after *head* (a new or whole file)."""
        if name in self._open:
            return self._open[name][0]
        assert self._stack is not None, "FileSet.open outside writing()"
        recorded = self.recorded["sizes"] if self._append else {}
        if name in recorded and not whole:
            fh = self._stack.enter_context(open(self.directory / name, "r+b"))
            fh.truncate(recorded[name])
            fh.seek(recorded[name])
        else:
            fh = self._stack.enter_context(atomic_write(self.directory / name, "wb"))
            fh.write(head)
        self._open[name] = (fh, name in recorded and not whole)
        return fh

    def names(self) -> list[str]:
        """The files opened so far, and while appending the recorded ones."""
        recorded = list(self.recorded["sizes"]) if self._append and self.recorded else []
        return recorded + [n for n in self._open if n not in recorded]
