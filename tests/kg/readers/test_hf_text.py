"""kg/readers/hf_text.py: Hugging Face daily-papers text dumps (title line, abstract line, page noise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.readers.hf_text import is_noise, looks_like_abstract, read_hf_text


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


@pytest.mark.parametrize("line", ["new", "Subscribe", "Daily Papers", "byAK and the research community",
                                  "Get trending papers in your email inbox!", "Jul 31", "Sept. 3", "Mar 20, 2024",
                                  "42", "·"])
def test_page_furniture_is_noise(line: str) -> None:
    assert is_noise(line)


@pytest.mark.parametrize("line", ["Julia: a fast language", "March of the Transformers", "New Perspectives on GANs",
                                  "3D Gaussian Splatting"])
def test_titles_are_not_noise(line: str) -> None:
    assert not is_noise(line)


def test_abstracts_are_long_or_several_sentences() -> None:
    assert looks_like_abstract("x" * 250)
    two = "We study a problem that matters a great deal to many people. We solve it with a new method of ours today."
    assert len(two) >= 100 and looks_like_abstract(two)
    assert not looks_like_abstract(two[:-1])  # no final period: a (long) title
    assert not looks_like_abstract("A title that is quite long but is only one sentence and has no period at all "
                                   "even though it goes on")
    assert not looks_like_abstract("Short. Abstract.")


ABSTRACT = ("We propose a method for a task and test it on a dataset. It works better than the baselines "
            "by a wide margin on every benchmark we tried.")


def test_orphans_are_reported_with_their_lines(tmp_path: Path, read_items) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(f"{ABSTRACT}\n\nFirst Title\nSecond Title\n{ABSTRACT}\nnewThird Title\n\nJan 5\n",
                    encoding="utf-8")
    papers, bad = read_items(read_hf_text, dump)
    assert [(p.title, p.source) for p in papers] == [("Second Title", f"{dump}:4")]
    assert [(b.line, b.message) for b in bad] == [
        (1, "abstract without a title line before it"),
        (3, "title without an abstract: 'First Title'"),
        (6, "title without an abstract at end of file: 'Third Title'"),  # "new" glued on is cut off
    ]


LONG_ABSTRACT = ("We propose a method that works well. It is evaluated on COCO and LVIS and it beats every "
                 "baseline by a wide margin.")


def test_a_byte_order_mark_and_crlf_line_ends(tmp_path: Path, read_items) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\xef\xbb\xbfA Title\r\n" + LONG_ABSTRACT.encode() + b"\r\n")
    papers, bad = read_items(read_hf_text, path)
    assert [(p.title, p.abstract, p.source) for p in papers] == [("A Title", LONG_ABSTRACT, f"{path}:1")] and not bad


def test_a_title_that_is_only_latex_markup_is_reported(tmp_path: Path, read_items) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(f"\\emph{{}}\n{LONG_ABSTRACT}\nGood Title\n{LONG_ABSTRACT}\n", encoding="utf-8")
    papers, bad = read_items(read_hf_text, path)
    assert [p.title for p in papers] == ["Good Title"]
    assert [(b.line, b.message) for b in bad] == [
        (1, "title or abstract is empty once control characters and LaTeX markup are removed")]


def test_an_over_long_line_is_reported_and_reading_goes_on(tmp_path: Path, read_items) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(f"Title\n{'x' * 2_200_000}\nGood Title\n{LONG_ABSTRACT}\n", encoding="utf-8")
    papers, bad = read_items(read_hf_text, path)
    assert [p.title for p in papers] == ["Good Title"]
    assert [(b.line, b.message.split(";")[0]) for b in bad] == [
        (2, "line longer than 2,097,152 characters"), (1, "title without an abstract: 'Title'")]
