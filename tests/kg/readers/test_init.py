"""kg/readers/__init__.py: which files are read (expand_inputs), by which reader (format_for_path, --format,
sniffing), streamed (read_inputs), and what happens to bad records (problem_handler, papers)."""

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
