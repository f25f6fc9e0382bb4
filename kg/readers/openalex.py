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


def paper_from_openalex(work: Any, path: str, line: int | None) -> Item:
    if not isinstance(work, dict):
        return BadRecord(path, line, "expected an OpenAlex work object")
    try:
        abstract = rebuild_abstract(work.get("abstract_inverted_index"))
    except (AttributeError, TypeError, ValueError):
        return BadRecord(path, line, "malformed 'abstract_inverted_index'")
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
