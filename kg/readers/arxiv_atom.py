"""arXiv API responses (Atom XML)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.errors import BadRecord
from kg.io import open_text
from kg.readers.base import Item, paper_from_mapping

__all__ = ["read_arxiv_atom"]

_NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ENTRY = re.compile(r"<(?:\w+:)?entry[\s>]")


def read_arxiv_atom(path: str) -> Iterator[Item]:
    with open_text(path) as fh:
        text = fh.read()
    entry_lines = [text.count("\n", 0, m.start()) + 1 for m in _ENTRY.finditer(text)]
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        yield BadRecord(path, exc.position[0], f"invalid XML ({exc}); nothing read")
        return
    for i, entry in enumerate(root.iter(f"{{{_NS['a']}}}entry")):
        line = entry_lines[i] if i < len(entry_lines) else None
        abs_url = (entry.findtext("a:id", default="", namespaces=_NS) or "").strip()
        arxiv_id = abs_url.rsplit("/abs/", 1)[1] if "/abs/" in abs_url else None
        code = [ln.get("href") for ln in entry.findall("a:link", _NS)
                if "github.com" in (ln.get("href") or "")]
        yield paper_from_mapping({
            "id": arxiv_id or abs_url or None,
            "title": entry.findtext("a:title", default="", namespaces=_NS),
            "abstract": entry.findtext("a:summary", default="", namespaces=_NS),
            "arxiv_id": arxiv_id,
            "doi": entry.findtext("arxiv:doi", default=None, namespaces=_NS),
            "url": abs_url or None,
            "date": entry.findtext("a:published", default=None, namespaces=_NS),
            "authors": [a.findtext("a:name", default="", namespaces=_NS) for a in entry.findall("a:author", _NS)],
            "github": code,
        }, path, line)
