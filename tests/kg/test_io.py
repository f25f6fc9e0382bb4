"""kg/io.py: atomic writes (a failed write keeps the old file) and transparent .gz reading."""

from __future__ import annotations

import gzip
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.io import STDIN, atomic_write, is_stdin, open_text


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text("old", encoding="utf-8")
    with atomic_write(path) as fh:
        fh.write("new ü\n")
        assert path.read_text(encoding="utf-8") == "old"  # nothing visible before the body ends
    assert path.read_text(encoding="utf-8") == "new ü\n"
    assert leftovers(tmp_path) == []


def test_a_body_that_raises_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="disk full"):
        with atomic_write(path) as fh:
            fh.write("half of the new content")
            raise RuntimeError("disk full")
    assert path.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_an_interrupted_body_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(path) as fh:
            fh.write("x")
            raise KeyboardInterrupt
    assert not path.exists() and leftovers(tmp_path) == []


def test_binary_mode_and_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "graph.ttl"
    with atomic_write(path, "wb") as fh:
        fh.write(b"\x00\xff")
    assert path.read_bytes() == b"\x00\xff"


def test_text_is_written_as_given(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    with atomic_write(path) as fh:
        fh.write("a\r\nb\n")
    assert path.read_bytes() == b"a\r\nb\n"  # newline="": no translation either way


def test_a_new_file_gets_the_mode_open_would_give(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "graph.json"
    with atomic_write(path) as fh:
        fh.write("{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "graph.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    with atomic_write(path) as fh:
        fh.write("new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_open_text_reads_plain_and_gzip_files_alike(tmp_path: Path) -> None:
    text = "Título\nAbstract with ü and 日本語.\n"
    plain, packed = tmp_path / "papers.txt", tmp_path / "papers.txt.gz"
    plain.write_text(text, encoding="utf-8")
    with gzip.open(packed, "wt", encoding="utf-8") as fh:
        fh.write(text)
    with open_text(plain) as a, open_text(packed) as b:
        assert a.read() == b.read() == text


def test_open_text_replaces_undecodable_bytes(tmp_path: Path) -> None:
    data = b"good line\nbad \xff\xfe byte\n"
    plain, packed = tmp_path / "x.jsonl", tmp_path / "x.jsonl.gz"
    plain.write_bytes(data)
    packed.write_bytes(gzip.compress(data))
    for path in (plain, packed):
        with open_text(path) as fh:
            lines = list(fh)
        assert lines[0] == "good line\n" and "\ufffd" in lines[1] and lines[1].endswith("byte\n")


def test_open_text_of_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    for name in ("missing.txt", "missing.txt.gz"):
        with pytest.raises(OSError):
            open_text(tmp_path / name).read()


def test_stdin_opens_again_from_the_start_after_a_sniff(feed_stdin) -> None:
    feed_stdin("{\"title\": \"ü\"}\nsecond line\n".encode())
    with open_text("-") as fh:
        assert fh.read(1) == "{"  # a format sniff
    with open_text(STDIN) as fh:
        assert fh.read() == "{\"title\": \"ü\"}\nsecond line\n"
    assert is_stdin("-") and is_stdin(STDIN) and not is_stdin("graph.json")


def test_gzipped_stdin_is_decompressed(feed_stdin) -> None:
    feed_stdin(gzip.compress(b"line 1\nline 2\n"))
    with open_text("-") as fh:
        assert fh.read() == "line 1\nline 2\n"


def test_stdin_past_the_kept_head_is_streamed_once(monkeypatch: pytest.MonkeyPatch, feed_stdin) -> None:
    monkeypatch.setattr("kg.io.STDIN_REPLAY_BYTES", 16 * 1024)  # more than one sniff reads (8 KB), less than the data
    data = "".join(f"record {i}\n" for i in range(20_000))
    feed_stdin(data.encode())
    with open_text("-") as fh:
        assert fh.read(3) == "rec"
    with open_text("-") as fh:  # from the start again, then on past the kept head
        assert fh.read() == data
    with pytest.raises(InputError, match="standard input can be read only once"):
        open_text("-")


def test_text_the_encoding_cannot_hold_is_written_as_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with atomic_write(path) as fh:
        fh.write("a\ud800b\udfff")
    assert path.read_text(encoding="utf-8") == "a\ufffdb\ufffd"
    with atomic_write(path, encoding="latin-1") as fh:
        fh.write("caf\u00e9 \u20ac")  # the euro sign is not Latin-1: the encoding's own replacement
    assert path.read_text(encoding="latin-1") == "caf\u00e9 ?"
    with pytest.raises(UnicodeEncodeError):
        with atomic_write(path, errors="strict") as fh:
            fh.write("\ud800")
    assert path.read_text(encoding="latin-1") == "caf\u00e9 ?" and leftovers(tmp_path) == []


def test_temporary_files_carry_the_writers_pid(tmp_path: Path) -> None:
    with atomic_write(tmp_path / "graph.json") as fh:
        fh.write("x")
        assert leftovers(tmp_path)[0].startswith(f".graph.json.{os.getpid()}.")


def test_a_byte_range_reads_as_the_same_lines_of_the_whole_file(tmp_path):
    from kg.io import open_text, open_text_range

    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\xef\xbb\xbfa\xff\n\xc3\xa9\r\nlast")  # a BOM, a bad byte, a CRLF, no final newline
    with open_text(path) as fh:
        whole = fh.readlines()
    with open_text_range(path, 0, 6) as head, open_text_range(path, 6, None) as tail:
        assert head.readlines() + tail.readlines() == whole == ["a\ufffd\n", "\xe9\r\n", "last"]
    with open_text_range(path, 6, 10) as middle:
        assert middle.read() == "\xe9\r\n"
