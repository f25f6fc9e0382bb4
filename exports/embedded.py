"""Cypher without a server: graph.json in an embedded, in-process graph database.

The engine is `LadybugDB <https://ladybugdb.com>`_ (PyPI ``ladybug``), the maintained
fork of Kùzu. It speaks openCypher but needs a schema up front, so tables are made
from ``exports/cypher/schema.json``: one node table per label (primary key ``id``),
one relationship table per type. Node properties outside the schema are kept as a
JSON string in an ``extra`` column. Statements live in ``exports/cypher/embedded.cypher``.

Where its Cypher differs from Neo4j's is listed in ``docs/neo4j.md``; the example
questions (``exports/cypher/examples.cypher``) keep to the common subset.

>>> from kg.graph import KnowledgeGraph, Node, Relation
>>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
>>> conn = load_embedded(kg)
>>> run_query(conn, "MATCH (d:Dataset) RETURN d.name AS name").rows
[['COCO']]
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Node, Relation
from exports import embedded_copy
from exports.cypher_text import return_columns
from exports.safe_text import cleaned, encodable
from exports.neo4j_schema import (
    NodeValue,
    QueryResult,
    RelationshipValue,
    batched,
    check_graph,
    edge_props,
    load_schema,
    node_props,
    render,
    statements,
)

__all__ = [
    "ENGINE",
    "EmbeddedQueryError",
    "EmbeddedLoad",
    "create_schema",
    "node_rows",
    "edge_rows",
    "load_embedded",
    "load_items",
    "node_row",
    "edge_row",
    "run_query",
    "count_embedded",
]

#: The PyPI distribution providing the engine.
ENGINE = "ladybug"
_EXTRA = "extra"


class EmbeddedQueryError(ExportError):
    """The embedded engine rejected a query."""


@dataclass
class EmbeddedLoad:
    """Timing of one load into the embedded engine."""

    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    source: str = ""  #: what the rows were read from, when not a graph in memory ("graph.store")


def _column_defs(props: dict[str, str]) -> list[str]:
    return [f"{name} {typ}" for name, typ in props.items()] + [f"{_EXTRA} STRING"]


def _values(props: dict[str, str], skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(property, typed parameter expression) for every column but *skip*."""
    return [(name, f"row.{name}" if typ == "STRING" else f"CAST(row.{name} AS {typ})")
            for name, typ in [*props.items(), (_EXTRA, "STRING")] if name not in skip]


def _assignments(var: str, props: dict[str, str], skip: tuple[str, ...] = ()) -> list[str]:
    return [f"{var}.{name} = {value}" for name, value in _values(props, skip)]


def _tables(conn: Any) -> set[str]:
    result = conn.execute("CALL show_tables() RETURN name")
    names = set()
    while result.has_next():
        names.add(result.get_next()[0])
    return names


def create_schema(conn: Any) -> bool:
    """Create the node and relationship tables of the paperkg schema (if missing).

    Returns True when the database had none of them (a fresh database).
    """
    schema = load_schema()
    stmts = statements("embedded")
    fresh = not (_tables(conn) & {*schema.nodes, *schema.relationships})
    for label, props in schema.nodes.items():
        conn.execute(render(stmts["create_node_table"].text, label=label, columns=_column_defs(props)))
    for rel in schema.relationships:
        conn.execute(render(stmts["create_rel_table"].text, rel_type=rel,
                            columns=_column_defs(schema.relationship_properties)))
    return fresh


