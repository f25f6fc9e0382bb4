"""Readers turn input files into :class:`~kg.model.Paper` records.

Readers are plugins of kind ``"reader"`` in :data:`kg.registry.registry`
(the built-in ones are listed in :mod:`kg.readers.plugins`); :func:`read_inputs`
picks one per file by ``--format`` or by sniffing. Readers are generators: a
5 GB JSONL file is streamed, never loaded whole. They yield
:class:`~kg.errors.BadRecord` values for malformed records instead of raising,
and :func:`papers` is the one place that decides what happens to them
(skip and report, or stop under ``--strict``).

>>> sorted(p.name for p in readers())
['arxiv-atom', 'arxiv-snapshot', 'csv', 'hf-text', 'json', 'jsonl', 'openalex']
>>> format_for_path("papers.jsonl.gz")
'jsonl'
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import BadRecord, InputError
from kg.io import STDIN, is_stdin
from kg.model import Paper
from kg.readers.base import Item
from kg.readers.lines import Source
from kg.registry import Plugin, registry

__all__ = ["readers", "get_reader", "format_for_path", "expand_inputs", "read_inputs", "problem_handler", "papers"]


def readers() -> list[Plugin]:
    """The registered readers."""
    return registry.plugins("reader")


def get_reader(name: str) -> Plugin:
    """The reader called *name* (or an alias of it)."""
    return registry.get("reader", name)


def _strip_gz(path: str) -> str:
    return path[:-3] if path.endswith(".gz") else path


def format_for_path(path: str) -> str | None:
    """The registered format for a file name, by extension (``.gz`` looked through)."""
    name = _strip_gz(str(path)).lower()
    for reader in readers():
        extensions = tuple(reader.meta.get("extensions", ()))
        if extensions and name.endswith(extensions):
            return reader.name
    return None


def _sniff(path: str) -> str:
    with Source(path) as src:  # damaged compressed input: sniffed as empty, its reader reports the damage
        head = src.read(2048).lstrip()
    if head.startswith("<"):
        return "arxiv-atom"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    return "hf-text"


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> list[str]:
    """Files named by *inputs*: files, directories (recursively, known formats only) and globs.

    ``-`` is standard input, listed as :data:`kg.io.STDIN`.
    """
    files: list[str] = []
    for item in inputs:
        item = str(item)
        if is_stdin(item):
            if STDIN in files:
                raise InputError("'-' (standard input) is given twice; it can be read once")
            files.append(STDIN)
            continue
        if any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: the pattern matches no file")
            files.extend(m for m in matches if os.path.isfile(m))
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and format_for_path(p.name)
            )
            if not found:
                raise InputError(f"{item}: the directory holds no paper file "
                                 f"(.txt, .jsonl, .json, .xml, .csv, optionally .gz)")
            files.extend(found)
        elif path.is_file():
            if not os.access(path, os.R_OK):
                raise InputError(f"{item}: permission denied")
            files.append(str(path))
        else:
            raise InputError(f"{item}: no such file or directory")
    return files


def read_inputs(inputs: Iterable[str | os.PathLike], fmt: str | None = None) -> Iterator[Item]:
    """Every paper (or bad record) in *inputs*, in order."""
    reader = get_reader(fmt) if fmt else None
    for path in expand_inputs(inputs):
        read = (reader or get_reader(format_for_path(path) or _sniff(path))).load()
        try:
            yield from read(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def problem_handler(*, strict: bool = False, on_problem: Callable[[BadRecord], None] | None = None,
                    collect: list[BadRecord] | None = None) -> Callable[[BadRecord], None]:
    """The one policy for bad records: raise under *strict*, else append to *collect* and call *on_problem*.

    >>> seen = []
    >>> handle = problem_handler(collect=seen)
    >>> handle(BadRecord("f.jsonl", 2, "missing title")); [str(b) for b in seen]
    ['f.jsonl:2: missing title']
    >>> problem_handler(strict=True)(BadRecord("f.jsonl", 2, "missing title"))
    Traceback (most recent call last):
    kg.errors.BadRecord: f.jsonl:2: missing title
    """
    def handle(bad: BadRecord) -> None:
        if strict:
            raise bad
        if collect is not None:
            collect.append(bad)
        if on_problem is not None:
            on_problem(bad)

    return handle


def papers(items: Iterable[Item], on_problem: Callable[[BadRecord], None]) -> Iterator[Paper]:
    """The papers among *items*; each bad record goes to *on_problem* (see :func:`problem_handler`).

    >>> items = [Paper(id="title:1", title="T", abstract="A."), BadRecord("f.jsonl", 2, "missing title")]
    >>> seen = []
    >>> [p.id for p in papers(items, seen.append)], [str(b) for b in seen]
    (['title:1'], ['f.jsonl:2: missing title'])
    """
    for item in items:
        if isinstance(item, BadRecord):
            on_problem(item)
        else:
            yield item
