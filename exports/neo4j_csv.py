"""Bulk CSV for ``neo4j-admin database import full`` (the fastest way into an empty Neo4j).

One file per label and per relationship type, with the headers neo4j-admin expects::

    nodes_Paper.csv      id:ID(Paper),title:string,year:long,authors:string[],...,:LABEL
    rels_EVALUATES_ON.csv  :START_ID(Paper),:END_ID(Dataset),count:long,...,:TYPE

Every label is its own id space (``:ID(Paper)``), so relationship files name the
space of each end. Arrays are joined with an array delimiter that occurs in no
array element (``;`` when possible, else ``|``, else U+001F); the chosen one is in
the written command, spelled ``U+003B`` and so on so that it needs no shell quoting. Fields are quoted by :mod:`csv` (RFC 4180: ``"`` doubled),
so quotes, backslashes, braces, delimiters and newlines arrive verbatim with
``--multiline-fields=true`` and the default ``--legacy-style-quoting=false``. A carriage
return inside a value is written as a line feed (:mod:`csv` would leave a lone CR
unquoted, and readers end the row there); a lone surrogate is written as U+FFFD.

The export also writes ``import-command.txt`` (the exact command, to run from the
export directory) and ``constraints.cypher`` (the uniqueness constraints, to run after
the import: neo4j-admin does not create them).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Node, Relation
from kg.io import atomic_write, utf8
from exports.neo4j_schema import (
    check_graph,
    edge_props,
    load_schema,
    node_props,
    render,
    statements,
)

__all__ = [
    "ADMIN_TYPES",
    "ARRAY_DELIMITERS",
    "CsvExport",
    "RowWriter",
    "add_kinds",
    "admin_type",
    "check_directory",
    "choose_array_delimiter",
    "columns",
    "delimiter_candidates",
    "import_command",
    "node_cells",
    "node_file",
    "node_header",
    "node_row",
    "relation_row",
    "relationship_cells",
    "relationship_file",
    "relationship_header",
    "resolve_kinds",
    "value_kind",
    "write_command_files",
    "write_neo4j_csv",
]

#: Embedded-engine type names (schema.json) -> neo4j-admin header types.
ADMIN_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}
#: Array delimiters tried in order; the first that no array element contains wins.
ARRAY_DELIMITERS = (";", "|", "\x1f")
COMMAND_FILE = "import-command.txt"
_HEADER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
CONSTRAINTS_FILE = "constraints.cypher"


@dataclass
class CsvExport:
    """What :func:`write_neo4j_csv` wrote."""

    directory: Path
    node_files: dict[str, Path] = field(default_factory=dict)
    relationship_files: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    array_delimiter: str = ";"
    command: str = ""


def admin_type(typ: str) -> str:
    """The neo4j-admin header type of a schema type.

    >>> admin_type("INT64[]"), admin_type("STRING")
    ('long[]', 'string')
    """
    base = typ.removesuffix("[]")
    return ADMIN_TYPES[base] + ("[]" if typ.endswith("[]") else "")


def value_kind(value: Any) -> str | None:
    """Schema type of one (already storable) value; ``None`` for no value.

    >>> value_kind([1, 2]), value_kind(True), value_kind(None)
    ('INT64[]', 'BOOLEAN', None)
    """
    if isinstance(value, list):
        return _infer(value) + "[]" if value else "STRING[]"
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INT64"
    if isinstance(value, float):
        return "DOUBLE"
    return None if value is None else "STRING"


def resolve_kinds(kinds: Iterable[str]) -> str:
    """The one column type for values of these kinds: ints widen to doubles, any other mix is a string."""
    kinds = set(kinds)
    if kinds <= {"INT64", "DOUBLE"} and "DOUBLE" in kinds:
        return "DOUBLE"
    if kinds <= {"INT64[]", "DOUBLE[]"} and "DOUBLE[]" in kinds:
        return "DOUBLE[]"
    return kinds.pop() if len(kinds) == 1 else "STRING"


def _infer(values: Iterable[Any]) -> str:
    """Schema type of an extra property, from its (already storable) values."""
    return resolve_kinds(k for k in map(value_kind, values) if k is not None)


def delimiter_candidates(arrays: Iterable[list[Any]], candidates: Iterable[str] = ARRAY_DELIMITERS) -> tuple[str, ...]:
    """Those of *candidates* (in order) that occur in no string element of *arrays*.

    A union of arrays allows the candidates both parts allow, so a writer can
    keep the candidates of the rows it wrote and narrow them with new rows.

    >>> delimiter_candidates([["a;b", "c"]])
    ('|', '\\x1f')
    """
    # one scan of the elements joined by a character that is not a candidate, not one per element
    text = "\n".join(item for array in arrays for item in array if isinstance(item, str))
    return tuple(d for d in candidates if d not in text)


def choose_array_delimiter(arrays: Iterable[list[Any]]) -> str:
    """The first of :data:`ARRAY_DELIMITERS` that occurs in no element of *arrays*.

    >>> choose_array_delimiter([["a;b", "c"]])
    '|'
    """
    candidates = delimiter_candidates(arrays)
    if not candidates:
        raise ExportError("every array delimiter neo4j-admin could use (; | U+001F) occurs inside an array "
                          "element; the graph cannot be written as neo4j-admin CSV (use `kg load neo4j`)")
    return candidates[0]


def _cell(value: Any, typ: str, delimiter: str) -> Any:
    if value is None:
        return ""
    if typ.endswith("[]"):
        return delimiter.join(_cell(v, typ[:-2], delimiter) for v in value)
    if typ == "BOOLEAN":
        return "true" if value else "false"
    if typ == "STRING" and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    return repr(float(value)) if typ == "DOUBLE" else str(value)


def add_kinds(kinds: dict[str, set[str]], fixed: Mapping[str, str], row: Mapping[str, Any], *,
              skip_private: bool = False) -> None:
    """Record in *kinds* the kinds of *row*'s values outside the *fixed* columns (``_start`` and such with
    *skip_private*): what :func:`columns` needs, gathered row by row so that rows can be streamed."""
    for key, value in row.items():
        if key not in fixed and not (skip_private and key[0] == "_"):
            kind = value_kind(value)
            seen = kinds.setdefault(key, set())
            if kind is not None:
                seen.add(kind)


def columns(fixed: Mapping[str, str], kinds: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The schema's *fixed* columns, then the extra properties (sorted), each typed by the kinds of its values."""
    cols = dict(fixed)
    for key in sorted(set(kinds) - set(cols)):
        if not _HEADER_NAME.match(key):
            raise ExportError(f"property name {key!r} cannot be a neo4j-admin CSV header field "
                              "(letters, digits and _ only); use `kg load neo4j` for this graph")
        cols[key] = resolve_kinds(kinds[key])
    return cols


