"""OpenAlex works: the abstract is stored as an inverted index, rebuilt here."""

from __future__ import annotations

from typing import Any

from kg.errors import BadRecord
from kg.readers.base import Item, paper_from_mapping

__all__ = ["is_openalex_work", "rebuild_abstract", "paper_from_openalex"]


def is_openalex_work(record: dict) -> bool:
    return "abstract_inverted_index" in record or str(record.get("id", "")).startswith("https://openalex.org/")


def rebuild_abstract(index: dict[str, list[int]] | None) -> str:
    """Rebuild an abstract from OpenAlex's ``abstract_inverted_index``.

    >>> rebuild_abstract({"We": [0], "use": [1], "COCO.": [2]})
    'We use COCO.'
    """
    if not index:
        return ""
    positions: dict[int, str] = {}
    for word, where in index.items():
        for pos in where:
            positions[int(pos)] = word
    return " ".join(positions[i] for i in sorted(positions))


#: The nested fields of a work this reader looks into, and the JSON type each must have.
_SHAPES = {"ids": dict, "locations": list, "primary_location": dict, "authorships": list}


def _shape_problem(work: dict) -> str | None:
    """Why the nested fields of *work* cannot be read (``None`` when they can)."""
    for key, kind in _SHAPES.items():
        value = work.get(key)
        if value is not None and not isinstance(value, kind):
            return f"OpenAlex field {key!r} should be {'an object' if kind is dict else 'a list'}, " \
                   f"got {type(value).__name__}"
    for key in ("locations", "authorships"):
        for i, item in enumerate(work.get(key) or [], start=1):
            if item is not None and not isinstance(item, dict):
                if key == "authorships":
                    continue  # an authorship without an author object names nobody: skipped
                return f"OpenAlex field 'locations': item {i} should be an object, got {type(item).__name__}"
    for i, a in enumerate(work.get("authorships") or [], start=1):
        author = a.get("author") if isinstance(a, dict) else None
        if author is not None and not isinstance(author, dict):
            return f"OpenAlex field 'authorships': item {i} has an 'author' that is not an object"
    for key, value in (("primary_location", work.get("primary_location")),
                       *(("locations", loc) for loc in work.get("locations") or [])):
        url = (value or {}).get("landing_page_url")
        if url is not None and not isinstance(url, str):
            return f"OpenAlex field {key!r}: 'landing_page_url' should be a string, got {type(url).__name__}"
    return None


def paper_from_openalex(work: Any, path: str, line: int | None) -> Item:
    if not isinstance(work, dict):
        return BadRecord(path, line, "expected an OpenAlex work object")
    try:
        abstract = rebuild_abstract(work.get("abstract_inverted_index"))
    except (AttributeError, TypeError, ValueError, OverflowError):
        return BadRecord(path, line, "malformed 'abstract_inverted_index'")
    problem = _shape_problem(work)
    if problem:
        return BadRecord(path, line, problem)
    ids = work.get("ids") or {}
    doi = work.get("doi") or ids.get("doi")
    arxiv = None
    for loc in work.get("locations") or []:
        url = ((loc or {}).get("landing_page_url") or "")
        if "arxiv.org/abs/" in url:
            arxiv = url.rsplit("/abs/", 1)[1]
    record = {
        "id": work.get("id"),
        "title": work.get("title") or work.get("display_name"),
        "abstract": abstract,
        "doi": doi,
        "arxiv_id": arxiv,
        "date": work.get("publication_date"),
        "year": work.get("publication_year"),
        "url": (work.get("primary_location") or {}).get("landing_page_url") or work.get("id"),
        "authors": [(a.get("author") or {}).get("display_name") for a in work.get("authorships") or []
                    if isinstance(a, dict)],
    }
    return paper_from_mapping(record, path, line)
