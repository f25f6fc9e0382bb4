"""kg/readers/arxiv_atom.py: arXiv API responses (Atom XML)."""

from __future__ import annotations

from kg.readers.arxiv_atom import read_arxiv_atom


def test_arxiv_atom(fixtures, read_items):
    papers, bad = read_items(read_arxiv_atom, fixtures / "arxiv.atom")
    assert papers[0].id == "arxiv:1706.03762"
    assert papers[0].title == "Attention Is All You Need"
    assert papers[0].abstract.endswith("We propose the Transformer.")
    assert papers[0].authors == ("Ashish Vaswani", "Noam Shazeer")
    assert bad[0].line == 15 and "empty abstract" in bad[0].message
