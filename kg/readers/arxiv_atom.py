"""arXiv API responses (Atom XML), read incrementally.

The feed is parsed with expat as it is read, one ``<entry>`` at a time, so
each entry is reported with the line its start tag is on, and an XML syntax
error keeps the entries before it (one problem says where reading stopped).
An ``<entry>`` outside the Atom namespace (no ``xmlns``, or another one) is
reported, not passed over in silence; an entry with more text than
:data:`~kg.readers.lines.MAX_LINE_CHARS` is reported, not kept in memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.parsers import expat

from kg.errors import BadRecord
from kg.readers.base import Item, paper_from_mapping
from kg.readers.lines import MAX_LINE_CHARS, Source

__all__ = ["ATOM", "read_arxiv_atom"]

ATOM = "http://www.w3.org/2005/Atom"
_NS = {"a": ATOM, "arxiv": "http://arxiv.org/schemas/atom"}


def _paper(entry: ET.Element, path: str, line: int) -> Item:
    abs_url = (entry.findtext("a:id", default="", namespaces=_NS) or "").strip()
    arxiv_id = abs_url.rsplit("/abs/", 1)[1] if "/abs/" in abs_url else None
    code = [ln.get("href") for ln in entry.findall("a:link", _NS) if "github.com" in (ln.get("href") or "")]
    return paper_from_mapping({
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


class _Entries:
    """expat handlers that build each Atom ``<entry>`` as an element and turn it into an item."""

    def __init__(self, path: str, parser: expat.XMLParserType) -> None:
        self.path, self.parser = path, parser
        self.ready: list[Item] = []
        self.builder: ET.TreeBuilder | None = None
        self.depth = self.line = self.size = 0
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data

    @staticmethod
    def _tag(name: str) -> tuple[str, str, str]:
        uri, _, local = name.rpartition(" ")
        return (f"{{{uri}}}{local}" if uri else local), uri, local

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag, uri, local = self._tag(name)
        if self.builder is not None:
            self.builder.start(tag, attrs)
            self.depth += 1
        elif local == "entry":
            line = self.parser.CurrentLineNumber
            if uri != ATOM:
                where = f"namespace {uri}" if uri else "no namespace"
                self.ready.append(BadRecord(self.path, line, f"<entry> in {where}, not Atom's ({ATOM}); skipped"))
                return
            self.builder, self.depth, self.line, self.size = ET.TreeBuilder(), 1, line, 0
            self.builder.start(tag, attrs)

    def end(self, name: str) -> None:
        if self.builder is None:
            return
        self.builder.end(self._tag(name)[0])
        self.depth -= 1
        if self.depth == 0:
            entry = self.builder.close()
            self.builder = None
            self.ready.append(_paper(entry, self.path, self.line) if self.size <= MAX_LINE_CHARS else BadRecord(
                self.path, self.line, f"<entry> with more than {MAX_LINE_CHARS:,} characters of text; skipped"))

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.size += len(text)
            if self.size <= MAX_LINE_CHARS:
                self.builder.data(text)


def read_arxiv_atom(path: str) -> Iterator[Item]:
    parser = expat.ParserCreate(namespace_separator=" ")
    entries = _Entries(path, parser)
    read = 0
    with Source(path) as src:
        try:
            while True:
                chunk = src.read(line=parser.CurrentLineNumber)
                parser.Parse(chunk, not chunk)
                read += sum(1 for item in entries.ready if not isinstance(item, BadRecord))
                yield from entries.ready
                entries.ready.clear()
                if not chunk:
                    break
        except expat.ExpatError as exc:
            read += sum(1 for item in entries.ready if not isinstance(item, BadRecord))
            yield from entries.ready
            if src.content and src.damage is None:  # else the damage or the emptiness is the problem
                yield BadRecord(path, exc.lineno, f"invalid XML ({expat.ErrorString(exc.code)}: line {exc.lineno}, "
                                                  f"column {exc.offset}); {read} entries read before it, "
                                                  f"the rest is skipped")
        yield from src.problems()
