"""kg/readers/openalex.py: OpenAlex works, their abstracts rebuilt from the inverted index."""

from __future__ import annotations

from kg.readers.jsonl import read_json


def test_openalex_abstract_is_rebuilt(fixtures, read_items):
    papers, bad = read_items(read_json, fixtures / "openalex.json")
    assert papers[0].abstract == "We evaluate on COCO."
    assert papers[0].authors == ("Ada Lovelace",)
    assert papers[0].id == "doi:10.5555/abc" and papers[0].year == 2021
    assert len(bad) == 1 and "empty abstract" in bad[0].message
