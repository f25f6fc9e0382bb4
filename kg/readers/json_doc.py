"""A JSON document read incrementally: the records of its top-level list, one at a time, with their lines.

:func:`records` walks a JSON document without loading it whole: a top-level
list, or the list under ``results``/``papers``/``records``/``data``/``items``
of a top-level object, is decoded one element at a time with
:meth:`json.JSONDecoder.raw_decode` over a bounded buffer. So

- each record carries the line its value starts on;
- a syntax error, a nesting too deep for the parser or an integer too long to
  convert stops the document *there*: the records before it are kept, and one
  problem says where it stopped and how many records came before;
- a record longer than :data:`~kg.readers.lines.MAX_LINE_CHARS` is reported,
  not read into memory.

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "p.json")
>>> _ = open(path, "w").write('[\\n {"title": "A"},\\n {"title": "B"},\\n {"title": oops}\\n]')
>>> with Source(path) as src:
...     [(e.line, e.value) if isinstance(e, Record) else str(e) for e in records(src)]  # doctest: +ELLIPSIS
[(2, {'title': 'A'}), (3, {'title': 'B'}), '...p.json:4: invalid JSON (Expecting value at column 12); 2 record(s) read before it, the rest of the document is skipped']
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from kg.errors import BadRecord
from kg.readers.lines import CHUNK_CHARS, MAX_LINE_CHARS, Source

__all__ = ["RECORD_KEYS", "Record", "JSON_LINES", "records"]

#: Keys of a top-level object whose list holds the records (an OpenAlex API response has ``results``).
RECORD_KEYS = ("results", "papers", "records", "data", "items")

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


class Record(NamedTuple):
    """One top-level record of the document and the line it starts on."""

    line: int
    value: Any


#: Yielded (once, first) when the document is JSON Lines saved under a ``.json`` name.
JSON_LINES = object()


class _Stop(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Text:
    """The document's text in a sliding buffer, with line numbers for positions in it."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.mark, self.mark_line = 0, 1  # a position in buf already counted, and its line
        self.col_base = 0  # column (0-based) of buf[0] on its line

    def line_at(self, pos: int) -> int:
        """The line of buffer position *pos* (never before the last one asked for)."""
        self.mark_line += self.buf.count("\n", self.mark, pos)
        self.mark = pos
        return self.mark_line

    def column_at(self, pos: int) -> int:
        nl = self.buf.rfind("\n", 0, pos)
        return pos - nl if nl >= 0 else self.col_base + pos + 1

    def fill(self) -> None:
        """Read the next chunk; what lies before the current position is let go."""
        if self.pos > CHUNK_CHARS:
            cut = self.pos
            self.line_at(cut)
            nl = self.buf.rfind("\n", 0, cut)
            self.col_base = cut - nl - 1 if nl >= 0 else self.col_base + cut
            self.buf, self.pos, self.mark = self.buf[cut:], 0, 0
        end_line = self.mark_line + self.buf.count("\n", self.mark)  # where damage, if any, is met
        chunk = self.src.read(CHUNK_CHARS, line=end_line)
        if chunk:
            self.buf += chunk
        else:
            self.eof = True

    def stop(self, message: str, pos: int | None = None) -> _Stop:
        return _Stop(self.line_at(self.pos if pos is None else pos), message)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos:self.pos + 1]
            self.fill()

    def expect(self, char: str, what: str) -> None:
        if self.peek() != char:
            raise self.stop(f"invalid JSON (expected {what})")
        self.pos += 1

    def value(self) -> Any:
        """Decode the JSON value at the next non-blank position (reading more text as it needs)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise self.stop(f"invalid JSON ({exc.msg} at column {self.column_at(exc.pos)})", exc.pos) from None
                if len(self.buf) - self.pos > MAX_LINE_CHARS:
                    raise self.stop(f"a record longer than {MAX_LINE_CHARS:,} characters (or invalid JSON)") from None
                self.fill()
                continue
            except RecursionError:
                raise self.stop("invalid JSON (nested too deeply to read)") from None
            except ValueError as exc:  # an integer of more than 4300 digits (sys.get_int_max_str_digits)
                raise self.stop(f"invalid JSON ({exc})") from None
            if end == len(self.buf) and not self.eof:  # a number may go on in the next chunk
                self.fill()
                continue
            self.pos = end
            return value


def _array(text: _Text) -> Iterator[Record]:
    """The elements of the list whose ``[`` was just consumed."""
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        if text.peek() == "":
            raise text.stop("invalid JSON (the document ends inside a list)")
        line = text.line_at(text.pos)
        yield Record(line, text.value())
        char = text.peek()
        text.pos += 1
        if char == "]":
            return
        if char != ",":
            text.pos -= 1
            raise text.stop("invalid JSON (expected ',' or ']' after a record)")


def _object(text: _Text, held: list[Record]) -> Iterator[Record]:
    """Stream the object at the current position: its record list's elements, or (in *held*) the object itself."""
    line = text.line_at(text.pos)
    text.pos += 1
    whole: dict[str, Any] = {}
    streamed = False
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            if text.peek() != '"':
                raise text.stop("invalid JSON (expected a property name in double quotes)")
            key = text.value()
            text.expect(":", "':' after a property name")
            if not streamed and key in RECORD_KEYS and text.peek() == "[":
                text.pos += 1
                yield from _array(text)
                streamed = True
            else:
                whole[key] = text.value()
            char = text.peek()
            if char == "}":
                text.pos += 1
                break
            text.expect(",", "',' or '}' after a property")
    if not streamed:
        held.append(Record(line, whole))


def _first_line_is_a_record(text: _Text) -> bool:
    """Whether the document's first line is a whole JSON object followed by more: JSON Lines, not one document."""
    while "\n" not in text.buf[text.pos:] and not text.eof and len(text.buf) - text.pos <= MAX_LINE_CHARS:
        text.fill()
    first, nl, rest = text.buf[text.pos:].partition("\n")
    if not nl or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def records(src: Source) -> Iterator[Record | BadRecord | object]:
    """The top-level records of the JSON document *src*, then a problem if the document is broken.

    Yields :class:`Record` values and :class:`~kg.errors.BadRecord` problems; or
    :data:`JSON_LINES` alone when the file is JSON Lines (read it line by line).
    """
    text = _Text(src)
    count = 0
    try:
        char = text.peek()
        if char == "":
            return
        if char == "{" and _first_line_is_a_record(text):
            yield JSON_LINES
            return
        if char == "[":
            text.pos += 1
            for record in _array(text):
                count += 1
                yield record
        elif char == "{":
            held: list[Record] = []
            for record in _object(text, held):
                count += 1
                yield record
            if held:
                count += 1
                yield held[0]
        else:
            line = text.line_at(text.pos)
            text.value()
            yield BadRecord(src.path, line, "expected a JSON list or object of paper records")
        if text.peek() != "":
            raise text.stop("invalid JSON (more data after the end of the document)")
    except _Stop as stop:
        yield BadRecord(src.path, stop.line, f"{stop.message}; {count} record(s) read before it, "
                                             f"the rest of the document is skipped")
