"""Partitions of the inputs: read one by one, they give exactly what reading the files gives."""

from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.readers import read_inputs
from kg.readers import lines as lines_module
from kg.readers.partitions import Partition, plan_partitions, read_partition


def _items(parts: list[Partition]) -> list[str]:
    return [repr(item) for part in parts for item in read_partition(part)]


def _lines() -> st.SearchStrategy[bytes]:
    good = st.builds(lambda t, a: json.dumps({"title": t, "abstract": a}, ensure_ascii=False).encode(),
                     st.text(min_size=1, max_size=12), st.text(max_size=30))
    odd = st.sampled_from([b"", b"   ", b"{not json", b'{"title": ""}', b"\xff\xfe bad bytes",
                           '{"title": "caf\u00e9 \u2028", "abstract": "x"}'.encode(), b"[1, 2]", b"\r"])
    return st.one_of(good, odd)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_lines(), min_size=1, max_size=25), size=st.integers(1, 200), bom=st.booleans(),
       last_newline=st.booleans())
def test_partitions_read_what_the_file_reads(tmp_path, rows, size, bom, last_newline):
    path = tmp_path / "papers.jsonl"
    data = b"\n".join(rows) + (b"\n" if last_newline else b"")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    parts = plan_partitions([str(path)], size=size)
    assert _items(parts) == [repr(item) for item in read_inputs([path])]
    assert [p.start for p in parts] == sorted({p.start for p in parts})
    assert all(a.end == b.start for a, b in zip(parts, parts[1:])) and parts[-1].end is None


@pytest.mark.parametrize("text", ["", "\n", "  \n\n   \n \n", "\n\n\n\n\n\n\n\n{}"])
def test_a_file_of_white_space_is_reported_empty_once(tmp_path, text):
    path = tmp_path / "papers.jsonl"
    path.write_text(text, encoding="utf-8")
    parts = plan_partitions([str(path)], size=2)
    assert _items(parts) == [repr(item) for item in read_inputs([path])]


def test_a_big_file_is_cut_at_line_starts_with_the_files_line_numbers(tmp_path):
    path = tmp_path / "papers.jsonl"
    rows = [json.dumps({"title": f"T{i}", "abstract": "We use COCO."}) for i in range(100)]
    rows[57] = "{broken"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    parts = plan_partitions([str(path)], size=500)
    assert len(parts) > 5
    bad = [item for part in parts for item in read_partition(part) if not hasattr(item, "title")]
    assert [(b.path, b.line) for b in bad] == [(str(path), 58)]


def test_an_over_long_line_is_reported_in_its_partition(tmp_path, monkeypatch):
    monkeypatch.setattr(lines_module, "MAX_LINE_CHARS", 40)
    path = tmp_path / "papers.jsonl"
    path.write_text('{"title": "A", "abstract": "x"}\n' + '{"title": "B", "abstract": "' + "y" * 80 + '"}\n'
                    + '{"title": "C", "abstract": "z"}\n', encoding="utf-8")
    parts = plan_partitions([str(path)], size=20)
    assert _items(parts) == [repr(item) for item in read_inputs([path])]
    assert "line longer than" in _items(parts)[1]


def test_files_that_cannot_be_cut_are_one_partition_each(tmp_path, fixtures):
    packed = tmp_path / "papers.jsonl.gz"
    packed.write_bytes(gzip.compress((fixtures / "papers.jsonl").read_bytes()))
    files = [str(packed), str(fixtures / "papers.json"), str(fixtures / "dump.txt"), str(fixtures / "papers.csv")]
    parts = plan_partitions(files, size=1)
    assert [(p.path, p.start, p.end) for p in parts] == [(f, 0, None) for f in files]
    assert [p.fmt for p in parts] == ["jsonl", "json", "hf-text", "csv"]
    assert _items(parts) == [repr(item) for item in read_inputs(files)]


def test_a_forced_format_and_the_arxiv_snapshot(tmp_path, fixtures):
    snapshot = str(fixtures / "arxiv_snapshot.jsonl")
    parts = plan_partitions([snapshot], "arxiv-snapshot", size=200)
    assert {p.fmt for p in parts} == {"arxiv-snapshot"} and len(parts) > 1
    assert _items(parts) == [repr(item) for item in read_inputs([snapshot], "arxiv-snapshot")]


def test_standard_input_and_missing_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="not a file a worker can read"):
        plan_partitions(["<stdin>"])
    part = Partition(str(tmp_path / "gone.jsonl"), "jsonl", 0, 10)
    with pytest.raises(InputError, match="gone.jsonl: cannot read"):
        read_partition(part)
