"""Shared pieces of the readers: record -> Paper conversion (shapes checked, text normalised), limits.

Every :class:`~kg.model.Paper` is made by :func:`paper_from_mapping`, so this is
the boundary where input text is normalised (:mod:`kg.text`) and where the
shape of each field is checked: a field of the wrong type is a
:class:`~kg.errors.BadRecord` naming the file, the line and the field, never a
``TypeError`` further down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Callable, Union

from kg.errors import BadRecord
from kg.model import Paper, paper_id
from kg.text import clean, has_surrogate, identifier

__all__ = ["Item", "ReaderFn", "MAX_TEXT_CHARS", "clean_text", "paper_from_mapping", "authors_from"]

#: Longest title + abstract a paper may have. spaCy refuses longer documents (``nlp.max_length``,
#: error E088), which would abort a whole batch; real abstracts are a few thousand characters.
MAX_TEXT_CHARS = 1_000_000

#: What readers yield: a paper, or a bad record to report and skip.
Item = Union[Paper, BadRecord]
ReaderFn = Callable[[str], Iterator[Item]]

_LATEX_CMD = re.compile(r"\\(?:emph|textit|textbf|texttt|mathrm|mathbf|text|textsc|url)\{([^{}]*)\}")
_LATEX_GROUP = re.compile(r"\{\\(?:em|it|bf|sc|tt)\s+([^{}]*)\}")
_LATEX_ESCAPE = re.compile(r"\\([%&#_$])")
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


def _author_name(a: Any) -> str:
    if isinstance(a, Mapping):
        a = a.get("name") or a.get("display_name") or " ".join(
            x for x in (a.get("given"), a.get("family")) if isinstance(x, str) and x)
    elif isinstance(a, list):  # arXiv "authors_parsed": [last, first, suffix]
        a = " ".join(x for x in (a[1:2] + a[:1]) if isinstance(x, str) and x)
    return a if isinstance(a, str) else ""


def authors_from(value: Any) -> tuple[str, ...]:
    """Authors as a tuple of names from a list of strings/dicts or an "A, B and C" string."""
    if not value:
        return ()
    if isinstance(value, str):
        parts = re.split(r",\s*|\s+and\s+", value)
    elif isinstance(value, list):
        parts = [_author_name(a) for a in value]
    else:
        return ()
    return tuple(n for n in (clean_text(identifier(p)) for p in parts) if n)


def _authors_problem(value: Any) -> str | None:
    """Why *value* is not a list of authors :func:`authors_from` can read (``None`` if it is)."""
    if value is None or isinstance(value, str):
        return None
    if not isinstance(value, list):
        return f"should be a list or a string, got {type(value).__name__}"
    for i, a in enumerate(value, start=1):
        if isinstance(a, Mapping):
            names = [a.get(k) for k in ("name", "display_name", "given", "family")]
            if any(n is not None and not isinstance(n, str) for n in names):
                return f"author {i} has a name that is not a string"
        elif isinstance(a, list):
            if not all(x is None or isinstance(x, str) for x in a):
                return f"author {i} should be [last, first, suffix] strings"
        elif a is not None and not isinstance(a, str):
            return f"author {i} should be a string or an object, got {type(a).__name__}"
    return None


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
        return (identifier(value),)
    if isinstance(value, list):
        return tuple(identifier(v) for v in value if v)
    return ()


#: Scalar fields of a record: (Paper attribute, the record keys it may come from).
_SCALARS = {"record_id": ("id",), "arxiv_id": ("arxiv_id", "arxiv"), "doi": ("doi",),
            "url": ("url", "link", "abs_url"), "date": ("date", "published", "publication_date", "update_date")}
_CODE_KEYS = ("github", "code", "code_url", "repo", "repository")
_AUTHOR_KEYS = ("authors_parsed", "authors", "author")


def _scalar(value: Any) -> str | None:
    """A scalar field as one clean line (numbers are written as text); ``None`` when absent."""
    if value is None:
        return None
    return identifier(value if isinstance(value, str) else str(value)) or None


def _shape_problem(raw: dict[str, Any], code: Any, authors: Any) -> str | None:
    """The first field whose value (as :func:`paper_from_mapping` picked it) no paper field can hold."""
    for name, value in raw.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
            return f"field {_SCALARS[name][0]!r} should be a string, got {type(value).__name__}"
    if code is not None and not (isinstance(code, str) or (
            isinstance(code, list) and all(c is None or isinstance(c, str) for c in code))):
        return "field 'github' should be a URL or a list of URLs"
    problem = _authors_problem(authors)
    return f"field 'authors': {problem}" if problem else None


def _year(year: Any, date: str | None) -> int | None:
    """A plausible year (1..9999) from *year* or the start of *date*; anything else is dropped."""
    if year is None and date and re.match(r"\d{4}", date):
        year = date[:4]
    if isinstance(year, bool) or not isinstance(year, (int, float, str)):
        return None
    try:
        year = int(year)
    except (ValueError, OverflowError):  # "n.d.", NaN, 1e999
        return None
    return year if 0 < year < 10_000 else None


def paper_from_mapping(record: Any, path: str, line: int | None, *, arxiv: bool = False) -> Item:
    """Turn one JSON-like record into a :class:`Paper`, or a :class:`BadRecord` saying why not.

    ``arxiv=True`` reads the record's ``id`` as an arXiv id (the metadata snapshot).
    Every string of the paper is normalised (:mod:`kg.text`).
    """
    if not isinstance(record, Mapping):
        return BadRecord(path, line, f"expected a JSON object, got {type(record).__name__}")
    title = _first(record, "title", "display_name")
    abstract = _first(record, "abstract", "summary")
    if not isinstance(title, str) or not title.strip():
        return BadRecord(path, line, "missing title (field 'title')")
    if not isinstance(abstract, str) or not abstract.strip():
        return BadRecord(path, line, "empty abstract (field 'abstract' or 'summary')")
    if len(title) + len(abstract) >= MAX_TEXT_CHARS:
        return BadRecord(path, line, f"title and abstract longer than {MAX_TEXT_CHARS:,} characters "
                                     f"({len(title) + len(abstract):,}); not a paper abstract, skipped")
    if has_surrogate(title) or has_surrogate(abstract):
        return BadRecord(path, line, "invalid Unicode (a lone surrogate such as \\ud800 in the title or abstract)")
    title, abstract = clean_text(clean(title)), clean_text(clean(abstract))
    if "\ufffd" in title or "\ufffd" in abstract:
        return BadRecord(path, line, "undecodable bytes (the file is not valid UTF-8 here)")
    if not title or not abstract:
        return BadRecord(path, line, "title or abstract is empty once control characters and LaTeX markup are removed")
    raw = {name: _first(record, *keys) for name, keys in _SCALARS.items()}
    code, authors = _first(record, *_CODE_KEYS), _first(record, *_AUTHOR_KEYS)
    problem = _shape_problem(raw, code, authors)
    if problem:
        return BadRecord(path, line, problem)
    fields = {name: _scalar(value) for name, value in raw.items()}
    record_id = fields["record_id"]
    arxiv_id = fields["arxiv_id"] or (record_id if arxiv else None)
    doi, date = fields["doi"], fields["date"]
    pid = paper_id(title=title, arxiv_id=arxiv_id, doi=doi)
    return Paper(
        id=pid, title=title, abstract=abstract,
        source=f"{path}:{line}" if line is not None else str(path),
        record_id=record_id or pid, arxiv_id=arxiv_id, doi=doi, url=fields["url"],
        date=date, year=_year(_first(record, "year", "publication_year"), date),
        authors=authors_from(authors), code_urls=_code_urls(code),
    )
