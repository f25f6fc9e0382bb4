"""kg/errors.py: one exception hierarchy; BadRecord names the file and line, and survives a process boundary."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import kg.errors as errors
from kg.errors import BadRecord, KGError


def test_every_error_is_a_kg_error() -> None:
    classes = [getattr(errors, name) for name in errors.__all__]
    assert KGError in classes and len(classes) == 7
    for cls in classes:
        assert issubclass(cls, KGError) and issubclass(cls, Exception)
    assert not issubclass(KGError, (ValueError, OSError))  # callers catch ours, not builtins by accident


def test_bad_record_names_file_and_line() -> None:
    bad = BadRecord(Path("data") / "papers.jsonl", 3, "missing title (field 'title')")
    assert str(bad) == "data/papers.jsonl:3: missing title (field 'title')"
    assert (bad.path, bad.line, bad.message) == ("data/papers.jsonl", 3, "missing title (field 'title')")
    assert bad.args == (str(bad),)


def test_bad_record_without_a_line() -> None:
    assert str(BadRecord("papers.json", None, "invalid JSON")) == "papers.json: invalid JSON"
    assert str(BadRecord("papers.json", 0, "x")) == "papers.json:0: x"  # line 0 is a line, not "no line"


def test_bad_record_is_raised_and_caught_as_a_kg_error() -> None:
    with pytest.raises(KGError, match=r"^f\.jsonl:2: oops$"):
        raise BadRecord("f.jsonl", 2, "oops")


@pytest.mark.parametrize("bad", [BadRecord("dir/f.jsonl", 7, "missing title"), BadRecord("f.json", None, "bad")])
def test_bad_record_pickles(bad: BadRecord) -> None:
    """Worker processes send bad records back to the parent (``kg build --jobs``)."""
    back = pickle.loads(pickle.dumps(bad))
    assert type(back) is BadRecord
    assert (back.path, back.line, back.message, str(back)) == (bad.path, bad.line, bad.message, str(bad))


class ReaderSpecificRecord(BadRecord):
    """A reader's own kind of bad record (same constructor)."""


def test_a_subclass_pickles_as_itself() -> None:
    back = pickle.loads(pickle.dumps(ReaderSpecificRecord("f", 1, "m")))
    assert type(back) is ReaderSpecificRecord and str(back) == "f:1: m"


@pytest.mark.parametrize(("source", "path", "line"), [
    ("papers.jsonl:12", "papers.jsonl", 12),
    ("dir/papers.jsonl:1", "dir/papers.jsonl", 1),
    ("papers.jsonl", "papers.jsonl", None),
    ("C:\\data\\papers.jsonl:4", "C:\\data\\papers.jsonl", 4),
    ("C:\\data\\papers.jsonl", "C:\\data\\papers.jsonl", None),
    ("notes:v2", "notes:v2", None),
    ("", "", None),
])
def test_at_splits_a_paper_source(source: str, path: str, line: int | None) -> None:
    bad = BadRecord.at(source, "extraction failed")
    assert (bad.path, bad.line, bad.message) == (path, line, "extraction failed")
    assert str(bad) == (f"{path}:{line}: extraction failed" if line is not None else f"{path}: extraction failed")
