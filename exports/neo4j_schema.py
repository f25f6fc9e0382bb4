"""The property-graph schema and Cypher statement files shared by the Neo4j exporters.

Three consumers read the same data files in ``exports/cypher/``: the Neo4j loader
(:mod:`exports.neo4j`), the embedded engine (:mod:`exports.embedded`) and the
neo4j-admin CSV writer (:mod:`exports.neo4j_csv`).

Statements are kept as named blocks in ``.cypher`` files. Labels and relationship
types cannot be Cypher parameters, so templates carry placeholders (``__LABEL__``,
``__TYPE__``, ...) that :func:`render` fills *only* with names from the fixed
whitelist in ``schema.json``; every value travels as a query parameter.

>>> schema = load_schema()
>>> schema.relationships["EVALUATES_ON"]
('Paper', 'Dataset')
>>> render(statements("neo4j")["count_nodes"].text, label="Dataset")
'MATCH (n:Dataset)\\nRETURN count(n) AS n'
>>> render("MATCH (n:__LABEL__) RETURN n", label="Dataset) DETACH DELETE (x")
Traceback (most recent call last):
...
kg.errors.ExportError: 'Dataset) DETACH DELETE (x' is not a label of the paperkg schema ...
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Relation
from kg.model import NODE_LABELS, RELATIONS

__all__ = [
    "RESULT_LINKS",
    "REL_TYPES",
    "Schema",
    "Statement",
    "QueryResult",
    "NodeValue",
    "RelationshipValue",
    "cypher_literal",
    "load_schema",
    "statements",
    "examples",
    "render",
    "batched",
    "node_props",
    "edge_props",
    "neo4j_value",
    "check_graph",
]

#: Result -> entity relationships (made by :meth:`KnowledgeGraph.add_fragment`).
RESULT_LINKS: tuple[str, ...] = ("OF_METRIC", "ON_DATASET", "OF_METHOD")
#: Every relationship type the exporters accept.
REL_TYPES: tuple[str, ...] = tuple(dict.fromkeys([*RELATIONS.values(), *RESULT_LINKS]))
#: Node attributes that are merge bookkeeping, not properties (``label`` becomes the label).

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_PLACEHOLDER = re.compile(r"__([A-Z]+)__")
_SCALARS = (str, bool, int, float)
_TYPES = frozenset({"STRING", "INT64", "DOUBLE", "BOOLEAN"})


@dataclass(frozen=True)
class Schema:
    """Typed node properties per label, endpoints per relationship type, relationship properties."""

    nodes: dict[str, dict[str, str]]
    relationships: dict[str, tuple[str, str]]
    relationship_properties: dict[str, str]


@dataclass(frozen=True)
class Statement:
    """One named Cypher block of a ``.cypher`` data file."""

    name: str
    text: str
    description: str = ""
    params: dict[str, Any] = field(default_factory=dict)


def cypher_literal(value: Any) -> str:
    """*value* written as a Cypher literal, the way cypher-shell prints it.

    >>> cypher_literal({"name": "COCO", "aliases": ["MS COCO"], "year": None})
    '{name: "COCO", aliases: ["MS COCO"], year: NULL}'
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (NodeValue, RelationshipValue)):
        return str(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _key(name: str) -> str:
    return name if _IDENT.match(name) else f"`{name}`"


@dataclass(frozen=True)
class NodeValue:
    """A node in a query answer: its labels and properties, shown as ``(:Label {id: "..."})``."""

    labels: tuple[str, ...]
    properties: dict[str, Any]

    def __str__(self) -> str:
        labels = "".join(f":{label}" for label in self.labels)
        return f"({labels} {cypher_literal(self.properties)})" if self.properties else f"({labels})"

    def to_json(self) -> dict[str, Any]:
        """``{"labels": [...], "properties": {...}}``: the node in ``--format json``."""
        return {"labels": list(self.labels), "properties": self.properties}


@dataclass(frozen=True)
class RelationshipValue:
    """A relationship in a query answer: its type and properties, shown as ``[:TYPE {count: 2}]``."""

    type: str
    properties: dict[str, Any]

    def __str__(self) -> str:
        return f"[:{self.type} {cypher_literal(self.properties)}]" if self.properties else f"[:{self.type}]"

    def to_json(self) -> dict[str, Any]:
        """``{"type": ..., "properties": {...}}``: the relationship in ``--format json``."""
        return {"type": self.type, "properties": self.properties}


@dataclass(frozen=True)
class QueryResult:
    """The answer to a Cypher query: column names and rows of plain Python values.

    Nodes and relationships come back as :class:`NodeValue` and
    :class:`RelationshipValue` (paths as lists of nodes), from either engine.
    """

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def _read(name: str) -> str:
    return resources.files("exports").joinpath("cypher", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read ``exports/cypher/schema.json`` and check it against :mod:`kg.model`."""
    data = json.loads(_read("schema.json"))
    schema = Schema(
        nodes={label: dict(props) for label, props in data["nodes"].items()},
        relationships={rel: (ends[0], ends[1]) for rel, ends in data["relationships"].items()},
        relationship_properties=dict(data["relationship_properties"]),
    )
    if set(schema.nodes) != set(NODE_LABELS) or set(schema.relationships) != set(REL_TYPES):
        raise ExportError("exports/cypher/schema.json is out of step with kg.model NODE_LABELS / RELATIONS; "
                          "update the schema file")
    tables = [*schema.nodes.values(), schema.relationship_properties]
    bad = [f"{name} {typ}" for props in tables for name, typ in props.items()
           if not _IDENT.match(name) or typ.removesuffix("[]") not in _TYPES]
    if bad:  # property names go into DDL text: plain identifiers and known types only
        raise ExportError(f"exports/cypher/schema.json: {', '.join(bad)}: not a plain name with a known type")
    return schema


def _parse_blocks(text: str) -> Iterator[Statement]:
    header: dict[str, str] = {}
    body: list[str] = []

    def flush() -> Statement | None:
        query = "\n".join(body).strip().rstrip(";").strip()
        if "name" not in header or not query:
            return None
        return Statement(header["name"], query, header.get("description", ""),
                         json.loads(header.get("params") or "{}"))

    for line in text.splitlines():
        match = re.match(r"^//\s*(name|description|params):\s*(.*)$", line)
        if match:
            if match.group(1) == "name" and body:
                done = flush()
                if done:
                    yield done
                header, body = {}, []
            header[match.group(1)] = match.group(2).strip()
        elif not line.startswith("//") and "name" in header:
            body.append(line)
    done = flush()
    if done:
        yield done


@lru_cache(maxsize=None)
def statements(kind: str) -> dict[str, Statement]:
    """The named statements of ``exports/cypher/<kind>.cypher`` (``neo4j``, ``embedded``, ``examples``)."""
    return {s.name: s for s in _parse_blocks(_read(f"{kind}.cypher"))}


def examples() -> dict[str, Statement]:
    """The canned questions of ``kg query --examples``, in file order."""
    return statements("examples")


def _checked(kind: str, value: str, allowed: Iterable[str]) -> str:
    if value not in set(allowed) or not _IDENT.match(value):
        raise ExportError(f"{value!r} is not a {kind} of the paperkg schema (exports/cypher/schema.json); "
                          "refusing to put it into Cypher text")
    return value


def render(template: str, *, label: str | None = None, rel_type: str | None = None,
           columns: Sequence[str] = (), assignments: Sequence[str] = (), properties: Sequence[str] = ()) -> str:
    """Fill a statement's placeholders with whitelisted names.

    ``__LABEL__``, ``__FROM__``, ``__TO__`` and ``__CONSTRAINT__`` come from *label* or
    *rel_type*'s endpoints; ``__COLUMNS__`` / ``__SET__`` / ``__PROPS__`` from *columns* /
    *assignments* / *properties*, which callers build from :func:`load_schema` names only.
    """
    schema = load_schema()
    values: dict[str, str] = {}
    if label is not None:
        values["LABEL"] = _checked("label", label, schema.nodes)
        values["CONSTRAINT"] = f"paperkg_{label.lower()}_id"
    if rel_type is not None:
        values["TYPE"] = _checked("relationship type", rel_type, schema.relationships)
        values["FROM"], values["TO"] = schema.relationships[rel_type]
    values["COLUMNS"] = ", ".join(columns)
    values["SET"] = ", ".join(assignments)
    values["PROPS"] = ", ".join(properties)

    def fill(match: re.Match) -> str:
        key = match.group(1)
        if not values.get(key):
            raise ExportError(f"statement placeholder __{key}__ has no value")
        return values[key]

    return _PLACEHOLDER.sub(fill, template)


def batched(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of at most *size* rows.

    >>> [list(b) for b in batched([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    if size < 1:
        raise ExportError(f"batch size must be at least 1, not {size}")
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _homogeneous_scalars(value: list) -> bool:
    kinds = {type(v) for v in value}
    return all(isinstance(v, _SCALARS) for v in value) and (len(kinds) <= 1 or kinds <= {int, float})


def neo4j_value(key: str, value: Any) -> tuple[str, Any] | None:
    """A property Neo4j can store: scalars and homogeneous lists as they are, anything else as JSON.

    Neo4j properties cannot hold maps, nulls or mixed lists; those become a JSON
    string under ``<key>_json``. ``None`` and NaN mean "no property".

    >>> neo4j_value("aliases", ["COCO", "MS COCO"])
    ('aliases', ['COCO', 'MS COCO'])
    >>> neo4j_value("links", {"wikidata": "Q1"})
    ('links_json', '{"wikidata": "Q1"}')
    >>> neo4j_value("year", None) is None
    True
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, _SCALARS):
        return key, value
    if isinstance(value, (list, tuple)) and _homogeneous_scalars(list(value)):
        if {type(v) for v in value} == {int, float}:  # Neo4j arrays hold one type: widen to float
            return key, [float(v) for v in value]
        return key, list(value)
    return f"{key}_json", json.dumps(value, ensure_ascii=False, sort_keys=True)


def _coerce(value: Any, typ: str) -> Any:
    if value is None:
        return None
    base = typ.removesuffix("[]")
    convert = {"INT64": int, "DOUBLE": float, "BOOLEAN": bool, "STRING": str}[base]
    if typ.endswith("[]"):
        items = value if isinstance(value, (list, tuple)) else [value]
        return [convert(v) for v in items if v is not None]
    return convert(value)


def node_props(label: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    """Storable properties of a node of *label* (schema properties typed, extras as :func:`neo4j_value`)."""
    types = load_schema().nodes[label]
    props: dict[str, Any] = {}
    for key, value in properties.items():
        if key in types:
            value = _coerce(value, types[key])
        item = neo4j_value(key, value)
        if item is not None:
            props[item[0]] = item[1]
    return props


def edge_props(rel: Relation) -> dict[str, Any]:
    """Storable properties of one relationship: count, confidence and its evidence.

    Evidence is stored twice: as parallel arrays (``ev_surface[i]``, ``ev_start[i]``, ...;
    unknown offsets are -1) for querying, and verbatim as ``evidence_json``.

    >>> from kg.model import Evidence
    >>> p = edge_props(Relation("title:1", "method:bert", "USES", (Evidence("BERT", None, None, "", "x", 0.9),)))
    >>> p["ev_surface"], p["ev_start"], p["count"]
    (['BERT'], [-1], 1)
    """
    evidence = rel.evidence
    props: dict[str, Any] = {
        "count": rel.count,
        "confidence": rel.confidence,
        "evidence_json": json.dumps([e.to_dict() for e in evidence], ensure_ascii=False, sort_keys=True),
        "ev_surface": [e.surface for e in evidence],
        "ev_sentence": [e.sentence for e in evidence],
        "ev_start": [-1 if e.start is None else int(e.start) for e in evidence],
        "ev_end": [-1 if e.end is None else int(e.end) for e in evidence],
        "ev_extractor": [e.extractor for e in evidence],
        "ev_confidence": [e.confidence for e in evidence],
    }
    for key, value in rel.to_dict().items():
        if key not in ("evidence", "count", "confidence") and key not in props:
            item = neo4j_value(key, value)
            if item is not None:
                props[item[0]] = item[1]
    return props


def check_graph(kg: KnowledgeGraph) -> None:
    """Raise :class:`ExportError` if a node label, edge type or edge endpoint is outside the schema."""
    schema = load_schema()
    for node in kg.nodes():
        if node.label not in schema.nodes:
            raise ExportError(f"node {node.id!r} has label {node.label!r}, which is not in the paperkg "
                              f"schema ({', '.join(schema.nodes)}); rebuild the graph with `kg build`")
    for relation in kg.relations():
        source, target, rel = relation.source, relation.target, relation.type
        if rel not in schema.relationships:
            raise ExportError(f"edge {source!r} -> {target!r} has type {rel!r}, which is not in the paperkg schema")
        ends = (kg.label_of(source), kg.label_of(target))
        if ends != schema.relationships[rel]:
            raise ExportError(f"edge {source!r} -[{rel}]-> {target!r} joins {ends[0]} to {ends[1]}; the schema "
                              f"says {rel} joins {schema.relationships[rel][0]} to {schema.relationships[rel][1]}")
