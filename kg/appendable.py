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

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.io import atomic_write, utf8
from kg.store import GraphStore

__all__ = ["Sections", "is_current", "write_sections"]


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
    state = store.get_meta(f"output:{key}:{path.name}")
    path = Path(path)
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