def _typed_row(props: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    row = {name: props.get(name) for name in types}
    extra = {k: v for k, v in props.items() if k not in types}
    row[_EXTRA] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return row


def node_row(node: Node, *, clean: bool = True) -> dict[str, Any]:
    """One node's row: every schema column of its label, plus ``extra`` (cleaned for UTF-8 unless not *clean*)."""
    types, data = load_schema().nodes[node.label], node.properties
    typed = node_props(node.label, {k: v for k, v in data.items() if k in types})
    row = _typed_row({**typed, **{k: v for k, v in data.items() if k not in types}, "id": node.id}, types)
    return cleaned(row, encodable) if clean else row  # the engine takes UTF-8: no lone surrogates


def edge_row(rel: Relation, *, clean: bool = True) -> dict[str, Any]:
    """One relationship's row: ``source``, ``target`` and the properties (cleaned for UTF-8 unless not *clean*)."""
    row = {"source": rel.source, "target": rel.target, **_typed_row(edge_props(rel), load_schema().relationship_properties)}
    return cleaned(row, encodable) if clean else row


def node_rows(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    """Parameter rows per label, sorted by id: every schema column, plus ``extra``."""
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in load_schema().nodes}
    for node in kg.nodes(ordered=True):
        rows[node.label].append(node_row(node))
    return rows


def edge_rows(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    """Parameter rows per relationship type: ``source``, ``target`` and the properties."""
    rows: dict[str, list[dict[str, Any]]] = {rel: [] for rel in load_schema().relationships}
    for rel in kg.relations(ordered=True):
        rows[rel.type].append(edge_row(rel))
    return rows


def _connect(database: str | None) -> Any:
    return _connect_path(database)


def _connect_path(database: str | None, *, read_only: bool = False) -> Any:
    """A connection to a new or existing database at *database* (``None``: in memory)."""
    import ladybug  # the engine: imported only by the commands that use it (it loads a native library)

    db = ladybug.Database(database, read_only=read_only)
    return ladybug.Connection(db)


def load_embedded(kg: KnowledgeGraph, *, database: str | None = None, batch_size: int = 1000,
                  conn: Any = None, report: EmbeddedLoad | None = None,
                  on_batch: Callable[[str, int], None] | None = None) -> Any:
    """Load *kg* into an embedded database and return a connection to it.

    A fresh database is bulk-loaded (:func:`load_items`: CSV files and ``COPY``); one that
    already has the tables is merged into (``UNWIND ... MERGE``), idempotently, as on Neo4j.

    Parameters
    ----------
    kg
        The graph to load.
    database
        A directory for an on-disk database; ``None`` keeps it in memory.
    batch_size
        Rows per ``UNWIND ... MERGE`` statement (merging into an existing database).
    conn
        An existing connection to load into.
    report
        Filled with counts, batches and seconds when given.
    on_batch
        Called after each batch (or table copied) with the label or type and the rows done.
    """
    check_graph(kg)
    started = time.perf_counter()
    report = report if report is not None else EmbeddedLoad()
    conn = conn or _connect(database)
    if create_schema(conn):
        return load_items(itertools.chain(kg.nodes(), kg.relations()), conn=conn, database=database,
                          report=report, on_batch=on_batch)
    schema = load_schema()
    stmts = statements("embedded")
    all_nodes, all_edges = node_rows(kg), edge_rows(kg)
    rel_props = schema.relationship_properties
    for label, props in schema.nodes.items():
        cypher = render(stmts["merge_nodes"].text, label=label, assignments=_assignments("n", props, ("id",)))
        report.nodes += _run_batches(conn, cypher, all_nodes[label], batch_size, report, label, on_batch)
    for rel in schema.relationships:
        cypher = render(stmts["merge_relationships"].text, rel_type=rel, assignments=_assignments("r", rel_props))
        report.relationships += _run_batches(conn, cypher, all_edges[rel], batch_size, report, rel, on_batch)
    report.seconds = time.perf_counter() - started
    return conn


def load_items(items: Iterable[Node | Relation], *, conn: Any = None, database: str | None = None,
               report: EmbeddedLoad | None = None, on_batch: Callable[[str, int], None] | None = None) -> Any:
    """Bulk-load *items*, nodes and relations in any order (a stream: none is held), into a fresh database.

    Rows go to one CSV file per table (:mod:`exports.embedded_copy`), in a scratch directory
    beside the database that is removed afterwards, then each table is copied in. Labels and
    types outside the schema raise :class:`ExportError`; a relationship whose end is not a node
    of its table makes the engine reject the load.
    """
    started = time.perf_counter()
    report = report if report is not None else EmbeddedLoad()
    schema = load_schema()
    conn = conn or _connect(database)
    create_schema(conn)
    scratch = embedded_copy.scratch_directory(database)
    node_tables: dict[str, embedded_copy.TableCopy] = {}
    rel_tables: dict[str, embedded_copy.TableCopy] = {}
    try:
        ends = [("source", "STRING"), ("target", "STRING")]
        node_tables = {label: embedded_copy.TableCopy(scratch, label, [*props.items(), (_EXTRA, "STRING")], 1)
                       for label, props in schema.nodes.items()}
        rel_columns = [*ends, *schema.relationship_properties.items(), (_EXTRA, "STRING")]
        rel_tables = {rel: embedded_copy.TableCopy(scratch, rel, rel_columns, 2) for rel in schema.relationships}
        for item in items:
            if isinstance(item, Relation):
                if item.type not in rel_tables:
                    raise ExportError(f"edge {item.source!r} -> {item.target!r} has type {item.type!r}, "
                                      "which is not in the paperkg schema")
                rel_tables[item.type].write(edge_row(item, clean=False))  # the CSV writer cleans
            elif item.label in node_tables:
                node_tables[item.label].write(node_row(item, clean=False))
            else:
                raise ExportError(f"node {item.id!r} has label {item.label!r}, which is not in the paperkg schema "
                                  f"({', '.join(schema.nodes)}); rebuild the graph with `kg build`")
        tables = [*node_tables.values(), *rel_tables.values()]
        report.batches += embedded_copy.copy_tables(conn, tables, _execute, on_batch)
    finally:
        for table in [*node_tables.values(), *rel_tables.values()]:
            table.close()
        embedded_copy.remove(scratch)
    report.nodes += sum(t.rows for t in node_tables.values())
    report.relationships += sum(t.rows for t in rel_tables.values())
    report.seconds = time.perf_counter() - started
    return conn


def _run_batches(conn: Any, cypher: str, rows: list[dict[str, Any]], batch_size: int, report: EmbeddedLoad,
                 name: str, on_batch: Callable[[str, int], None] | None) -> int:
    """Run *cypher* once per batch of *rows* (as ``$rows``); returns how many rows."""
    for batch in batched(rows, batch_size):
        _execute(conn, cypher, {"rows": list(batch)})
        report.batches += 1
        if on_batch:
            on_batch(name, len(batch))
    return len(rows)


def _execute(conn: Any, cypher: str, params: dict[str, Any] | None = None) -> Any:
    try:
        return conn.execute(cypher, params or {})
    except RuntimeError as exc:
        raise EmbeddedQueryError(f"the embedded Cypher engine ({ENGINE}) rejected the query: {exc}. "
                                 "Its dialect differs from Neo4j's in places: see docs/neo4j.md") from None


def _properties_of(value: dict[str, Any]) -> dict[str, Any]:
    """A node's or relationship's properties: the set columns, with the ``extra`` JSON column unpacked."""
    props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and k != _EXTRA and v is not None}
    if value.get(_EXTRA):
        props.update(json.loads(value[_EXTRA]))
    return props


def _plain(value: Any) -> Any:
    """Engine values as plain Python: nodes, relationships and paths as on Neo4j (see :mod:`exports.neo4j`)."""
    if isinstance(value, dict):
        if "_NODES" in value:  # a path: its nodes, as the Neo4j adapter gives it
            return [_plain(node) for node in value["_NODES"]]
        if "_SRC" in value and "_LABEL" in value:
            return RelationshipValue(value["_LABEL"], _properties_of(value))
        if "_LABEL" in value:
            return NodeValue((value["_LABEL"],), _properties_of(value))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def run_query(conn: Any, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
    """Run one Cypher query on the embedded engine and return its columns and rows.

    Columns are named as Neo4j names them (the alias, else the expression as
    written: ``count(r)``, not the engine's ``COUNT(r._ID)``).
    """
    result = _execute(conn, cypher, params)
    if isinstance(result, list):  # several statements: answer with the last one
        result = result[-1]
    columns = list(result.get_column_names())
    written = return_columns(cypher)
    if written is not None and len(written) == len(columns):
        columns = written
    rows = []
    while result.has_next():
        rows.append([_plain(v) for v in result.get_next()])
    return QueryResult(columns, rows)


def count_embedded(conn: Any) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type in the embedded database."""
    schema = load_schema()
    stmts = statements("embedded")
    nodes = {label: run_query(conn, render(stmts["count_nodes"].text, label=label)).rows[0][0]
             for label in schema.nodes}
    edges = {rel: run_query(conn, render(stmts["count_relationships"].text, rel_type=rel)).rows[0][0]
             for rel in schema.relationships}
    return {"nodes": nodes, "edges": edges}
