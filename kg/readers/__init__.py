"""Readers turn input files into :class:`~kg.model.Paper` records.

A small registry, as rdflib has for its parsers: each format is registered
under a name with its file extensions, and :func:`read_inputs` picks one by
``--format`` or by sniffing. Readers are generators: a 5 GB JSONL file is
streamed, never loaded whole. They yield :class:`~kg.errors.BadRecord`
values for malformed records instead of raising, so a build can skip them.

>>> sorted(formats())
['arxiv-atom', 'arxiv-snapshot', 'csv', 'hf-text', 'json', 'jsonl', 'openalex']
>>> format_for_path("papers.jsonl.gz")
'jsonl'
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.readers.arxiv_atom import read_arxiv_atom
from kg.readers.base import Item, ReaderFn
from kg.readers.csv_reader import read_csv
from kg.readers.hf_text import read_hf_text
from kg.readers.jsonl import read_arxiv_snapshot, read_json, read_jsonl
from kg.readers.openalex import read_openalex

__all__ = ["Reader", "register", "formats", "get_reader", "format_for_path", "expand_inputs", "read_inputs"]


@dataclass(frozen=True)
class Reader:
    name: str
    read: ReaderFn
    extensions: tuple[str, ...]
    description: str


_REGISTRY: dict[str, Reader] = {}
_ALIASES: dict[str, str] = {}


def register(name: str, read: ReaderFn, extensions: Iterable[str] = (), description: str = "",
             aliases: Iterable[str] = ()) -> None:
    """Register a reader under *name* (and *aliases*) for files ending in *extensions*."""
    _REGISTRY[name] = Reader(name, read, tuple(extensions), description)
    for alias in aliases:
        _ALIASES[alias] = name


def formats() -> dict[str, Reader]:
    return dict(_REGISTRY)


def get_reader(name: str) -> Reader:
    key = _ALIASES.get(name, name)
    if key not in _REGISTRY:
        raise InputError(f"unknown input format {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[key]


register("hf-text", read_hf_text, (".txt",), "Hugging Face daily-papers text dump (title line, abstract line)",
         aliases=("text", "txt", "hf"))
register("jsonl", read_jsonl, (".jsonl", ".ndjson"), "JSON Lines of paper records (arXiv snapshot and OpenAlex works detected per record)")
register("json", read_json, (".json",), "JSON list of paper records, or an OpenAlex API response")
register("arxiv-snapshot", read_arxiv_snapshot, (), "arXiv metadata snapshot JSONL (id = arXiv id)",
         aliases=("arxiv",))
register("arxiv-atom", read_arxiv_atom, (".xml", ".atom"), "arXiv API response (Atom XML)", aliases=("atom",))
register("openalex", read_openalex, (), "OpenAlex works (API JSON or JSONL snapshot)")
register("csv", read_csv, (".csv", ".tsv"), "CSV/TSV with title and abstract columns", aliases=("tsv",))


def _strip_gz(path: str) -> str:
    return path[:-3] if path.endswith(".gz") else path


def format_for_path(path: str) -> str | None:
    """The registered format for a file name, by extension (``.gz`` looked through)."""
    name = _strip_gz(str(path)).lower()
    for reader in _REGISTRY.values():
        if name.endswith(reader.extensions) and reader.extensions:
            return reader.name
    return None


def _sniff(path: str) -> str:
    from kg.io import open_text

    with open_text(path) as fh:
        head = fh.read(2048).lstrip()
    if head.startswith("<"):
        return "arxiv-atom"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        return "jsonl"
    return "hf-text"


def expand_inputs(inputs: Iterable[str | os.PathLike]) -> list[str]:
    """Files named by *inputs*: files, directories (recursively, known formats only) and globs."""
    files: list[str] = []
    for item in inputs:
        item = str(item)
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
        chosen = reader or get_reader(format_for_path(path) or _sniff(path))
        try:
            yield from chosen.read(path)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
