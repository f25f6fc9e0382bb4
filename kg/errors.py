"""One exception hierarchy for paperkg.

Every error a user can trigger derives from :class:`KGError`; the CLI turns
these into a one-line message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

__all__ = [
    "KGError",
    "InputError",
    "BadRecord",
    "GraphFormatError",
    "ExportError",
    "PluginError",
    "UsageError",
]


class KGError(Exception):
    """Base class of all paperkg errors."""


class InputError(KGError):
    """An input path is missing, unreadable, or of an unknown format."""


class BadRecord(KGError):
    """One malformed input record: names the file, the line and what is wrong.

    Readers yield these (they do not raise them) so that a long build can
    skip the record and carry on; under ``--strict`` the builder raises it.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    @classmethod
    def at(cls, source: str, message: str) -> BadRecord:
        """A bad record at a ``path:line`` source string (as :attr:`kg.model.Paper.source` holds)."""
        path, sep, line = source.rpartition(":")
        if sep and line.isdigit():
            return cls(path, int(line), message)
        return cls(source, None, message)

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.path, self.line, self.message))


class GraphFormatError(KGError):
    """A graph.json file that cannot be read back (wrong schema or version)."""


class ExportError(KGError):
    """An exporter could not write its output."""


class PluginError(KGError):
    """An unknown reader or exporter name, or a plugin that fails to load."""


class UsageError(KGError):
    """Arguments that do not fit together (the CLI reports it as a usage error, exit code 2)."""
