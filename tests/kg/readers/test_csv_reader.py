"""kg/readers/csv_reader.py: CSV/TSV files with title and abstract columns."""

from __future__ import annotations

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
