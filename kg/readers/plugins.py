"""The built-in readers, as :class:`~kg.registry.Plugin` descriptors.

``pyproject.toml`` declares this list under the ``paperkg.plugins`` entry
point, so the registry finds paperkg's readers the way it finds anyone's.
A reader is a function ``read(path) -> Iterator[Paper | BadRecord]``;
``meta["extensions"]`` are the file name endings it claims (``.gz`` is
looked through).
"""

from __future__ import annotations

from kg.registry import Plugin

__all__ = ["PLUGINS"]


def _reader(name: str, target: str, description: str, extensions: tuple[str, ...] = (),
            aliases: tuple[str, ...] = ()) -> Plugin:
    return Plugin("reader", name, f"kg.readers.{target}", description, aliases, {"extensions": extensions})


PLUGINS = [
    _reader("hf-text", "hf_text:read_hf_text", "Hugging Face daily-papers text dump (title line, abstract line)",
            (".txt",), ("text", "txt", "hf")),
    _reader("jsonl", "jsonl:read_jsonl",
            "JSON Lines of paper records (arXiv snapshot and OpenAlex works detected per record)",
            (".jsonl", ".ndjson")),
    _reader("json", "jsonl:read_json", "JSON list of paper records, or an OpenAlex API response", (".json",)),
    _reader("arxiv-snapshot", "jsonl:read_arxiv_snapshot", "arXiv metadata snapshot JSONL (id = arXiv id)",
            aliases=("arxiv",)),
    _reader("arxiv-atom", "arxiv_atom:read_arxiv_atom", "arXiv API response (Atom XML)", (".xml", ".atom"),
            ("atom",)),
    _reader("openalex", "jsonl:read_openalex", "OpenAlex works (API JSON or JSONL snapshot)"),
    _reader("csv", "csv_reader:read_csv", "CSV/TSV with title and abstract columns", (".csv", ".tsv"), ("tsv",)),
]
