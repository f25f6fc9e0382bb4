"""Shared pieces of the readers: record -> Paper conversion, text clean-up."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Callable, Union

from kg.errors import BadRecord
from kg.model import Paper, paper_id

__all__ = ["Item", "ReaderFn", "clean_text", "paper_from_mapping", "authors_from"]

#: What readers yield: a paper, or a bad record to report and skip.
Item = Union[Paper, BadRecord]
ReaderFn = Callable[[str], Iterator[Item]]

_LATEX_CMD = re.compile(r"\\(?:emph|textit|textbf|texttt|mathrm|mathbf|text|textsc|url)\{([^{}]*)\}")
_LATEX_GROUP = re.compile(r"\{\\(?:em|it|bf|sc|tt)\s+([^{}]*)\}")
_LATEX_ESCAPE = re.compile(r"\\([%&#_$])")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INLINE_MATH = re.compile(r"\$([^$]{1,80})\$")


def clean_text(text: str) -> str:
    """Collapse white space (hard line breaks) and undo the commonest LaTeX markup.

    >>> clean_text("A  {\\\\em fast}\\n detector with 50\\\\% fewer $\\\\times$ ops")
    'A fast detector with 50% fewer \\\\times ops'
    """
    text = _LATEX_CMD.sub(r"\1", text)
    text = _LATEX_GROUP.sub(r"\1", text)
    text = _LATEX_ESCAPE.sub(r"\1", text)
    text = _INLINE_MATH.sub(r"\1", text)
    return " ".join(text.split())


def authors_from(value: Any) -> tuple[str, ...]:
    """Authors as a tuple of names from a list of strings/dicts or an "A, B and C" string."""
    if not value:
        return ()
    if isinstance(value, str):
        parts = re.split(r",\s*|\s+and\s+", value)
    elif isinstance(value, list):
        parts = []
        for a in value:
            if isinstance(a, Mapping):
                a = a.get("name") or a.get("display_name") or " ".join(
                    str(x) for x in (a.get("given"), a.get("family")) if x)
            elif isinstance(a, list):  # arXiv "authors_parsed": [last, first, suffix]
                a = " ".join(x for x in (a[1:2] + a[:1]) if x)
            parts.append(str(a or ""))
    else:
        return ()
    return tuple(n for n in (clean_text(p) for p in parts) if n)


def _first(record: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _code_urls(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if v)
    return ()


def paper_from_mapping(record: Any, path: str, line: int | None, *, arxiv: bool = False) -> Item:
    """Turn one JSON-like record into a :class:`Paper`, or a :class:`BadRecord` saying why not.

    ``arxiv=True`` reads the record's ``id`` as an arXiv id (the metadata snapshot).
    """
    if not isinstance(record, Mapping):
        return BadRecord(path, line, f"expected a JSON object, got {type(record).__name__}")
    title = _first(record, "title", "display_name")
    abstract = _first(record, "abstract", "summary")
    if not isinstance(title, str) or not title.strip():
        return BadRecord(path, line, "missing title (field 'title')")
    if not isinstance(abstract, str) or not abstract.strip():
        return BadRecord(path, line, "empty abstract (field 'abstract' or 'summary')")
    title, abstract = clean_text(title), clean_text(abstract)
    if "\ufffd" in title or "\ufffd" in abstract:
        return BadRecord(path, line, "undecodable bytes (the file is not valid UTF-8 here)")
    if _SURROGATE.search(title) or _SURROGATE.search(abstract):
        return BadRecord(path, line, "invalid Unicode (a lone surrogate such as \\ud800 in the title or abstract)")
    raw_id = _first(record, "id")
    record_id = str(raw_id) if raw_id is not None else None
    arxiv_id = _first(record, "arxiv_id", "arxiv") or (record_id if arxiv else None)
    doi = _first(record, "doi")
    date = _first(record, "date", "published", "publication_date", "update_date")
    year = _first(record, "year", "publication_year")
    if year is None and isinstance(date, str) and re.match(r"\d{4}", date):
        year = date[:4]
    try:
        year = int(year) if year is not None else None
    except (TypeError, ValueError):
        year = None
    pid = paper_id(title=title, arxiv_id=str(arxiv_id) if arxiv_id else None,
                   doi=str(doi) if doi else None)
    return Paper(
        id=pid, title=title, abstract=abstract,
        source=f"{path}:{line}" if line is not None else str(path),
        record_id=record_id or pid,
        arxiv_id=str(arxiv_id) if arxiv_id else None,
        doi=str(doi) if doi else None,
        url=_first(record, "url", "link", "abs_url"),
        date=str(date) if date else None, year=year,
        authors=authors_from(_first(record, "authors_parsed", "authors", "author")),
        code_urls=_code_urls(_first(record, "github", "code", "code_url", "repo", "repository")),
    )
