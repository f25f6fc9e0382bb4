"""Every reader on small fixtures, malformed records included (messages and line numbers)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kg.errors import BadRecord, InputError, PluginError
from kg.model import Paper
from kg.readers import expand_inputs, format_for_path, read_inputs


def split(items):
    papers = [i for i in items if isinstance(i, Paper)]
    bad = [i for i in items if isinstance(i, BadRecord)]
    return papers, bad


def read(path: Path, fmt: str | None = None):
    return split(list(read_inputs([path], fmt)))


def test_hf_text_dump_pairs_titles_and_abstracts_and_drops_page_noise(fixtures):
    papers, bad = read(fixtures / "dump.txt")
    assert [p.title for p in papers] == [
        "SePiCo: Semantic-Guided Pixel Contrast for Domain Adaptive Semantic Segmentation",
        "Comparing YOLOv8 and Mask RCNN for object segmentation",  # "Subscribe" glued on is cut off
        "SePiCo: Semantic-Guided Pixel Contrast for Domain Adaptive Semantic Segmentation",
    ]
    assert papers[0].id == papers[2].id  # the same paper met twice has one id
    assert papers[0].source.endswith("dump.txt:13")
    assert [(b.line, b.message.split(":")[0]) for b in bad] == [(17, "title without an abstract")]
    assert "Orphan Title" in str(bad[0]) and str(bad[0]).startswith(str(fixtures / "dump.txt") + ":17:")


def test_jsonl_reports_each_bad_line_and_keeps_the_rest(fixtures):
    papers, bad = read(fixtures / "papers.jsonl")
    assert [p.record_id for p in papers] == ["p1", "p2", "p7"]
    problems = {b.line: b.message for b in bad}
    assert set(problems) == {3, 4, 5, 7}  # line 6 is blank
    assert problems[3].startswith("invalid JSON")
    assert problems[4].startswith("missing title")
    assert problems[5].startswith("empty abstract")
    assert problems[7].startswith("expected a JSON object")


def test_jsonl_fields_ids_authors_code_and_cleaning(fixtures):
    papers, _ = read(fixtures / "papers.jsonl")
    p1, _, p7 = papers
    assert p1.id == "arxiv:2211.12860"  # version suffix dropped
    assert p1.authors == ("Zhuofan Zong", "Guanglu Song")
    assert p1.code_urls == ("https://github.com/Sense-X/Co-DETR",)
    assert p1.text == f"{p1.title}\n{p1.abstract}"
    assert p7.abstract == "Uses hard line breaks and LaTeX markup with 50% fewer parameters."
    assert p7.id.startswith("title:")


def test_undecodable_bytes_are_reported(fixtures):
    papers, bad = read(fixtures / "badbytes.jsonl")
    assert [p.record_id for p in papers] == ["b2"]
    assert bad[0].line == 1 and "undecodable" in bad[0].message


def test_gzip_is_read_transparently(fixtures, tmp_path):
    plain, _ = read(fixtures / "papers.jsonl")
    gz, bad = read(fixtures / "papers.jsonl.gz")
    assert [p.id for p in gz] == [p.id for p in plain]
    assert bad[0].path.endswith("papers.jsonl.gz")


def test_json_list_reports_record_start_lines(fixtures):
    papers, bad = read(fixtures / "papers.json")
    assert [p.record_id for p in papers] == ["j1", "j3"]
    assert papers[1].id == "doi:10.1000/xyz.123"
    assert bad[0].line == 3 and bad[0].message.startswith("missing title")
    assert papers[1].source.endswith("papers.json:4")


def test_openalex_abstract_is_rebuilt(fixtures):
    papers, bad = read(fixtures / "openalex.json")
    assert papers[0].abstract == "We evaluate on COCO."
    assert papers[0].authors == ("Ada Lovelace",)
    assert papers[0].id == "doi:10.5555/abc" and papers[0].year == 2021
    assert len(bad) == 1 and "empty abstract" in bad[0].message


def test_arxiv_atom(fixtures):
    papers, bad = read(fixtures / "arxiv.atom")
    assert papers[0].id == "arxiv:1706.03762"
    assert papers[0].title == "Attention Is All You Need"
    assert papers[0].abstract.endswith("We propose the Transformer.")
    assert papers[0].authors == ("Ashish Vaswani", "Noam Shazeer")
    assert bad[0].line == 15 and "empty abstract" in bad[0].message


def test_arxiv_snapshot_uses_id_as_arxiv_id_and_unwraps_lines(fixtures):
    papers, bad = read(fixtures / "arxiv_snapshot.jsonl")
    assert not bad
    assert papers[0].id == "arxiv:0704.0001"
    assert papers[0].title == "Calculation of prompt diphoton production cross sections"
    assert papers[0].authors == ("C. Balázs", "E. L. Berger")
    assert papers[0].year == 2008


def test_csv_quoting_and_line_numbers(fixtures):
    papers, bad = read(fixtures / "papers.csv")
    assert papers[0].title == "A CSV paper, with a comma"
    assert 'on "CIFAR-10"' in papers[0].abstract
    assert papers[0].authors == ("Alice", "Bob")
    assert bad[0].line == 3 and "empty abstract" in bad[0].message


def test_csv_without_required_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,text\na,b\n")
    _, bad = read(path)
    assert "needs 'title' and 'abstract'" in bad[0].message


def test_format_override_and_sniffing(tmp_path, fixtures):
    odd = tmp_path / "papers.data"
    odd.write_bytes((fixtures / "papers.jsonl").read_bytes())
    papers, _ = read(odd)  # sniffed as JSONL
    assert len(papers) == 3
    papers, _ = read(fixtures / "papers.jsonl", fmt="jsonl")
    assert len(papers) == 3
    with pytest.raises(PluginError, match="unknown reader 'docx'"):
        read(fixtures / "papers.jsonl", fmt="docx")


def test_expand_inputs_directories_globs_and_errors(tmp_path, fixtures):
    (tmp_path / "a.jsonl").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("")
    (tmp_path / "README.md").write_text("not a paper file")
    (tmp_path / ".hidden.txt").write_text("")
    assert expand_inputs([tmp_path]) == [str(tmp_path / "a.jsonl"), str(tmp_path / "sub" / "b.txt")]
    assert expand_inputs([str(tmp_path / "*.jsonl")]) == [str(tmp_path / "a.jsonl")]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="matches no file"):
        expand_inputs([str(tmp_path / "*.xml")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="holds no paper file"):
        expand_inputs([empty])


def test_format_for_path():
    assert format_for_path("x.txt.gz") == "hf-text"
    assert format_for_path("x.atom") == "arxiv-atom"
    assert format_for_path("x.docx") is None


def test_readers_stream(tmp_path):
    """A reader yields its first record before reading the whole file."""
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        for i in range(50_000):
            fh.write(f'{{"id": "{i}", "title": "T{i}", "abstract": "A."}}\n')
    it = read_inputs([path])
    first = next(it)
    assert first.record_id == "0"
    it.close()


def test_lone_surrogates_are_reported_not_crashing(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "Broken \\ud800 title", "abstract": "Text."}\n{"title": "Fine", "abstract": "Ok."}\n')
    papers, bad = read(path)
    assert [p.title for p in papers] == ["Fine"]
    assert bad[0].line == 1 and "lone surrogate" in bad[0].message
