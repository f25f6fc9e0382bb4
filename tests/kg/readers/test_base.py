"""kg/readers/base.py: one JSON-like record -> a Paper, or a BadRecord that says why not; text clean-up."""

from __future__ import annotations

import pytest

from kg.errors import BadRecord
from kg.model import Paper
from kg.readers.base import authors_from, clean_text, paper_from_mapping


@pytest.mark.parametrize(("raw", "clean"), [
    ("A  title\n   broken over\tlines ", "A title broken over lines"),
    ("\\emph{Fast} and \\textbf{bold} \\textsc{Net}", "Fast and bold Net"),
    ("{\\em Fast} {\\bf bold}", "Fast bold"),
    ("50\\% of 10\\_000 \\& more", "50% of 10_000 & more"),
    ("a $\\times$ b with $O(n)$ cost", "a \\times b with O(n) cost"),
    ("", ""),
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(("value", "authors"), [
    ("Ada Lovelace, Charles Babbage and Alan Turing", ("Ada Lovelace", "Charles Babbage", "Alan Turing")),
    (["Ada Lovelace", "", None, "  Alan   Turing "], ("Ada Lovelace", "Alan Turing")),
    ([{"name": "A. Name"}, {"display_name": "B. Name"}, {"given": "Grace", "family": "Hopper"}],
     ("A. Name", "B. Name", "Grace Hopper")),
    ([["Balázs", "C.", ""], ["Berger", "E. L.", "Jr."]], ("C. Balázs", "E. L. Berger")),  # arXiv authors_parsed
    (None, ()),
    (42, ()),
    ({"name": "not a list"}, ()),
])
def test_authors_from(value: object, authors: tuple[str, ...]) -> None:
    assert authors_from(value) == authors


def test_a_full_record() -> None:
    paper = paper_from_mapping({
        "id": 17, "title": "  A \\emph{Good}\n Title ", "abstract": "We use COCO.", "arxiv_id": "arXiv:2301.00001v2",
        "doi": "10.1/X", "url": "https://example.org/p", "date": "2023-01-02", "authors": "A, B and C",
        "github": "https://github.com/a/b",
    }, "papers.jsonl", 4)
    assert isinstance(paper, Paper)
    assert paper == Paper(id="arxiv:2301.00001", title="A Good Title", abstract="We use COCO.",
                          source="papers.jsonl:4", record_id="17", arxiv_id="arXiv:2301.00001v2", doi="10.1/X",
                          url="https://example.org/p", date="2023-01-02", year=2023, authors=("A", "B", "C"),
                          code_urls=("https://github.com/a/b",))


def test_field_fallbacks() -> None:
    paper = paper_from_mapping({"display_name": "T", "summary": "S.", "publication_year": "2019",
                                "link": "https://x.org", "code": ["https://github.com/a/b", "", None]}, "f.json", None)
    assert (paper.title, paper.abstract, paper.year, paper.url) == ("T", "S.", 2019, "https://x.org")
    assert paper.code_urls == ("https://github.com/a/b",)
    assert paper.source == "f.json" and paper.record_id == paper.id and paper.id.startswith("title:")


def test_ids_prefer_arxiv_then_doi_then_title() -> None:
    base = {"title": "T", "abstract": "A."}
    assert paper_from_mapping({**base, "doi": "10.5/ABC"}, "f", 1).id == "doi:10.5/abc"
    assert paper_from_mapping({**base, "id": "0704.0001"}, "f", 1).id.startswith("title:")  # a bare id is not arXiv's
    assert paper_from_mapping({**base, "id": "0704.0001"}, "f", 1, arxiv=True).id == "arxiv:0704.0001"


@pytest.mark.parametrize(("year", "expected"), [(2020, 2020), ("2021", 2021), ("n.d.", None), ([2020], None)])
def test_a_bad_year_is_dropped_not_fatal(year: object, expected: int | None) -> None:
    assert paper_from_mapping({"title": "T", "abstract": "A.", "year": year}, "f", 1).year == expected


@pytest.mark.parametrize(("record", "message"), [
    (["not", "an", "object"], "expected a JSON object, got list"),
    ("text", "expected a JSON object, got str"),
    ({"abstract": "A."}, "missing title (field 'title')"),
    ({"title": "   ", "abstract": "A."}, "missing title"),
    ({"title": 7, "abstract": "A."}, "missing title"),
    ({"title": "T"}, "empty abstract (field 'abstract' or 'summary')"),
    ({"title": "T", "abstract": ["A."]}, "empty abstract"),
    ({"title": "T \ufffd", "abstract": "A."}, "undecodable bytes"),
    ({"title": "T", "abstract": "A \ud800."}, "invalid Unicode (a lone surrogate"),
])
def test_bad_records_say_why(record: object, message: str) -> None:
    bad = paper_from_mapping(record, "dir/f.jsonl", 9)
    assert isinstance(bad, BadRecord)
    assert (bad.path, bad.line) == ("dir/f.jsonl", 9)
    assert bad.message.startswith(message), bad.message
