"""kg/readers/jsonl.py: JSON Lines and JSON files of paper records, arXiv snapshot records, bad lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.readers.jsonl import read_json, read_jsonl, read_openalex, record_to_item


def test_jsonl_reports_each_bad_line_and_keeps_the_rest(fixtures, read_items):
    papers, bad = read_items(read_jsonl, fixtures / "papers.jsonl")
    assert [p.record_id for p in papers] == ["p1", "p2", "p7"]
    problems = {b.line: b.message for b in bad}
    assert set(problems) == {3, 4, 5, 7}  # line 6 is blank
    assert problems[3].startswith("invalid JSON")
    assert problems[4].startswith("missing title")
    assert problems[5].startswith("empty abstract")
    assert problems[7].startswith("expected a JSON object")


def test_jsonl_fields_ids_authors_code_and_cleaning(fixtures, read_items):
    papers, _ = read_items(read_jsonl, fixtures / "papers.jsonl")
    p1, _, p7 = papers
    assert p1.id == "arxiv:2211.12860"  # version suffix dropped
    assert p1.authors == ("Zhuofan Zong", "Guanglu Song")
    assert p1.code_urls == ("https://github.com/Sense-X/Co-DETR",)
    assert p1.text == f"{p1.title}\n{p1.abstract}"
    assert p7.abstract == "Uses hard line breaks and LaTeX markup with 50% fewer parameters."
    assert p7.id.startswith("title:")


def test_undecodable_bytes_are_reported(fixtures, read_items):
    papers, bad = read_items(read_jsonl, fixtures / "badbytes.jsonl")
    assert [p.record_id for p in papers] == ["b2"]
    assert bad[0].line == 1 and "undecodable" in bad[0].message


def test_json_list_reports_record_start_lines(fixtures, read_items):
    papers, bad = read_items(read_json, fixtures / "papers.json")
    assert [p.record_id for p in papers] == ["j1", "j3"]
    assert papers[1].id == "doi:10.1000/xyz.123"
    assert bad[0].line == 3 and bad[0].message.startswith("missing title")
    assert papers[1].source.endswith("papers.json:4")


def test_arxiv_snapshot_uses_id_as_arxiv_id_and_unwraps_lines(fixtures, read_items):
    papers, bad = read_items(read_jsonl, fixtures / "arxiv_snapshot.jsonl")
    assert not bad
    assert papers[0].id == "arxiv:0704.0001"
    assert papers[0].title == "Calculation of prompt diphoton production cross sections"
    assert papers[0].authors == ("C. Balázs", "E. L. Berger")
    assert papers[0].year == 2008


def test_lone_surrogates_are_reported_not_crashing(tmp_path, read_items):
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "Broken \\ud800 title", "abstract": "Text."}\n{"title": "Fine", "abstract": "Ok."}\n')
    papers, bad = read_items(read_jsonl, path)
    assert [p.title for p in papers] == ["Fine"]
    assert bad[0].line == 1 and "lone surrogate" in bad[0].message


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["results", "papers", "records", "data", "items"])
def test_json_object_holding_a_list_of_records(tmp_path: Path, read_items, key: str) -> None:
    path = write(tmp_path / "p.json", json.dumps({"meta": {"n": 2}, key: [
        {"id": "a", "title": "A", "abstract": "Aa."}, {"id": "b", "title": "B", "abstract": "Bb."}]}, indent=1))
    papers, bad = read_items(read_json, path)
    assert [p.record_id for p in papers] == ["a", "b"] and not bad


def test_json_single_record_and_scalar(tmp_path: Path, read_items) -> None:
    papers, _ = read_items(read_json, write(tmp_path / "one.json", '{"title": "Only", "abstract": "One."}'))
    assert [p.title for p in papers] == ["Only"]
    _, bad = read_items(read_json, write(tmp_path / "n.json", "42"))
    assert [(b.line, b.message) for b in bad] == [(1, "expected a JSON list or object of paper records")]


def test_json_lines_saved_as_json_are_read_line_by_line(tmp_path: Path, read_items) -> None:
    path = write(tmp_path / "p.json", '{"id": "a", "title": "A", "abstract": "Aa."}\n{"id": "b", "title": "B"}\n'
                                      '{"id": "c", "title": "C", "abstract": "Cc."}\n')
    papers, bad = read_items(read_json, path)
    assert [p.record_id for p in papers] == ["a", "c"] and papers[1].source == f"{path}:3"
    assert [(b.line, b.message.split(" (")[0]) for b in bad] == [(2, "empty abstract")]


def test_invalid_json_document_names_its_line_and_keeps_the_records_before(tmp_path: Path, read_items) -> None:
    path = write(tmp_path / "p.json", '[\n  {"title": "A", "abstract": "Aa."},\n  {"title": oops}\n]\n')
    papers, bad = read_items(read_json, path)
    assert [p.title for p in papers] == ["A"] and bad[0].line == 3
    assert bad[0].message == ("invalid JSON (Expecting value at column 13); 1 record(s) read before it, "
                              "the rest of the document is skipped")


def test_openalex_works_are_recognised_per_record(tmp_path: Path, read_items) -> None:
    path = write(tmp_path / "mixed.jsonl", "\n".join([
        json.dumps({"id": "https://openalex.org/W9", "title": "OA work",
                    "abstract_inverted_index": {"Rebuilt": [0], "text.": [1]}}),
        json.dumps({"id": "p2", "title": "Plain", "abstract": "Plain text."}),
    ]) + "\n")
    papers, _ = read_items(read_jsonl, path)
    assert [p.abstract for p in papers] == ["Rebuilt text.", "Plain text."]
    assert record_to_item({"id": "https://openalex.org/W1", "title": "T"}, "f", 1).message.startswith("empty abstract")


def test_read_openalex_picks_lines_or_document_by_suffix(tmp_path: Path, read_items) -> None:
    work = {"id": "https://openalex.org/W1", "title": "T", "abstract_inverted_index": {"A.": [0]}}
    lines = write(tmp_path / "works.jsonl", json.dumps(work) + "\n" + json.dumps(work) + "\n")
    response = write(tmp_path / "works.json", json.dumps({"results": [work]}))
    assert len(read_items(read_openalex, lines)[0]) == 2
    assert len(read_items(read_openalex, response)[0]) == 1


@pytest.mark.parametrize("name", ["p.jsonl", "p.json", "p.jsonl.gz"])
def test_a_byte_order_mark_is_accepted(tmp_path: Path, read_items, name: str) -> None:
    text = '{"id": "a", "title": "A", "abstract": "Aa."}\n{"id": "b", "title": "B", "abstract": "Bb."}\n'
    data = b"\xef\xbb\xbf" + (text if name != "p.json" else f"[{text.replace(chr(10), ',', 1)}]").encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    papers, bad = read_items(read_json if name == "p.json" else read_jsonl, path)
    assert [p.record_id for p in papers] == ["a", "b"] and not bad


@pytest.mark.parametrize(("line", "message"), [
    ('{"title": "T", "abstract": "A.", "x": ' + "[" * 3000 + "]" * 3000 + "}", "invalid JSON (nested too deeply"),
    ('{"title": "T", "abstract": "A.", "year": ' + "1" * 5000 + "}", "invalid JSON (Exceeds the limit"),
    ('{"title": "T", "abstract": "A.", "authors": [[1]]}', "field 'authors': author 1 should be [last, first"),
    ('{"title": "T", "abstract": "A.", "url": {"href": "x"}}', "field 'url' should be a string, got dict"),
    ('{"title": "T", "abstract": "' + "a" * 1_000_000 + '"}', "title and abstract longer than 1,000,000"),
])
def test_hostile_lines_are_reported_and_the_next_line_is_kept(tmp_path: Path, read_items, line: str,
                                                              message: str) -> None:
    path = write(tmp_path / "p.jsonl", line + '\n{"title": "Next", "abstract": "Kept.", "year": 1e999}\n')
    papers, bad = read_items(read_jsonl, path)
    assert [(p.title, p.year) for p in papers] == [("Next", None)]
    assert [b.line for b in bad] == [1] and bad[0].message.startswith(message), bad[0].message


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path: Path, read_items) -> None:
    data = gzip.compress("".join(json.dumps({"id": str(i), "title": f"T{i}", "abstract": "A." * (i % 40 + 1)}) + "\n"
                                 for i in range(3000)).encode())
    path = tmp_path / "p.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    papers, bad = read_items(read_jsonl, path)
    assert 100 < len(papers) < 3000 and [p.record_id for p in papers] == [str(i) for i in range(len(papers))]
    assert [b.line for b in bad] == [len(papers) + 1] and "damaged compressed data" in bad[0].message
