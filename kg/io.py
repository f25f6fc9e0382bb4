"""Small I/O helpers: atomic writes, transparent ``.gz`` reading, standard input as a file.

On the command line ``-`` names standard input; once inputs are expanded it
goes by :data:`STDIN` (``<stdin>``), the name bad records and paper sources
carry. :func:`open_text` opens it like a file, as often as sniffing the format
and then reading it need: the first :data:`STDIN_REPLAY_BYTES` are kept so a
reader can start over after a sniff; past them it is read once, streamed.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from kg.errors import InputError

__all__ = ["REPLACE", "STDIN", "STDIN_REPLAY_BYTES", "atomic_write", "utf8", "is_stdin", "open_text",
           "open_text_range", "open_stdin"]

STDIN = "<stdin>"
STDIN_REPLAY_BYTES = 4 << 20  #: how much of standard input a second opener can read again from the start
REPLACE = "paperkg.replace"  #: codec error handler: what an encoding cannot hold (a lone surrogate) becomes U+FFFD


def _replace(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    # bytes: the UTF-8 encoder takes only ASCII text back from an error handler
    return ("\ufffd" * (error.end - error.start)).encode(error.encoding, "replace"), error.end


def utf8(text: str) -> bytes:
    """*text* as UTF-8, a lone surrogate as U+FFFD: the bytes :func:`atomic_write` writes in text mode.

    >>> utf8("a" + chr(0xD800) + "é")
    b'a\\xef\\xbf\\xbd\\xc3\\xa9'
    """
    codecs.register_error(REPLACE, _replace)  # idempotent
    return text.encode("utf-8", REPLACE)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8",
                 errors: str = REPLACE) -> Iterator[IO]:
    """Write to a temporary file beside *path* and rename it over *path* on success.

    If the body raises, the temporary file is removed and *path* keeps its
    previous content: a build killed half-way never leaves a truncated file.
    The temporary file is ``.NAME.PID.RANDOM.tmp``: the pid lets
    :func:`kg.outputs.recover` remove those a killed process left behind.
    In text mode a character the encoding cannot hold (in UTF-8: a lone
    surrogate, which JSON input may carry) is written as U+FFFD under the
    default *errors* (:data:`REPLACE`), so one odd name cannot abort a writer.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        codecs.register_error(REPLACE, _replace)  # idempotent; here rather than at import time
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": "", "errors": errors}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _file_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the old file's, else 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def is_stdin(path: str | os.PathLike) -> bool:
    """Whether *path* names standard input (``-`` on the command line, :data:`STDIN` once expanded)."""
    return str(path) in ("-", STDIN)


class _Stdin:
    """Standard input with its first bytes kept, so that it can be opened again from the start."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.head = bytearray()  # the first bytes read, replayed to each new opener
        self.taken = 0  # bytes read from the stream so far
        self.spent = False  # bytes past the kept head were handed out: nobody can start over

    def read(self, pos: int, size: int) -> bytes:
        if pos < len(self.head):
            return bytes(self.head[pos:pos + size])
        if pos != self.taken:
            raise InputError(f"{STDIN}: standard input can be read only once; give '-' once")
        data = self.stream.read1(size) if hasattr(self.stream, "read1") else self.stream.read(size)
        self.taken += len(data)
        if not self.spent and len(self.head) + len(data) <= STDIN_REPLAY_BYTES:
            self.head += data
        else:
            self.spent = True
        return data


class _Replay(io.RawIOBase):
    """One reader of :class:`_Stdin`, from its first byte; closing it leaves standard input open."""

    def __init__(self, source: _Stdin) -> None:
        self.source = source
        self.pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.source.read(self.pos, len(buffer))
        buffer[:len(data)] = data
        self.pos += len(data)
        return len(data)


_STDIN: _Stdin | None = None


def open_stdin() -> io.BufferedReader:
    """Standard input as a binary file, from its first byte (see the module notes)."""
    global _STDIN
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    if _STDIN is None or _STDIN.stream is not stream:
        _STDIN = _Stdin(stream)
    if _STDIN.spent:
        raise InputError(f"{STDIN}: standard input can be read only once; give '-' once")
    return io.BufferedReader(_Replay(_STDIN))


#: How input text is decoded: UTF-8 with or without a byte order mark, bad bytes replaced, lines split at "\\n" only.
_TEXT = {"encoding": "utf-8-sig", "errors": "replace", "newline": "\n"}


def open_text(path: str | os.PathLike) -> IO[str]:
    """Open a text file for reading, decompressing ``.gz`` transparently.

    :data:`STDIN` (or ``-``) opens standard input, gzip-compressed or not.
    Undecodable bytes are replaced (U+FFFD) rather than raised, so one bad
    byte cannot abort a long build; readers report records containing them.
    A UTF-8 byte order mark is dropped. Lines end at ``\n`` only (a carriage
    return is kept in the line), so line numbers are the ones ``grep -n`` and
    editors show, compressed or not.
    """
    if is_stdin(path):
        binary = open_stdin()
        if binary.peek(2)[:2] == b"\x1f\x8b":
            return io.TextIOWrapper(gzip.GzipFile(fileobj=binary), **_TEXT)
        return io.TextIOWrapper(binary, **_TEXT)
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), **_TEXT)
    return open(path, **_TEXT)


def open_text_range(path: str | os.PathLike, start: int, end: int | None) -> IO[str]:
    """Bytes *start* to *end* (``None``: the end) of an uncompressed file, decoded as :func:`open_text` does.

    *start* must be a line start: a UTF-8 sequence never holds a ``\n`` byte,
    so the text is the same as the same lines read from the whole file (a byte
    order mark is dropped only at offset 0).
    """
    raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
    raw.seek(start)
    limited = io.BufferedReader(_Bounded(raw, None if end is None else end - start))
    return io.TextIOWrapper(limited, **{**_TEXT, "encoding": "utf-8-sig" if start == 0 else "utf-8"})


class _Bounded(io.RawIOBase):
    """At most *size* bytes of a binary file, from where it stands (all of it for ``None``)."""

    def __init__(self, raw: BinaryIO, size: int | None) -> None:
        self._raw, self._left = raw, size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        view = memoryview(buffer)
        if self._left is not None:
            view = view[:self._left]
        n = self._raw.readinto(view)
        if self._left is not None:
            self._left -= n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()
