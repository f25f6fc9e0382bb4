"""neo4j-admin CSV streamed from the graph store, and appended to by ``kg build --store --update``.

The files are those of :func:`~exports.neo4j_csv.write_neo4j_csv` for the same
graph, with the same headers and the same rows (in another order: paper by
paper). ``Paper`` and ``Result`` node files and every relationship file (every
relation starts at a paper or a result) are written paper by paper from
:meth:`~kg.store.GraphStore.papers`; the entity files from the merged entities.
Memory is bounded by the entities.

Two things in a file depend on the whole graph: its header (an extra property
found on one row adds a column, typed by every row's value) and the array
delimiter (the first that no array element anywhere contains). A full write
therefore writes with a guess (the recorded state, else the first delimiter
the entities and the relations' JSON text leave free) while gathering the
facts, and if the guess was wrong, discards the files and writes again with
the facts. An update gathers the new papers' facts first: when the headers of
the files it would append to and the delimiter stay what they were, it appends
the new papers' rows (:class:`kg.appendable.FileSet`) and rewrites the entity
files, import-command.txt and constraints.cypher whole; otherwise, or when any
file is not the recorded one, it rewrites everything.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.neo4j_csv import (
    ARRAY_DELIMITERS,
    COMMAND_FILE,
    CONSTRAINTS_FILE,
    RowWriter,
    add_kinds,
    check_directory,
    columns,
    delimiter_candidates,
    node_cells,
    node_file,
    node_header,
    node_row,
    relation_row,
    relationship_cells,
    relationship_file,
    relationship_header,
    write_command_files,
)
from exports.neo4j_schema import Schema, check_graph, load_schema
from exports.rdf_stream import entity_view, paper_views
from kg.appendable import FileSet
from kg.errors import ExportError
from kg.graph import Node, Relation
from kg.io import utf8
from kg.store import GraphStore

__all__ = ["KEY", "write_store_neo4j_csv"]

KEY = "neo4j-csv"  #: the record of the files in the store (:class:`~kg.appendable.FileSet`)
SAMPLE = 500  #: node rows (papers and results) of the last papers read to guess the layout of a full write


@dataclass
class _Facts:
    """What the headers and the delimiter depend on, gathered from the rows of the papers' files."""

    kinds: dict[str, dict[str, set[str]]] = field(default_factory=dict)  #: file -> extra property -> kinds
    candidates: tuple[str, ...] = ARRAY_DELIMITERS  #: delimiters no array element of these rows holds
    rows: Counter = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {"kinds": {f: {k: sorted(v) for k, v in ks.items()} for f, ks in self.kinds.items()},
                "candidates": list(self.candidates)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Facts:
        return cls({f: {k: set(v) for k, v in ks.items()} for f, ks in data["kinds"].items()},
                   tuple(data["candidates"]))

    def merged(self, other: _Facts) -> _Facts:
        kinds = {f: {k: set(v) for k, v in ks.items()} for f, ks in self.kinds.items()}
        for name, ks in other.kinds.items():
            for key, seen in ks.items():
                kinds.setdefault(name, {}).setdefault(key, set()).update(seen)
        return _Facts(kinds, tuple(d for d in self.candidates if d in other.candidates), self.rows + other.rows)


@dataclass(frozen=True)
class _Layout:
    """The headers' columns of the papers' files and the array delimiter to write them with."""

    delimiter: str
    columns: dict[str, dict[str, str]]  #: file -> columns (files with no extra property are left out)

    def of(self, name: str, fixed: dict[str, str]) -> dict[str, str]:
        return self.columns.get(name) or dict(fixed)


class _Mismatch(Exception):
    """The guessed layout was not the one the rows need (discard the files, write them again)."""


class _StoreView:
    """One paper's nodes and relations as :func:`~exports.neo4j_schema.check_graph` reads a graph."""

    def __init__(self, view, entity_labels: dict[str, str]) -> None:
        self._view, self._entity_labels = view, entity_labels

    def nodes(self) -> Iterator[Node]:
        return self._view.nodes()

    def relations(self) -> Iterator[Relation]:
        return self._view.relations()

    def label_of(self, node_id: str) -> str | None:
        return self._view.node(node_id).label if node_id in self._view else self._entity_labels.get(node_id)


_Row = tuple[str, str, dict[str, str], dict[str, Any], bool]  #: file, label or type, fixed columns, row, is a node


def _paper_rows(store: GraphStore, schema: Schema, entity_labels: dict[str, str], after: int | None) -> Iterator[_Row]:
    """Every row of the papers' files, paper by paper (with *after*, of the papers merged after that mark)."""
    for view in paper_views(store, after=after):
        check_graph(_StoreView(view, entity_labels))  # type: ignore[arg-type]
        for node in view.nodes():
            yield node_file(node.label), node.label, schema.nodes[node.label], node_row(node), True
        for rel in view.relations():
            yield relationship_file(rel.type), rel.type, schema.relationship_properties, relation_row(rel), False


def _gather(facts: _Facts, name: str, fixed: dict[str, str], row: dict[str, Any], is_node: bool) -> None:
    add_kinds(facts.kinds.setdefault(name, {}), fixed, row, skip_private=not is_node)
    facts.candidates = delimiter_candidates((v for v in row.values() if isinstance(v, list)), facts.candidates)
    facts.rows[name] += 1


def _layout(facts: _Facts, entity_candidates: tuple[str, ...], schema: Schema) -> _Layout:
    """The exact layout for rows with these facts (what the in-memory writer computes from all rows)."""
    free = [d for d in facts.candidates if d in entity_candidates]
    if not free:
        raise ExportError("every array delimiter neo4j-admin could use (; | U+001F) occurs inside an array "
                          "element; the graph cannot be written as neo4j-admin CSV (use `kg load neo4j`)")
    return _Layout(free[0], _columns_of(facts, schema))


def _columns_of(facts: _Facts, schema: Schema) -> dict[str, dict[str, str]]:
    """The columns of the papers' files that have extra properties."""
    fixed = _fixed_columns(schema)
    return {name: columns(fixed[name], kinds) for name, kinds in facts.kinds.items() if kinds}


def _fixed_columns(schema: Schema) -> dict[str, dict[str, str]]:
    files = {node_file(label): props for label, props in schema.nodes.items()}
    files.update({relationship_file(rel): schema.relationship_properties for rel in schema.relationships})
    return files


def _header(name: str, cols: dict[str, str], schema: Schema) -> bytes:
    for label in schema.nodes:
        if name == node_file(label):
            return _csv_bytes(node_header(label, cols))
    rel = next(r for r in schema.relationships if name == relationship_file(r))
    return _csv_bytes(relationship_header(rel, schema.relationships[rel], cols))


def _csv_bytes(cells: list[Any]) -> bytes:
    text = io.StringIO()
    RowWriter(text).row(cells)
    return utf8(text.getvalue())


def _write_papers(files: FileSet, rows: Iterable[_Row], layout: _Layout, schema: Schema) -> _Facts:
    """Write the papers' rows with *layout*; return the facts of the rows written."""
    facts, writers = _Facts(), {}
    for name, owner, fixed, row, is_node in rows:
        _gather(facts, name, fixed, row, is_node)
        if name not in writers:
            cols = layout.of(name, fixed)
            writers[name] = RowWriter(files.open(name, _header(name, cols, schema))), cols
        writer, cols = writers[name]
        writer.row((node_cells if is_node else relationship_cells)(owner, cols, row, layout.delimiter))
    return facts


def _entities(store: GraphStore, schema: Schema) -> tuple[dict[str, list[dict[str, Any]]], tuple[str, ...]]:
    """The entity rows by label (bounded: the entities are in memory anyway) and the delimiters they leave."""
    view = entity_view(store)
    check_graph(view)  # type: ignore[arg-type]  # labels outside the schema
    rows: dict[str, list[dict[str, Any]]] = {}
    for node in view.nodes():
        rows.setdefault(node.label, []).append(node_row(node))
    arrays = (v for group in rows.values() for row in group for v in row.values() if isinstance(v, list))
    return rows, delimiter_candidates(arrays)


def _write_entities(files: FileSet, rows: dict[str, list[dict[str, Any]]], delimiter: str, schema: Schema) -> None:
    for label in schema.nodes:
        if not rows.get(label):
            continue
        kinds: dict[str, set[str]] = {}
        for row in rows[label]:
            add_kinds(kinds, schema.nodes[label], row)
        cols = columns(schema.nodes[label], kinds)
        writer = RowWriter(files.open(node_file(label), _csv_bytes(node_header(label, cols)), whole=True))
        for row in rows[label]:
            writer.row(node_cells(label, cols, row, delimiter))


def _guess(store: GraphStore, files: FileSet, entity_candidates: tuple[str, ...], schema: Schema,
           labels: dict[str, str]) -> _Layout:
    """The layout of the last write if there is one, else that of the papers merged last (:data:`SAMPLE` node
    rows: extra properties such as a relation's ``names`` show up at once), with the first delimiter that
    neither they, the entities nor any relation's text holds (relations carry nearly all arrays)."""
    if files.state:
        try:
            return _layout(_Facts.from_json(files.state["facts"]), entity_candidates, schema)
        except ExportError:
            pass
    sample = _Facts()
    for name, _owner, fixed, row, is_node in _paper_rows(store, schema, labels, max(0, store.mark() - SAMPLE)):
        _gather(sample, name, fixed, row, is_node)
    allowed = [d for d in entity_candidates if d in sample.candidates] or list(entity_candidates) or [";"]
    free = [d for d in allowed if not store.edges_contain(d)] or allowed
    return _Layout(free[0], _columns_of(sample, schema))


def _finish(files: FileSet, store: GraphStore, out: Path, schema: Schema, facts: _Facts, layout: _Layout,
            entities: dict[str, list[dict[str, Any]]], *, database: str, prefix: str) -> None:
    _write_entities(files, entities, layout.delimiter, schema)
    files.state = {"facts": facts.to_json(), "delimiter": layout.delimiter, "command": [database, prefix]}
    write_command_files(out, *_command_names(files.names(), schema), database=database,
                        array_delimiter=layout.delimiter, prefix=prefix)


def write_store_neo4j_csv(store: GraphStore, target_dir: str | os.PathLike, *, append: bool = False,
                          database: str = "neo4j", prefix: str = "") -> str:
    """Write the store's graph as neo4j-admin CSV into *target_dir*; with *append*, add only the new papers.

    Returns ``"written"`` (every file, atomically each), ``"appended"`` or
    ``"unchanged"``; the files' state is recorded in the store, which the caller
    commits. *database* and *prefix* are those of
    :func:`~exports.neo4j_csv.write_neo4j_csv`.
    """
    out = Path(target_dir)
    check_directory(out)
    schema = load_schema()
    files = FileSet(store, out, KEY)
    if append and files.unchanged():  # the CSV files are final; the command files are rewritten only if needed
        if files.state.get("command") != [database, prefix] or not all(
                (out / name).is_file() for name in (COMMAND_FILE, CONSTRAINTS_FILE)):
            write_command_files(out, *_command_names(files.recorded["sizes"], schema), database=database,
                                array_delimiter=files.state["delimiter"], prefix=prefix)
        return "unchanged"
    entities, entity_candidates = _entities(store, schema)
    labels = {row["id"]: label for label, group in entities.items() for row in group}
    if append and files.current():
        old = _Facts.from_json(files.state["facts"])
        new = _Facts()
        for name, _owner, fixed, row, is_node in _paper_rows(store, schema, labels, files.recorded["mark"]):
            _gather(new, name, fixed, row, is_node)
        facts = old.merged(new)
        try:
            layout = _layout(facts, entity_candidates, schema)
        except ExportError:
            layout = None
        recorded, before = set(files.recorded["sizes"]), _columns_of(old, schema)
        # the old rows' arrays were joined with the recorded delimiter, under the recorded headers
        if layout is not None and layout.delimiter == files.state["delimiter"] and all(
                layout.columns.get(name) == before.get(name) for name in new.rows if name in recorded):
            with files.writing(append=True):
                _write_papers(files, _paper_rows(store, schema, labels, files.recorded["mark"]), layout, schema)
                _finish(files, store, out, schema, facts, layout, entities, database=database, prefix=prefix)
            return "appended"
    layout = _guess(store, files, entity_candidates, schema, labels)
    try:
        _write_all(files, store, out, schema, layout, entities, entity_candidates, labels,
                   database=database, prefix=prefix)
    except _Mismatch as mismatch:
        _write_all(files, store, out, schema, mismatch.args[0], entities, entity_candidates, labels,
                   database=database, prefix=prefix)
    return "written"


def _write_all(files: FileSet, store: GraphStore, out: Path, schema: Schema, layout: _Layout,
               entities: dict[str, list[dict[str, Any]]], entity_candidates: tuple[str, ...],
               labels: dict[str, str], *, database: str, prefix: str) -> None:
    """Every file whole with *layout*; raise :class:`_Mismatch` (with the right layout) if the rows need another."""
    with files.writing(append=False):
        facts = _write_papers(files, _paper_rows(store, schema, labels, None), layout, schema)
        exact = _layout(facts, entity_candidates, schema)
        if exact != layout:
            raise _Mismatch(exact)
        _finish(files, store, out, schema, facts, layout, entities, database=database, prefix=prefix)


def _command_names(written: Iterable[str], schema: Schema) -> tuple[list[str], list[str]]:
    """The files in the command, in the in-memory writer's order (the schema's)."""
    names = set(written)
    return ([node_file(label) for label in schema.nodes if node_file(label) in names],
            [relationship_file(rel) for rel in schema.relationships if relationship_file(rel) in names])
