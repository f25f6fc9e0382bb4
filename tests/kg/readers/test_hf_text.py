"""kg/readers/hf_text.py: Hugging Face daily-papers text dumps (title line, abstract line, page noise)."""

from __future__ import annotations

from kg.readers.hf_text import read_hf_text


def test_hf_text_dump_pairs_titles_and_abstracts_and_drops_page_noise(fixtures, read_items):
    papers, bad = read_items(read_hf_text, fixtures / "dump.txt")
    assert [p.title for p in papers] == [
        "SePiCo: Semantic-Guided Pixel Contrast for Domain Adaptive Semantic Segmentation",
        "Comparing YOLOv8 and Mask RCNN for object segmentation",  # "Subscribe" glued on is cut off
        "SePiCo: Semantic-Guided Pixel Contrast for Domain Adaptive Semantic Segmentation",
    ]
    assert papers[0].id == papers[2].id  # the same paper met twice has one id
    assert papers[0].source.endswith("dump.txt:13")
    assert [(b.line, b.message.split(":")[0]) for b in bad] == [(17, "title without an abstract")]
    assert "Orphan Title" in str(bad[0]) and str(bad[0]).startswith(str(fixtures / "dump.txt") + ":17:")
