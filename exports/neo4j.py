"""Load a :class:`~kg.graph.KnowledgeGraph` into Neo4j with the official driver.

The load is a fixed plan of parameterised statements from ``exports/cypher/neo4j.cypher``:

1. a uniqueness constraint on ``id`` for every label (``CREATE CONSTRAINT ... IF NOT EXISTS``),
2. nodes per label, then relationships per type, in batches of ``UNWIND $rows AS row MERGE ...``,
3. a check that Neo4j holds as many nodes and relationships of each kind as the graph.

Each batch runs in a managed transaction (``session.execute_write``), so the driver
retries transient failures. ``MERGE`` on the unique ``id`` and ``SET n = row.props``
make the load idempotent: loading the same graph twice leaves the same counts and
properties. Values only ever travel as parameters; labels and types come from the
whitelist in ``exports/cypher/schema.json`` (see :func:`exports.neo4j_schema.render`).

>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
>>> [(s.kind, s.name, len(s.rows)) for s in plan_load(kg, batch_size=10) if s.rows]
[('nodes', 'Dataset', 1)]
>>> next(s for s in plan_load(kg) if s.rows).rows[0]["props"]
{'name': 'COCO', 'id': 'dataset:coco'}
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from kg.errors import ExportError, UsageError
from kg.graph import KnowledgeGraph
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
    "DEFAULT_URI",
    "DEFAULT_USER",
    "DEFAULT_TIMEOUT",
    "SCHEMES",
    "Neo4jLoadError",
    "Neo4jUriError",
    "check_uri",
    "Step",
    "LoadReport",
    "plan_load",
    "connect",
    "load_neo4j",
    "count_in_neo4j",
    "query_neo4j",
]

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
#: Seconds to connect and hear the Bolt handshake before giving up (the driver's own default waits 60 s).
DEFAULT_TIMEOUT = 10.0
#: URI schemes of the Bolt protocol, the only one the loader speaks: direct or routed, plain or encrypted.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jLoadError(ExportError):
    """Neo4j is unreachable, refuses us, lacks the database, or disagrees with the graph."""


class Neo4jUriError(Neo4jLoadError, UsageError):
    """A URI the loader cannot use: not Bolt (``http://``, a typo), so no connection is tried."""


def check_uri(uri: str) -> str:
    """*uri* when its scheme is one of :data:`SCHEMES`; :class:`Neo4jUriError` with the fix otherwise.

    >>> check_uri("neo4j+s://db.example.org")
    'neo4j+s://db.example.org'
    >>> check_uri("http://localhost:7474")
    Traceback (most recent call last):
    exports.neo4j.Neo4jUriError: http://localhost:7474 is an HTTP address (Neo4j Browser); kg talks to Neo4j over Bolt: use bolt://localhost:7687
    """
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if scheme in SCHEMES and parts.hostname:
        return uri
    if scheme in ("http", "https"):
        raise Neo4jUriError(f"{uri} is an HTTP address (Neo4j Browser); kg talks to Neo4j over Bolt: use "
                            f"bolt://{parts.hostname or 'localhost'}:7687")
    raise Neo4jUriError(f"{uri!r} is not a Neo4j URI: it needs one of the schemes {', '.join(SCHEMES)} and a host, "
                        f"e.g. {DEFAULT_URI}")


@dataclass(frozen=True)
class Step:
    """One statement of the load plan with the parameter rows it runs over."""

    kind: str  #: "constraint", "nodes" or "relationships"
    name: str  #: the label or relationship type
    cypher: str
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LoadReport:
    """What a load did: counts expected and found, batches run, time taken."""

    expected: dict[str, dict[str, int]]
    found: dict[str, dict[str, int]] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0


def plan_load(kg: KnowledgeGraph, batch_size: int = 1000) -> list[Step]:
    """The statements a load runs, in order, each with all its rows (not yet batched)."""
    check_graph(kg)
    schema = load_schema()
    stmts = statements("neo4j")
    plan = [Step("constraint", label, render(stmts["constraint"].text, label=label)) for label in schema.nodes]
    by_label: dict[str, list[dict[str, Any]]] = {label: [] for label in schema.nodes}
    for node in kg.nodes(ordered=True):
        row = {"id": node.id, "props": {**node_props(node.label, node.properties), "id": node.id}}
        by_label[node.label].append(cleaned(row, encodable))  # the driver sends UTF-8: no lone surrogates
    by_type: dict[str, list[dict[str, Any]]] = {rel: [] for rel in schema.relationships}
    for rel in kg.relations(ordered=True):
        by_type[rel.type].append(cleaned({"source": rel.source, "target": rel.target, "props": edge_props(rel)}, encodable))
    for label, rows in by_label.items():
        plan.append(Step("nodes", label, render(stmts["merge_nodes"].text, label=label), rows))
    for rel, rows in by_type.items():
        plan.append(Step("relationships", rel, render(stmts["merge_relationships"].text, rel_type=rel), rows))
    if batch_size < 1:
        raise ExportError(f"batch size must be at least 1, not {batch_size}")
    return plan


def _explain(exc: Exception, uri: str | None, user: str, database: str | None,
             timeout: float = DEFAULT_TIMEOUT) -> Neo4jLoadError:
    from neo4j import exceptions as nx

    where = f"Neo4j at {uri}" if uri else "Neo4j"  # no URI: the caller's own driver, address unknown

    code = getattr(exc, "code", "") or ""
    if "handshake" in str(exc).lower():
        return Neo4jLoadError(f"{uri or 'the server'} did not answer as a Neo4j Bolt server within {timeout:g} s (no Bolt handshake): "
                              "is that Neo4j's Bolt port (7687 by default; 7474 is the browser's HTTP port)? "
                              "Over a slow network, raise --timeout")
    if isinstance(exc, nx.AuthError) or "Unauthorized" in code or "AuthenticationRateLimit" in code:
        return Neo4jLoadError(f"{where} refused the credentials of user {user!r}: set NEO4J_USER / "
                              f"NEO4J_PASSWORD (or --user / --password) to the ones in your .env")
    if "DatabaseNotFound" in code:
        return Neo4jLoadError(f"{where} has no database {database!r}: pass --database with an existing "
                              f"one (Community Edition only has 'neo4j') or create it with CREATE DATABASE")
    if isinstance(exc, (nx.ServiceUnavailable, nx.ConfigurationError, OSError)):
        return Neo4jLoadError(f"cannot connect to {where} ({' '.join(str(exc).split())}): is it running? "
                              "Start it with "
                              f"`docker compose up -d` and wait until `docker compose ps` shows it healthy")
    return Neo4jLoadError(f"{where} failed: {exc}")


def connect(uri: str, user: str, password: str, database: str | None = None,
            timeout: float = DEFAULT_TIMEOUT) -> Any:
    """An open, verified :class:`neo4j.Driver`; :class:`Neo4jLoadError` with advice otherwise.

    *timeout* bounds connecting and the Bolt handshake, so a port that does
    not speak Bolt (an HTTP server, say) fails after *timeout* seconds.
    """
    import neo4j
    from neo4j import exceptions as nx

    check_uri(uri)
    if timeout <= 0:
        raise Neo4jUriError(f"the connection timeout must be positive, not {timeout}")
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=timeout,
                                            connection_acquisition_timeout=timeout)
    except (nx.ConfigurationError, ValueError) as exc:
        raise Neo4jUriError(f"{uri!r} is not a Neo4j URI ({exc}); use e.g. {DEFAULT_URI}") from None
    try:
        driver.verify_connectivity()
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        driver.close()
        raise _explain(exc, uri, user, database, timeout) from None
    return driver


