"""kg/readers/csv_reader.py: CSV/TSV files with title and abstract columns."""

from __future__ import annotations

import gzip
from pathlib import Path

from kg.readers.csv_reader import read_csv


def test_csv_quoting_and_line_numbers(fixtures, read_items):
    papers, bad = read_items(read_csv, fixtures / "papers.csv")
    assert papers[0].title == "A CSV paper, with a comma"
    assert 'on "CIFAR-10"' in papers[0].abstract
    assert papers[0].authors == ("Alice", "Bob")
    assert bad[0].line == 3 and "empty abstract" in bad[0].message


def test_csv_without_required_columns(tmp_path, read_items):
    path = tmp_path / "x.csv"
    path.write_text("name,text\na,b\n")
    _, bad = read_items(read_csv, path)
    assert "needs 'title' and 'abstract'" in bad[0].message


def test_a_blank_line_before_a_record_still_counts_as_a_line(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_text("title,abstract\nT1,S1.\n\nT2,\n", encoding="utf-8")
    papers, bad = read_items(read_csv, path)
    assert [p.source for p in papers] == [f"{path}:2"]
    assert [(b.line, b.message.split(" (")[0]) for b in bad] == [(4, "empty abstract")]  # T2 is on line 4


def test_tsv_by_suffix_or_by_its_tabs(tmp_path: Path, read_items) -> None:
    rows = "title\tabstract\tauthors\nA, B and C\tUses COCO, LVIS.\tAda;Alan\n"
    for name in ("papers.tsv", "papers.txt"):
        path = tmp_path / name
        path.write_text(rows, encoding="utf-8")
        papers, bad = read_items(read_csv, path)
        assert not bad and [(p.title, p.abstract, p.authors) for p in papers] == [
            ("A, B and C", "Uses COCO, LVIS.", ("Ada", "Alan"))]


def test_header_names_are_case_and_space_insensitive_and_summary_counts(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_text(" TITLE , Summary ,DOI\nT1,S1.,10.1/X\n\nT2,S2.,\n", encoding="utf-8")
    papers, bad = read_items(read_csv, path)
    assert [(p.title, p.abstract, p.id) for p in papers] == [("T1", "S1.", "doi:10.1/x"), ("T2", "S2.", papers[1].id)]
    assert [p.source for p in papers] == [f"{path}:2", f"{path}:4"] and not bad


def test_a_quoted_field_over_several_lines_keeps_the_next_records_line(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv.gz"
    path.write_bytes(gzip.compress(b'title,abstract\n"T1","line one\nline two."\nT2,Second.\n'))
    papers, _ = read_items(read_csv, path)
    assert [(p.abstract, p.source) for p in papers] == [("line one line two.", f"{path}:2"),
                                                         ("Second.", f"{path}:4")]


def test_an_unclosed_quote_is_reported_at_its_line_and_the_rows_after_it_kept(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_text('title,abstract\nT1,S1.\n"T2 never closed,S2.\nT3,S3.\n"T4, quoted","S4\nover two lines."\nT5,S5.\n',
                    encoding="utf-8")
    papers, bad = read_items(read_csv, path)
    assert [(p.title, p.source.rsplit(":", 1)[1]) for p in papers] == [
        ("T1", "2"), ("T3", "4"), ("T4, quoted", "5"), ("T5", "7")]
    assert [b.line for b in bad] == [3] and "an unclosed quote?" in bad[0].message


def test_an_unclosed_quote_at_the_end_swallows_nothing_silently(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_text('title,abstract\nT1,"S1 never closed.\nT2,S2.\n', encoding="utf-8")
    papers, bad = read_items(read_csv, path)
    assert [p.title for p in papers] == ["T2"] and [b.line for b in bad] == [2]


def test_a_byte_order_mark_before_the_title_column(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbftitle,abstract\nT1,S1.\n")
    papers, bad = read_items(read_csv, path)
    assert [p.title for p in papers] == ["T1"] and not bad


def test_values_beyond_the_header_are_reported_not_dropped(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv"
    path.write_text("title,abstract\nT1,S1.,\nT2,S2.,extra\n", encoding="utf-8")
    papers, bad = read_items(read_csv, path)
    assert [p.title for p in papers] == ["T1"] and [(b.line, b.message.split(",")[0]) for b in bad] == [
        (3, "3 fields")]


def test_an_empty_csv_is_reported(tmp_path: Path, read_items) -> None:
    path = tmp_path / "p.csv.gz"
    path.write_bytes(gzip.compress(b""))
    assert [b.message for b in read_items(read_csv, path)[1]] == ["the compressed file is empty: no records"]
