"""kg/readers/openalex.py: OpenAlex works, their abstracts rebuilt from the inverted index."""

from __future__ import annotations

import pytest

from kg.errors import BadRecord
from kg.readers.jsonl import read_json
from kg.readers.openalex import is_openalex_work, paper_from_openalex, rebuild_abstract


def test_openalex_abstract_is_rebuilt(fixtures, read_items):
    papers, bad = read_items(read_json, fixtures / "openalex.json")
    assert papers[0].abstract == "We evaluate on COCO."
    assert papers[0].authors == ("Ada Lovelace",)
    assert papers[0].id == "doi:10.5555/abc" and papers[0].year == 2021
    assert len(bad) == 1 and "empty abstract" in bad[0].message


def test_rebuild_abstract_orders_words_by_position() -> None:
    assert rebuild_abstract({"COCO.": [3], "We": [0], "on": [2], "evaluate": [1]}) == "We evaluate on COCO."
    assert rebuild_abstract({"the": [0, 2], "of": [1], "end.": [3]}) == "the of the end."
    assert rebuild_abstract({"gap": [5], "a": ["0"]}) == "a gap"  # positions may be strings; gaps close up
    assert rebuild_abstract(None) == rebuild_abstract({}) == ""


def test_is_openalex_work() -> None:
    assert is_openalex_work({"abstract_inverted_index": None})
    assert is_openalex_work({"id": "https://openalex.org/W123"})
    assert not is_openalex_work({"id": "W123", "abstract": "x"})


def test_a_work_with_an_arxiv_location_gets_an_arxiv_id() -> None:
    paper = paper_from_openalex({
        "id": "https://openalex.org/W7", "display_name": "Shown title", "ids": {"doi": "https://doi.org/10.1/y"},
        "abstract_inverted_index": {"Text.": [0]}, "publication_year": 2020,
        "locations": [None, {"landing_page_url": "https://example.org"},
                      {"landing_page_url": "https://arxiv.org/abs/2001.00001v3"}],
        "primary_location": {"landing_page_url": "https://example.org/landing"},
        "authorships": [{"author": {"display_name": "Ada"}}, "not a dict", {"author": None}],
    }, "w.json", 2)
    assert paper.id == "arxiv:2001.00001" and paper.title == "Shown title" and paper.doi == "https://doi.org/10.1/y"
    assert paper.url == "https://example.org/landing" and paper.authors == ("Ada",) and paper.year == 2020
    assert paper.record_id == "https://openalex.org/W7" and paper.source == "w.json:2"


@pytest.mark.parametrize(("work", "message"), [
    (["not", "a", "work"], "expected an OpenAlex work object"),
    ({"title": "T", "abstract_inverted_index": {"word": 3}}, "malformed 'abstract_inverted_index'"),
    ({"title": "T", "abstract_inverted_index": ["word"]}, "malformed 'abstract_inverted_index'"),
    ({"title": "T", "abstract_inverted_index": {"word": ["x"]}}, "malformed 'abstract_inverted_index'"),
])
def test_malformed_works_are_bad_records(work: object, message: str) -> None:
    bad = paper_from_openalex(work, "w.jsonl", 5)
    assert isinstance(bad, BadRecord) and (bad.line, bad.message) == (5, message)