def _run(tx: Any, cypher: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [record.data() for record in tx.run(cypher, params)]


def count_in_neo4j(session: Any) -> dict[str, dict[str, int]]:
    """Nodes per label and relationships per type currently in the database."""
    schema = load_schema()
    stmts = statements("neo4j")
    found: dict[str, dict[str, int]] = {"nodes": {}, "edges": {}}
    for label in schema.nodes:
        rows = session.execute_read(_run, render(stmts["count_nodes"].text, label=label), {})
        found["nodes"][label] = int(rows[0]["n"]) if rows else 0
    for rel in schema.relationships:
        rows = session.execute_read(_run, render(stmts["count_relationships"].text, rel_type=rel), {})
        found["edges"][rel] = int(rows[0]["n"]) if rows else 0
    return found


def _expected(kg: KnowledgeGraph) -> dict[str, dict[str, int]]:
    schema = load_schema()
    counts = kg.counts()
    return {"nodes": {label: counts["nodes"].get(label, 0) for label in schema.nodes},
            "edges": {rel: counts["edges"].get(rel, 0) for rel in schema.relationships}}


def load_neo4j(kg: KnowledgeGraph, *, uri: str | None = None, user: str = DEFAULT_USER, password: str = "",
               database: str | None = None, batch_size: int = 1000, driver: Any = None,
               on_batch: Callable[[Step, int], None] | None = None, timeout: float = DEFAULT_TIMEOUT) -> LoadReport:
    """Load *kg* into Neo4j, idempotently, and check the counts afterwards.

    Parameters
    ----------
    kg
        The graph to load.
    uri, user, password, database
        Where to load it (*uri* defaults to :data:`DEFAULT_URI`); ``database=None`` is the
        server's default database.
    batch_size
        Rows per ``UNWIND`` transaction.
    driver
        An open driver to use instead of connecting (tests pass a fake one).
    on_batch
        Called after each batch with its step and the number of rows done (progress bars).
    timeout
        Seconds to wait for the connection and the Bolt handshake.

    Returns
    -------
    LoadReport
        Expected and found counts per label and type.

    Raises
    ------
    Neo4jLoadError
        On refused connections, bad credentials, a missing database, or counts in
        Neo4j that differ from the graph after the load.
    """
    from neo4j import exceptions as nx

    started = time.perf_counter()
    plan = plan_load(kg, batch_size)
    report = LoadReport(expected=_expected(kg))
    own = driver is None
    driver = driver or connect(uri or DEFAULT_URI, user, password, database, timeout)
    try:
        # notifications off: counting a type the graph lacks (no authors: AUTHORED_BY) is no news
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            for step in plan:
                batches = batched(step.rows, batch_size) if step.kind != "constraint" else [[]]
                for rows in batches:
                    params = {"rows": list(rows)} if step.kind != "constraint" else {}
                    session.execute_write(_run, step.cypher, params)
                    report.batches += 1
                    if on_batch:
                        on_batch(step, len(rows))
            report.found = count_in_neo4j(session)
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        raise _explain(exc, uri or (None if not own else DEFAULT_URI), user, database) from None
    finally:
        if own:
            driver.close()
    report.seconds = time.perf_counter() - started
    diff = [f"{kind[:-1] if kind == 'nodes' else 'relationship'} {name}: graph {n}, Neo4j {report.found[kind][name]}"
            for kind, names in report.expected.items() for name, n in names.items()
            if report.found[kind].get(name) != n]
    if diff:
        raise Neo4jLoadError("after loading, Neo4j's counts differ from the graph (" + "; ".join(diff) + "). "
                             "The database probably holds data from another graph: load into an empty "
                             "database (--database) or clear it with `MATCH (n) DETACH DELETE n`")
    return report


def _plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships as :class:`NodeValue` / :class:`RelationshipValue`."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return NodeValue(tuple(sorted(value.labels)), {k: _plain(v) for k, v in dict(value).items()})
    if isinstance(value, Relationship):
        return RelationshipValue(value.type, {k: _plain(v) for k, v in dict(value).items()})
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def query_neo4j(cypher: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
                user: str = DEFAULT_USER, password: str = "", database: str | None = None,
                driver: Any = None, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
    """Run one Cypher query on Neo4j and return its columns and rows."""
    from neo4j import exceptions as nx

    own = driver is None
    driver = driver or connect(uri or DEFAULT_URI, user, password, database, timeout)
    try:
        records, _summary, keys = driver.execute_query(cypher, params or {}, database_=database)
    except nx.CypherSyntaxError as exc:
        raise Neo4jLoadError(f"Neo4j rejected the query: {exc.message}") from None
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        raise _explain(exc, uri or (None if not own else DEFAULT_URI), user, database) from None
    finally:
        if own:
            driver.close()
    return QueryResult(list(keys), [[_plain(v) for v in record.values()] for record in records])
