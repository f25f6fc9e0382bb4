"""Sectioned outputs of a store: appended when the file is the recorded one, rewritten otherwise."""

from __future__ import annotations

import pytest

from kg.appendable import FileSet, Sections, is_current, write_sections
from kg.model import Evidence, Mention, Paper, PaperFragment
from kg.store import GraphStore


def _add(store: GraphStore, n: int) -> None:
    p = Paper(id=f"title:{n}", title=f"T{n}", abstract="We use COCO.")
    store.add_fragment(PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO",
                                                 Evidence("COCO", 7, 11, "We use COCO.", "r"))]))


def _sections(store: GraphStore) -> Sections:
    """One line per paper, then a tail that depends on every paper (as merged entities do)."""
    return Sections(head=lambda: ["head\n"],
                    papers=lambda after: [f"{pid}\n" for pid, _nodes, _rels in store.papers(after=after)],
                    tail=lambda: [f"tail {len(store.paper_ids())}\n"])


def test_a_first_write_is_whole_then_appends_keep_the_old_lines(tmp_path):
    store, out = GraphStore(tmp_path / "s"), tmp_path / "out.txt"
    _add(store, 1)
    assert write_sections(store, out, "k", _sections(store), append=True) == "written"  # nothing recorded yet
    _add(store, 2)
    _add(store, 3)
    assert write_sections(store, out, "k", _sections(store), append=True) == "appended"
    assert out.read_text() == "head\ntitle:1\ntitle:2\ntitle:3\ntail 3\n"
    assert write_sections(store, out, "k", _sections(store), append=True) == "unchanged"
    assert is_current(store, out, "k")


def test_without_append_or_after_a_change_by_hand_the_file_is_rewritten(tmp_path):
    store, out = GraphStore(tmp_path / "s"), tmp_path / "out.txt"
    _add(store, 2)
    write_sections(store, out, "k", _sections(store), append=False)
    _add(store, 1)
    assert write_sections(store, out, "k", _sections(store), append=False) == "written"
    assert out.read_text() == "head\ntitle:1\ntitle:2\ntail 2\n"  # a whole write sorts the papers
    out.write_text(out.read_text() + "edited\n")
    assert not is_current(store, out, "k")
    _add(store, 3)
    assert write_sections(store, out, "k", _sections(store), append=True) == "written"
    assert out.read_text() == "head\ntitle:1\ntitle:2\ntitle:3\ntail 3\n"


def test_the_record_is_per_key_and_file_and_lives_in_the_store_transaction(tmp_path):
    store, out = GraphStore(tmp_path / "s"), tmp_path / "out.txt"
    _add(store, 1)
    write_sections(store, out, "k", _sections(store), append=True)
    assert not is_current(store, out, "other")
    assert not is_current(store, tmp_path / "copy.txt", "k")
    store.rollback()  # the state was not committed: it is gone with the papers
    assert not is_current(store, out, "k")
    store.close()


def test_a_lone_surrogate_is_written_as_a_replacement_character(tmp_path):
    store, out = GraphStore(tmp_path / "s"), tmp_path / "out.txt"
    parts = Sections(head=lambda: ["a" + chr(0xD800) + "\n"], papers=lambda after: [], tail=lambda: [])
    write_sections(store, out, "k", parts, append=False)
    assert out.read_text(encoding="utf-8") == "a\ufffd\n"


def _write_set(store: GraphStore, directory, *, append: bool, after: int | None = None) -> FileSet:
    """A set of two files: one row per paper in "papers.csv", and a whole-written "count.csv"."""
    files = FileSet(store, directory, "set")
    with files.writing(append=append):
        fh = files.open("papers.csv", b"id\n")
        for pid, _nodes, _rels in store.papers(after=after):
            fh.write(f"{pid}\n".encode())
        files.open("count.csv", b"n\n", whole=True).write(f"{len(store.paper_ids())}\n".encode())
        files.state = {"papers": len(store.paper_ids())}
    return files


def test_a_file_set_appends_to_its_recorded_files_and_rewrites_the_whole_ones(tmp_path):
    store = GraphStore(tmp_path / "s")
    _add(store, 1)
    files = _write_set(store, tmp_path / "out", append=False)
    assert files.unchanged() and files.state == {"papers": 1}
    mark = files.recorded["mark"]
    _add(store, 2)
    again = FileSet(store, tmp_path / "out", "set")
    assert again.current() and not again.unchanged() and again.state == {"papers": 1}
    _write_set(store, tmp_path / "out", append=True, after=mark)
    assert (tmp_path / "out" / "papers.csv").read_text() == "id\ntitle:1\ntitle:2\n"
    assert (tmp_path / "out" / "count.csv").read_text() == "n\n2\n"
    assert FileSet(store, tmp_path / "out", "set").unchanged()


def test_a_file_set_is_not_current_once_a_file_changed_and_a_whole_write_drops_files_it_no_longer_writes(tmp_path):
    store = GraphStore(tmp_path / "s")
    _add(store, 1)
    _write_set(store, tmp_path / "out", append=False)
    (tmp_path / "out" / "papers.csv").write_text("id\ntitle:1\nhalf")
    files = FileSet(store, tmp_path / "out", "set")
    assert not files.current()
    with pytest.raises(ValueError):
        with files.writing(append=True):
            pass
    with files.writing(append=False):
        files.open("count.csv", b"n\n").write(b"1\n")
    assert not (tmp_path / "out" / "papers.csv").exists() and files.recorded["sizes"] == {"count.csv": 4}


def test_a_failed_whole_write_of_a_file_set_keeps_the_old_files_and_record(tmp_path):
    store = GraphStore(tmp_path / "s")
    _add(store, 1)
    _write_set(store, tmp_path / "out", append=False)
    files = FileSet(store, tmp_path / "out", "set")
    with pytest.raises(RuntimeError):
        with files.writing(append=False):
            files.open("papers.csv", b"other\n")
            raise RuntimeError("a wrong guess")
    assert (tmp_path / "out" / "papers.csv").read_text() == "id\ntitle:1\n"
    assert FileSet(store, tmp_path / "out", "set").unchanged()
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_a_path_given_as_text_works_too(tmp_path):
    store = GraphStore(tmp_path / "s")
    _add(store, 1)
    out = str(tmp_path / "out.txt")
    assert write_sections(store, out, "k", _sections(store), append=True) == "written"
    assert is_current(store, out, "k")