def _columns(fixed: dict[str, str], rows: list[dict[str, Any]], *, skip_private: bool = False) -> dict[str, str]:
    kinds: dict[str, set[str]] = {}
    for row in rows:
        add_kinds(kinds, fixed, row, skip_private=skip_private)
    return columns(fixed, kinds)


def node_row(node: Node) -> dict[str, Any]:
    """One node as the values of its CSV row (storable properties and ``id``)."""
    return {**node_props(node.label, node.properties), "id": node.id}


def relation_row(rel: Relation) -> dict[str, Any]:
    """One relation as the values of its CSV row (``_start``, ``_end`` and its storable properties)."""
    return {"_start": rel.source, "_end": rel.target, **edge_props(rel)}


def node_file(label: str) -> str:
    return f"nodes_{label}.csv"


def relationship_file(rel: str) -> str:
    return f"rels_{rel}.csv"


def node_header(label: str, cols: Mapping[str, str]) -> list[str]:
    return [f"id:ID({label})"] + [f"{k}:{admin_type(t)}" for k, t in cols.items() if k != "id"] + [":LABEL"]


def node_cells(label: str, cols: Mapping[str, str], row: Mapping[str, Any], delimiter: str) -> list[Any]:
    return [row["id"]] + [_cell(row.get(k), t, delimiter) for k, t in cols.items() if k != "id"] + [label]


def relationship_header(rel: str, ends: tuple[str, str], cols: Mapping[str, str]) -> list[str]:
    return ([f":START_ID({ends[0]})", f":END_ID({ends[1]})"] + [f"{k}:{admin_type(t)}" for k, t in cols.items()]
            + [":TYPE"])


def relationship_cells(rel: str, cols: Mapping[str, str], row: Mapping[str, Any], delimiter: str) -> list[Any]:
    return [row["_start"], row["_end"]] + [_cell(row.get(k), t, delimiter) for k, t in cols.items()] + [rel]


def _delimiter_label(delimiter: str) -> str:
    """neo4j-admin's ``U+XXXX`` spelling: needs no shell quoting, survives ``$(cat file)``."""
    return f"U+{ord(delimiter):04X}"


def import_command(node_files: Iterable[str], relationship_files: Iterable[str], *, database: str = "neo4j",
                   array_delimiter: str = ";") -> str:
    """The ``neo4j-admin database import full`` command line for these files (shell-quoted).

    >>> import_command(["nodes_Paper.csv"], ["rels_HAS_CODE.csv"])  # doctest: +NORMALIZE_WHITESPACE
    'neo4j-admin database import full neo4j --nodes=nodes_Paper.csv --relationships=rels_HAS_CODE.csv
     --array-delimiter=U+003B --multiline-fields=true --legacy-style-quoting=false --id-type=string
     --overwrite-destination=true'
    """
    args = ["neo4j-admin", "database", "import", "full", database]
    args += [f"--nodes={f}" for f in node_files]
    args += [f"--relationships={f}" for f in relationship_files]
    args += [f"--array-delimiter={_delimiter_label(array_delimiter)}", "--multiline-fields=true",
             "--legacy-style-quoting=false", "--id-type=string", "--overwrite-destination=true"]
    return " ".join(shlex.quote(a) for a in args)


