"""kg/readers/lines.py: bounded lines, damaged compressed input reported with how far reading got, empty files."""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from kg.readers import lines as lines_module
from kg.readers.lines import Source


def read(path: Path) -> tuple[list[tuple[int, str | None]], list[str]]:
    with Source(str(path)) as src:
        got = list(src.lines())
        return got, [str(p) for p in src.problems()]


def test_plain_lines_are_numbered_and_end_at_newline_only(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(b"\xef\xbb\xbfa\r\nb\rc\n\nd")
    assert read(path) == ([(1, "a\r\n"), (2, "b\rc\n"), (3, "\n"), (4, "d")], [])


def test_a_truncated_gzip_keeps_the_lines_before_and_says_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl.gz"
    data = gzip.compress(b"".join(b'{"n": %d, "pad": "%s"}\n' % (i, b"x" * (i % 50)) for i in range(5000)))
    path.write_bytes(data[: len(data) // 2])
    got, problems = read(path)
    assert 100 < len(got) < 5000 and got[-1][0] == len(got)
    assert problems == [f"{path}:{len(got) + 1}: damaged compressed data (Compressed file ended before the "
                        f"end-of-stream marker was reached); read {len(got)} line(s) before it, the rest is lost"]


def test_corrupt_gzip_data_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "p.txt.gz"
    data = bytearray(gzip.compress(b"line\n" * 20000))
    data[len(data) // 2: len(data) // 2 + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    got, problems = read(path)
    assert len(problems) == 1 and "damaged compressed data" in problems[0]
    assert got[0] == (1, "line\n")  # what came before the damage is read (what deflate made of it, checked later)


def test_empty_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl.gz").write_bytes(gzip.compress(b""))
    (tmp_path / "e.jsonl").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n  \n")
    assert read(tmp_path / "e.jsonl.gz")[1] == [f"{tmp_path / 'e.jsonl.gz'}: the compressed file is empty: no records"]
    assert read(tmp_path / "e.jsonl")[1] == [f"{tmp_path / 'e.jsonl'}: the file is empty: no records"]
    assert read(tmp_path / "blank.txt")[1] == [f"{tmp_path / 'blank.txt'}: the file is empty: no records"]


def test_an_over_long_line_is_skipped_in_bounded_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines_module, "MAX_LINE_CHARS", 10)
    path = tmp_path / "p.txt"
    path.write_text("short\n" + "x" * 35 + "\n" + "y" * 10 + "\nlast", encoding="utf-8")
    assert read(path) == ([(1, "short\n"), (2, None), (3, "y" * 10 + "\n"), (4, "last")], [])


def test_a_huge_one_line_gzip_costs_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as fh:
        for _ in range(24):
            fh.write(b"x" * (1 << 20))  # 24 MiB on one line, a few kB on disk
    tracemalloc.start()
    try:
        got, problems = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == [(1, None)] and problems == []
    assert peak < 4 * lines_module.MAX_LINE_CHARS * 4 + (8 << 20), peak  # a few line-sized buffers, not 24 MiB+


def test_read_in_chunks_reports_damage_at_the_line_given(tmp_path: Path) -> None:
    path = tmp_path / "p.json.gz"
    data = gzip.compress(b"[" + b"1,\n" * 50000 + b"1]")
    path.write_bytes(data[:-30])
    with Source(str(path)) as src:
        while src.read(1000, line=7):
            pass
        assert [p.line for p in src.problems()] == [7]
