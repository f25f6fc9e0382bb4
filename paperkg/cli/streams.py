"""``-`` on the command line: standard input where a command reads one file, standard output where it writes one.

Paper inputs (``kg build -``, ``kg extract -``) go through the readers, which
stream standard input themselves (:func:`kg.io.open_text`). Here are the other
cases: a graph.json or an RDF file read from standard input, and one output
file written to standard output.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import GraphFormatError, KGError, UsageError
from kg.graph import KnowledgeGraph
from kg.graphjson import graph_from_dict, read_graph_json
from kg.io import STDIN, is_stdin

__all__ = ["DASH_IN", "DASH_OUT", "is_dash", "read_graph", "rdf_input", "output_file", "refuse_dash"]

#: Help text fragments: which arguments take ``-``.
DASH_IN = "- reads it from standard input"
DASH_OUT = "- writes it to standard output"


def is_dash(path: str | os.PathLike | None) -> bool:
    """Whether a command-line path is ``-``."""
    return path is not None and is_stdin(path)


def read_graph(path: str | os.PathLike) -> KnowledgeGraph:
    """A graph.json from *path* (or the directory holding it), or from standard input for ``-``."""
    if not is_dash(path):
        return read_graph_json(path)
    try:
        data = json.load(sys.stdin)
    except json.JSONDecodeError as exc:
        raise GraphFormatError(f"{STDIN}:{exc.lineno}: not valid JSON ({exc.msg}); "
                               "pipe a graph.json in (e.g. `cat out/graph.json | kg stats -`)") from None
    return graph_from_dict(data, STDIN)


def _sniff_rdf(head: bytes) -> str:
    """The suffix standard input's RDF (or graph.json) most likely has, from its first bytes."""
    text = head.lstrip().decode("utf-8", "replace")
    if text.startswith("{") or text.startswith("["):
        return ".json" if '"paperkg-graph"' in text else ".jsonld"
    if text.startswith("<?xml") or text.startswith("<rdf:RDF"):
        return ".rdf"
    return ".ttl"  # Turtle reads N-Triples too


@contextlib.contextmanager
def rdf_input(source: Path, rdf_format: str | None) -> Iterator[Path]:
    """*source* itself, or for ``-`` standard input saved to a temporary file the RDF loaders can read.

    The temporary file's suffix comes from *rdf_format* when given, else from
    the data (graph.json, JSON-LD, RDF/XML, else Turtle).
    """
    if not is_dash(source):
        yield source
        return
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    with tempfile.TemporaryDirectory(prefix="kg-stdin-") as tmp:
        head = stream.read(4096)
        suffix = ".rdf-input" if rdf_format else _sniff_rdf(head)
        path = Path(tmp) / f"stdin{suffix}"
        with open(path, "wb") as fh:
            fh.write(head)
            shutil.copyfileobj(stream, fh)
        try:
            yield path
        except KGError as exc:  # name standard input, not the temporary file, in the message
            raise type(exc)(str(exc).replace(str(path), STDIN)) from None


@contextlib.contextmanager
def output_file(out: Path, suffix: str = "") -> Iterator[Path]:
    """The path a writer should write: *out*, or for ``-`` a temporary file copied to standard output after.

    Writers write whole files atomically; for ``-`` the file is streamed to
    standard output once the writer has finished, and nothing is copied when
    it fails.
    """
    if not is_dash(out):
        yield out
        return
    with tempfile.TemporaryDirectory(prefix="kg-stdout-") as tmp:
        path = Path(tmp) / f"stdout{suffix}"
        yield path
        stdout = getattr(sys.stdout, "buffer", None)
        with open(path, "rb") as fh:
            if stdout is None:  # a text-only stdout (some test runners)
                sys.stdout.write(fh.read().decode("utf-8"))
            else:
                sys.stdout.flush()
                shutil.copyfileobj(fh, stdout)
                stdout.flush()


def refuse_dash(path: str | os.PathLike | None, option: str, why: str) -> None:
    """A usage error when *path* is ``-`` where a command cannot use a stream (*why* says what it writes)."""
    if is_dash(path):
        raise UsageError(f"{option} -: {why}; give a path")
