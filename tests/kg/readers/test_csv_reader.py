"""kg/readers/csv_reader.py: CSV/TSV files with title and abstract columns."""

from __future__ import annotations

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
