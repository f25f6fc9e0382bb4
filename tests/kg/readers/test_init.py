"""kg/readers/__init__.py: which files are read (expand_inputs), by which reader (format_for_path, --format,
sniffing), streamed (read_inputs), and what happens to bad records (problem_handler, papers)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kg.errors import BadRecord, InputError, PluginError
from kg.model import Paper
from kg.readers import expand_inputs, format_for_path, get_reader, papers, problem_handler, read_inputs, readers


def split(items):
    papers = [i for i in items if isinstance(i, Paper)]
    bad = [i for i in items if isinstance(i, BadRecord)]
    return papers, bad


def read(path: Path, fmt: str | None = None):
    return split(list(read_inputs([path], fmt)))


def test_gzip_is_read_transparently(fixtures, tmp_path):
    plain, _ = read(fixtures / "papers.jsonl")
    gz, bad = read(fixtures / "papers.jsonl.gz")
    assert [p.id for p in gz] == [p.id for p in plain]
    assert bad[0].path.endswith("papers.jsonl.gz")


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


@pytest.mark.parametrize(("fixture", "expected"), [("arxiv.atom", 1), ("papers.json", 2), ("papers.jsonl", 3),
                                                    ("dump.txt", 3)])
def test_a_file_without_a_known_suffix_is_sniffed(tmp_path, fixtures, fixture, expected):
    odd = tmp_path / "download.data"
    odd.write_bytes((fixtures / fixture).read_bytes())
    assert len(read(odd)[0]) == expected
    gz = tmp_path / "download.data.gz"
    gz.write_bytes(gzip.compress((fixtures / fixture).read_bytes()))
    assert len(read(gz)[0]) == expected


def test_readers_and_their_aliases():
    assert [p.name for p in readers()][:2] == ["hf-text", "jsonl"]
    assert get_reader("TSV").name == "csv" and get_reader("atom").name == "arxiv-atom"
    assert get_reader("arxiv").name == "arxiv-snapshot"


def test_an_unknown_format_fails_before_any_file_is_opened(tmp_path):
    with pytest.raises(PluginError, match="unknown reader 'pdf'"):
        next(read_inputs([tmp_path / "does-not-exist.jsonl"], "pdf"))


def test_a_gz_file_that_is_not_gzip_is_a_bad_record_naming_the_file_not_a_fatal_error(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    path.write_bytes(b'{"title": "not compressed at all"}\n')
    items = list(read_inputs([path]))
    assert [str(i) for i in items] == [f"{path}:1: not gzip-compressed data (Not a gzipped file (b'{{\"')); "
                                       f"read 0 line(s) before it, the rest is lost"]


def test_expand_inputs_keeps_order_and_skips_hidden_folders(tmp_path):
    for name in ("b.jsonl", "a.csv", ".git/c.jsonl", "sub/.cache/d.txt", "sub/e.xml.gz"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert expand_inputs([tmp_path]) == [str(tmp_path / n) for n in ("a.csv", "b.jsonl", "sub/e.xml.gz")]
    assert expand_inputs([tmp_path / "b.jsonl", str(tmp_path / "*.csv")]) == [str(tmp_path / "b.jsonl"),
                                                                           str(tmp_path / "a.csv")]
    assert expand_inputs([str(tmp_path / "**" / "*.gz")]) == [str(tmp_path / "sub" / "e.xml.gz")]
    assert expand_inputs([str(tmp_path / "su?")]) == []  # a glob matching only folders names no file


def test_problem_handler_collects_and_reports_or_raises():
    first, second = BadRecord("f.jsonl", 1, "a"), BadRecord("f.jsonl", 2, "b")
    collected, reported = [], []
    handle = problem_handler(collect=collected, on_problem=reported.append)
    handle(first)
    handle(second)
    assert collected == reported == [first, second]
    problem_handler()(first)  # no policy given: the record is dropped silently
    strict = problem_handler(strict=True, collect=collected, on_problem=reported.append)
    with pytest.raises(BadRecord) as info:
        strict(second)
    assert info.value is second and len(collected) == len(reported) == 2  # raised before being counted


def test_papers_passes_papers_and_hands_over_bad_records_in_order():
    one, two = Paper(id="title:1", title="1", abstract="."), Paper(id="title:2", title="2", abstract=".")
    bad = BadRecord("f", 2, "x")
    seen = []
    stream = papers(iter([one, bad, two]), seen.append)
    assert next(stream) is one and seen == []
    assert next(stream) is two and seen == [bad]  # the bad record is reported when the stream reaches it


@pytest.mark.parametrize("fixture", ["papers.jsonl", "papers.jsonl.gz", "dump.txt"])
def test_dash_reads_standard_input_sniffed_and_named_stdin(feed_stdin, fixtures, fixture):
    expected, expected_bad = read(fixtures / fixture)
    feed_stdin((fixtures / fixture).read_bytes())
    assert expand_inputs(["-"]) == ["<stdin>"]
    got, bad = split(list(read_inputs(["-"])))
    assert [p.id for p in got] == [p.id for p in expected]
    assert {p.source.split(":")[0] for p in got} == {"<stdin>"}
    assert [(b.path, b.line) for b in bad] == [("<stdin>", b.line) for b in expected_bad]


def test_dash_twice_is_an_error():
    with pytest.raises(InputError, match="'-' .standard input. is given twice"):
        expand_inputs(["-", "-"])
