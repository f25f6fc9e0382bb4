"""Hugging Face daily-papers text dumps: a title line, then an abstract line.

Page furniture ("new", "Subscribe", "Daily Papers", "byAK and the research
community", date lines such as "Jul 31") sits between records and is dropped;
"Subscribe" is sometimes glued to the next title ("SubscribeMultimodality
Helps ...") and is cut off. A title with no abstract after it, or an
abstract with no title before it, is reported with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import BadRecord
from kg.readers.base import Item, paper_from_mapping
from kg.readers.lines import Source

__all__ = ["read_hf_text", "is_noise", "looks_like_abstract"]

_NOISE = {
    "new", "subscribe", "daily papers", "byak and the research community",
    "get trending papers in your email inbox!", "get trending papers in your email inbox once a day!",
    "upvote", "submitted by", "·",
}
_DATE = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:, ?\d{4})?$", re.I)
_GLUED = re.compile(r"^(?:Subscribe|new|Daily Papers)(?=[A-Z0-9])")


def is_noise(line: str) -> bool:
    """Whether a stripped line is page furniture rather than paper text."""
    low = line.lower()
    return low in _NOISE or bool(_DATE.match(line)) or low.isdigit()


def looks_like_abstract(line: str) -> bool:
    """Abstracts are long, multi-sentence lines; titles are short and have no final period."""
    if len(line) >= 250:
        return True
    # titles never end with a period; short abstracts do, and have two sentences
    return len(line) >= 100 and line.endswith(".") and bool(re.search(r"[.!?]\s+[A-Z]", line))


def read_hf_text(path: str) -> Iterator[Item]:
    title: tuple[int, str] | None = None
    with Source(path) as src:
        for lineno, raw in src.lines():
            if raw is None:
                yield src.too_long(lineno)
                continue
            line = _GLUED.sub("", raw.strip())
            if not line or is_noise(line):
                continue
            if looks_like_abstract(line):
                if title is None:
                    yield BadRecord(path, lineno, "abstract without a title line before it")
                    continue
                t_line, t_text = title
                title = None
                yield paper_from_mapping({"title": t_text, "abstract": line}, path, t_line)
            else:
                if title is not None:
                    yield BadRecord(path, title[0], f"title without an abstract: {title[1][:60]!r}")
                title = (lineno, line)
        if title is not None:
            yield BadRecord(path, title[0], f"title without an abstract at end of file: {title[1][:60]!r}")
        yield from src.problems()