def _one_line_ends(row: list[Any]) -> list[Any]:
    """*row* with CR and CR LF inside cells made LF: :mod:`csv` quotes a cell holding LF, not one holding
    only CR, which a reader then takes for the end of the row."""
    if not any(isinstance(cell, str) and "\r" in cell for cell in row):
        return row
    return [cell.replace("\r\n", "\n").replace("\r", "\n") if isinstance(cell, str) else cell for cell in row]


class RowWriter:
    """CSV rows as neo4j-admin reads them (RFC 4180, LF line ends), onto a text file or a binary one.

    A binary file gets UTF-8 with a lone surrogate as U+FFFD, the bytes
    :func:`~kg.io.atomic_write` writes in text mode.
    """

    def __init__(self, fh: IO) -> None:
        self._fh = fh
        sink = fh if isinstance(fh, io.TextIOBase) else _Utf8Sink(fh)
        self._writer = csv.writer(sink, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")

    def row(self, cells: list[Any]) -> None:
        self._writer.writerow(_one_line_ends(cells))


class _Utf8Sink:
    def __init__(self, fh: IO[bytes]) -> None:
        self.write = lambda text: fh.write(utf8(text))


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with atomic_write(path) as fh:
        writer = RowWriter(fh)
        writer.row(header)
        for row in rows:
            writer.row(row)


def write_command_files(out: Path, node_files: Iterable[str], relationship_files: Iterable[str], *,
                        database: str, array_delimiter: str, prefix: str) -> str:
    """Write ``import-command.txt`` (for these files) and ``constraints.cypher`` into *out*; return the command."""
    command = import_command([prefix + f for f in node_files], [prefix + f for f in relationship_files],
                             database=database, array_delimiter=array_delimiter)
    with atomic_write(out / COMMAND_FILE) as fh:
        where = f"with the files under {prefix}" if prefix else "from this directory"
        fh.write(f"# run {where}, with the database stopped (see docs/neo4j.md)\n")
        fh.write(command + "\n")
    constraint = statements("neo4j")["constraint"].text
    with atomic_write(out / CONSTRAINTS_FILE) as fh:
        fh.writelines(render(constraint, label=label) + ";\n" for label in load_schema().nodes)
    return command


def check_directory(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a directory; neo4j-csv writes a directory of CSV files")


def write_neo4j_csv(kg: KnowledgeGraph, path: str | os.PathLike, *, database: str = "neo4j",
                    array_delimiter: str | None = None, prefix: str = "") -> CsvExport:
    """Write *kg* as neo4j-admin import CSV files into the directory *path*.

    Parameters
    ----------
    kg
        The graph.
    path
        Output directory (created).
    database
        Database name in the written command.
    array_delimiter
        Force an array delimiter instead of choosing a safe one.
    prefix
        Put before each file name in the command, e.g. ``/import/`` when the files are
        mounted there in a container (default: names relative to *path*).
    """
    check_graph(kg)
    schema = load_schema()
    out = Path(path)
    check_directory(out)
    nodes: dict[str, list[dict[str, Any]]] = {label: [] for label in schema.nodes}
    for node in kg.nodes(ordered=True):
        nodes[node.label].append(node_row(node))
    rels: dict[str, list[dict[str, Any]]] = {rel: [] for rel in schema.relationships}
    for rel in kg.relations(ordered=True):
        rels[rel.type].append(relation_row(rel))
    arrays = (v for rows in [*nodes.values(), *rels.values()] for row in rows for v in row.values()
              if isinstance(v, list))
    delimiter = array_delimiter or choose_array_delimiter(arrays)
    result = CsvExport(out, array_delimiter=delimiter)
    for label, rows in nodes.items():
        if not rows:
            continue
        cols = _columns(schema.nodes[label], rows)
        result.node_files[label] = out / node_file(label)
        _write_csv(result.node_files[label], node_header(label, cols),
                   (node_cells(label, cols, row, delimiter) for row in rows))
        result.rows[label] = len(rows)
    for rel, rows in rels.items():
        if not rows:
            continue
        cols = _columns(schema.relationship_properties, rows, skip_private=True)
        result.relationship_files[rel] = out / relationship_file(rel)
        _write_csv(result.relationship_files[rel], relationship_header(rel, schema.relationships[rel], cols),
                   (relationship_cells(rel, cols, row, delimiter) for row in rows))
        result.rows[rel] = len(rows)
    result.command = write_command_files(out, [p.name for p in result.node_files.values()],
                                         [p.name for p in result.relationship_files.values()],
                                         database=database, array_delimiter=delimiter, prefix=prefix)
    return result
