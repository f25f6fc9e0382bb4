"""kg/readers/arxiv_atom.py: arXiv API responses (Atom XML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.readers.arxiv_atom import read_arxiv_atom


def test_arxiv_atom(fixtures, read_items):
    papers, bad = read_items(read_arxiv_atom, fixtures / "arxiv.atom")
    assert papers[0].id == "arxiv:1706.03762"
    assert papers[0].title == "Attention Is All You Need"
    assert papers[0].abstract.endswith("We propose the Transformer.")
    assert papers[0].authors == ("Ashish Vaswani", "Noam Shazeer")
    assert bad[0].line == 15 and "empty abstract" in bad[0].message


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2211.12860v6</id>
    <published>2022-11-22T17:00:00Z</published>
    <title>DETRs with Collaborative Hybrid Assignments Training</title>
    <summary>We propose Co-DETR.</summary>
    <arxiv:doi>10.1109/ICCV51070.2023.00621</arxiv:doi>
    <link href="http://arxiv.org/abs/2211.12860v6" rel="alternate" type="text/html"/>
    <link href="https://github.com/Sense-X/Co-DETR" rel="related"/>
  </entry>
  <entry>
    <id>urn:uuid:not-an-arxiv-entry</id>
    <title>Elsewhere</title>
    <summary>Also read.</summary>
  </entry>
</feed>
"""


def test_ids_dates_doi_and_code_links(tmp_path: Path, read_items) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(FEED, encoding="utf-8")
    papers, bad = read_items(read_arxiv_atom, path)
    assert not bad
    codetr, other = papers
    assert (codetr.id, codetr.arxiv_id, codetr.year) == ("arxiv:2211.12860", "2211.12860v6", 2022)
    assert codetr.doi == "10.1109/ICCV51070.2023.00621" and codetr.url == "http://arxiv.org/abs/2211.12860v6"
    assert codetr.code_urls == ("https://github.com/Sense-X/Co-DETR",)
    assert codetr.source == f"{path}:3" and other.source == f"{path}:12"  # the line each <entry> starts on
    assert other.arxiv_id is None and other.record_id == "urn:uuid:not-an-arxiv-entry"


def test_invalid_xml_is_one_bad_record_with_its_line(tmp_path: Path, read_items) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(FEED.replace("</title>\n    <summary>We", "\n    <summary>We", 1), encoding="utf-8")
    papers, bad = read_items(read_arxiv_atom, path)
    assert papers == [] and len(bad) == 1
    assert bad[0].line == 11  # where the parser finds the mismatch: </entry> closes an open <title>
    assert bad[0].message == "invalid XML (mismatched tag: line 11, column 4); 0 entries read before it, the rest is skipped"


def test_an_xml_error_keeps_the_entries_before_it(tmp_path: Path, read_items) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(FEED.replace("<title>Elsewhere</title>", "<title>Elsewhere</titel>"), encoding="utf-8")
    papers, bad = read_items(read_arxiv_atom, path)
    assert [p.arxiv_id for p in papers] == ["2211.12860v6"]
    assert [(b.line, b.message.split("; ")[1]) for b in bad] == [(14, "1 entries read before it, the rest is skipped")]


@pytest.mark.parametrize(("xmlns", "where"), [("", "no namespace"), (' xmlns="urn:other"', "namespace urn:other")])
def test_entries_outside_the_atom_namespace_are_reported(tmp_path: Path, read_items, xmlns: str, where: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(f'<feed{xmlns}>\n<entry><title>T</title><summary>S.</summary></entry>\n</feed>\n', encoding="utf-8")
    papers, bad = read_items(read_arxiv_atom, path)
    assert papers == [] and [(b.line, b.message.split(",")[0]) for b in bad] == [(2, f"<entry> in {where}")]


def test_a_byte_order_mark_is_accepted(tmp_path: Path, read_items) -> None:
    path = tmp_path / "feed.atom"
    path.write_bytes(b"\xef\xbb\xbf" + FEED.encode())
    assert len(read_items(read_arxiv_atom, path)[0]) == 2
