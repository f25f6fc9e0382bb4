"""kg/readers/json_doc.py: a JSON document read one record at a time, with lines, keeping what precedes an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.readers import json_doc
from kg.readers.json_doc import JSON_LINES, Record, records
from kg.readers.lines import Source


def events(path: Path) -> list[object]:
    with Source(str(path)) as src:
        return [(e.line, e.value) if isinstance(e, Record) else e if e is JSON_LINES else (e.line, e.message)
                for e in records(src)]


def doc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_records_carry_their_start_lines(tmp_path: Path) -> None:
    path = doc(tmp_path, '[{"a": 1}, {"a": 2},\n\n  {"a":\n 3}\n]\n')
    assert events(path) == [(1, {"a": 1}), (1, {"a": 2}), (3, {"a": 3})]


def test_the_record_list_of_an_object_is_streamed_other_keys_are_not_records(tmp_path: Path) -> None:
    path = doc(tmp_path, '{"meta": {"results": [0]},\n "results": [\n  {"a": 1},\n  {"a": 2}\n ], "n": 2}')
    assert events(path) == [(3, {"a": 1}), (4, {"a": 2})]


def test_a_single_object_is_one_record(tmp_path: Path) -> None:
    assert events(doc(tmp_path, '\n{"title": "T", "results": {"x": 1}}\n')) == [
        (2, {"title": "T", "results": {"x": 1}})]


def test_json_lines_saved_as_json_are_recognised(tmp_path: Path) -> None:
    assert events(doc(tmp_path, '{"a": 1}\n{"a": 2}\n')) == [JSON_LINES]


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[\n{"a": 1},\n{"a": oops}\n]', 3, "invalid JSON (Expecting value at column 7); 1 record(s)"),
    ('[\n{"a": 1}\n{"a": 2}]', 3, "invalid JSON (expected ',' or ']' after a record); 1 record(s)"),
    ('[\n{"a": 1},\n' + "[" * 5000 + "]" * 5000 + "]", 3, "invalid JSON (nested too deeply to read); 1 record(s)"),
    ('[\n{"a": 1},\n{"year": ' + "9" * 5000 + "}]", 3, "invalid JSON (Exceeds the limit (4300 digits)"),
    ('[\n{"a": 1},\n{"a": 2}', 3, "invalid JSON (expected ',' or ']' after a record); 2 record(s)"),
    ('[\n{"a": 1},\n', 3, "invalid JSON (the document ends inside a list); 1 record(s)"),
    ('[{"a": 1}]\n[2]', 2, "invalid JSON (more data after the end of the document); 1 record(s)"),
    ('{"results": [{"a": 1}], oops}', 1, "invalid JSON (expected a property name in double quotes); 1 record(s)"),
])
def test_a_broken_document_keeps_the_records_before_the_error(tmp_path: Path, text: str, line: int,
                                                              message: str) -> None:
    got = events(doc(tmp_path, text))
    assert got[0] == (1 if text.startswith("{") or text.startswith("[{") else 2, {"a": 1})
    assert got[-1][0] == line and got[-1][1].startswith(message), got[-1]
    assert got[-1][1].endswith("the rest of the document is skipped")


def test_a_scalar_document_is_no_list_of_records(tmp_path: Path) -> None:
    assert events(doc(tmp_path, "\n 42")) == [(2, "expected a JSON list or object of paper records")]


def test_1e999_decodes_as_infinity_for_the_record_to_judge(tmp_path: Path) -> None:
    assert events(doc(tmp_path, '[{"year": 1e999}]')) == [(1, {"year": float("inf")})]


def test_chunk_boundaries_anywhere_give_the_same_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records_in = [{"id": i, "title": "t" * (i % 13), "n": 12345678901234567890 + i, "x": [1.5e-3, None, True]}
                  for i in range(60)]
    text = json.dumps({"results": records_in}, indent=1)
    expected = events(doc(tmp_path, text))
    for chunk in (1, 3, 7, 64):
        monkeypatch.setattr(json_doc, "CHUNK_CHARS", chunk)
        assert events(doc(tmp_path, text)) == expected
    assert [v for _, v in expected] == records_in


def test_a_record_over_the_line_limit_is_reported_not_buffered(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_doc, "MAX_LINE_CHARS", 100)
    monkeypatch.setattr(json_doc, "CHUNK_CHARS", 16)
    got = events(doc(tmp_path, '[{"a": 1},\n{"t": "' + "x" * 500 + '"}]'))
    assert got[0] == (1, {"a": 1}) and got[1][0] == 2
    assert got[1][1].startswith("a record longer than 100 characters (or invalid JSON); 1 record(s)")

