"""A persistent embedded database beside a graph.json, so ``kg query`` costs milliseconds.

``out/graph.json`` gets ``out/graph.lbdb/``: a directory holding the LadybugDB database
(:mod:`exports.embedded`) and ``fingerprint.json``, which says which graph.json it was loaded
from. :func:`open_store` opens it read-only when it is fresh and (re)builds it when it is
missing, stale (graph.json changed) or unreadable (a warning says so), so the graph is loaded
once per change instead of once per query.

Staleness is a fingerprint of graph.json: its size, mtime and a SHA-256 of its first and last
MiB (reading a 700 MB graph.json in full would cost a second per query), plus a hash of the
schema and of this format's version, so a new schema rebuilds too.

Concurrency: a lock file ``graph.lbdb.lock`` beside it (``fcntl.flock``). Queries hold it shared;
a rebuild holds it exclusive and loads into a temporary directory that is renamed into place
only when complete, so two ``kg query`` at once never see, or corrupt, a half-built database.

>>> import tempfile, pathlib
>>> from kg.graph import KnowledgeGraph
>>> from kg.graphjson import write_graph_json
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
>>> write_graph_json(kg, tmp / "graph.json")
>>> with open_store(tmp / "graph.json") as store:
...     run_query(store.conn, "MATCH (d:Dataset) RETURN d.name AS name").rows
[['COCO']]
>>> store.built
True
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.graph import KnowledgeGraph, Node, Relation
from kg.graphjson import read_graph_json
from kg.model import Evidence
from kg.store import GRAPH_JSON_META, GraphStore, file_stamp
from exports.embedded import EmbeddedLoad, _connect_path, load_embedded, load_items, run_query

__all__ = ["STORE_SUFFIX", "FORMAT_VERSION", "Store", "StoreWarning", "store_path", "fingerprint",
           "is_fresh", "build_store", "open_store", "refresh_store", "run_query", "GRAPH_STORE"]

#: The store of ``out/graph.json`` is ``out/graph.lbdb/``.
STORE_SUFFIX = ".lbdb"
#: Bumped when what the store holds changes shape; part of the fingerprint.
FORMAT_VERSION = 1
_DB = "db"
#: The SQLite store ``kg build --store`` keeps beside graph.json (``paperkg.build.STORE_NAME``).
GRAPH_STORE = "graph.store"
_FINGERPRINT = "fingerprint.json"


class StoreWarning(UserWarning):
    """The persistent database could not be used as it was and is being rebuilt."""


@dataclass
class Store:
    """An open store: the connection, and whether this call (re)built it and how long that took."""

    conn: Any
    path: Path
    built: bool = False
    load: EmbeddedLoad | None = None


def _graph_file(graph: str | os.PathLike) -> Path:
    path = Path(graph)
    return path / "graph.json" if path.is_dir() else path


def store_path(graph: str | os.PathLike) -> Path:
    """Where the store of *graph* (a graph.json, or the directory holding it) lives."""
    return _graph_file(graph).with_suffix(STORE_SUFFIX)


def _schema_hash() -> str:
    text = resources.files("exports").joinpath("cypher/schema.json").read_bytes()
    return hashlib.sha256(text + resources.files("exports").joinpath("cypher/embedded.cypher").read_bytes()).hexdigest()


def fingerprint(graph: str | os.PathLike) -> dict[str, Any]:
    """What identifies this graph.json's content cheaply: size, mtime, a hash of its ends, the schema."""
    return {"format": FORMAT_VERSION, "schema": _schema_hash(), **file_stamp(_graph_file(graph))}


def _stored_fingerprint(store: Path) -> dict[str, Any] | None:
    try:
        return json.loads((store / _FINGERPRINT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_fresh(graph: str | os.PathLike) -> bool:
    """True when the store of *graph* exists and was loaded from graph.json as it is now."""
    store = store_path(graph)
    return (store / _DB).exists() and _stored_fingerprint(store) == fingerprint(graph)


@contextlib.contextmanager
def _locked(store: Path, mode: int) -> Iterator[None]:
    lock = store.with_name(store.name + ".lock")
    with open(lock, "a+b") as fh:
        fcntl.flock(fh.fileno(), mode)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _swap_in(tmp: Path, store: Path) -> None:
    """Rename *tmp* to *store*; an old store is renamed aside first and then removed."""
    old = None
    if store.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{store.name}.old-", dir=store.parent))
        os.replace(store, old / "store")
    os.replace(tmp, store)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _graph_store(graph_file: Path, stamp: dict[str, Any]) -> GraphStore | None:
    """The ``kg build --store`` store beside *graph_file*, if it recorded graph.json as it is now."""
    path = graph_file.with_name(GRAPH_STORE)
    if not path.is_file():
        return None
    try:
        store = GraphStore(path)
    except sqlite3.Error:
        return None
    if not _same_graph(store, stamp):
        store.close()
        return None
    return store


def _same_graph(store: GraphStore, stamp: dict[str, Any]) -> bool:
    try:
        recorded = store.get_meta(GRAPH_JSON_META)
    except sqlite3.Error:
        return False
    return recorded == {k: v for k, v in stamp.items() if k not in ("format", "schema")}


def store_items(store: GraphStore) -> Iterator[Node | Relation]:
    """The store's graph as :func:`~kg.graphjson.read_graph_json` would give it, one item at a time.

    Entities first (they are in memory anyway), then each paper's nodes and relations: nothing
    but the entities is held, so loading a 100,000-paper graph does not build it in memory.
    """
    for node_id, data in store.entities():
        yield Node(node_id, data["label"], {k: v for k, v in data.items() if k != "label"})
    for _paper, owned, relations in store.papers():
        for data in owned:
            yield Node(data["id"], data["label"], {k: v for k, v in data.items() if k not in ("id", "label")})
        for data in relations:  # as graph_from_dict: evidence and names; count and confidence follow from them
            yield Relation(data["source"], data["target"], data["type"],
                           tuple(Evidence.from_dict(e) for e in data.get("evidence", ())), tuple(data.get("names", ())))


def build_store(graph: str | os.PathLike, kg: KnowledgeGraph | None = None, *,
                on_batch: Callable[[str, int], None] | None = None) -> EmbeddedLoad:
    """(Re)build the store of *graph* from graph.json (or from *kg*, its already-read content).

    When a ``kg build --store`` store beside graph.json recorded this very graph.json, the rows
    are streamed from it (:func:`store_items`) instead: memory stays bounded by the entities.
    Loads into a temporary directory beside the store and renames it into place when done;
    the caller holds the exclusive lock (:func:`open_store` does).
    """
    graph_file = _graph_file(graph)
    store = store_path(graph_file)
    stamp = fingerprint(graph_file)  # before reading: a graph.json rewritten meanwhile is then stale, not missed
    source = _graph_store(graph_file, stamp) if kg is None else None
    try:
        report = _load_into_tmp(store, stamp, graph_file, kg, source, on_batch)
    finally:
        if source is not None:
            source.close()
    return report


def _load_into_tmp(store: Path, stamp: dict[str, Any], graph_file: Path, kg: KnowledgeGraph | None,
                   source: GraphStore | None, on_batch: Callable[[str, int], None] | None) -> EmbeddedLoad:
    tmp = Path(tempfile.mkdtemp(prefix=f".{store.name}.", suffix=".tmp", dir=store.parent))
    try:
        report = EmbeddedLoad()
        database = str(tmp / _DB)
        if source is not None:
            conn = load_items(store_items(source), database=database, report=report, on_batch=on_batch)
            report.source = GRAPH_STORE
            if not _same_graph(source, stamp):  # an update committed meanwhile: load graph.json as it is
                conn.close()
                shutil.rmtree(tmp, ignore_errors=True)
                return _load_into_tmp(store, stamp, graph_file, None, None, on_batch)
        else:
            kg = kg if kg is not None else read_graph_json(graph_file)
            conn = load_embedded(kg, database=database, report=report, on_batch=on_batch)
        conn.execute("CHECKPOINT")  # fold the write-ahead log in: read-only openers then need not replay it
        conn.close()
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the store is as readable as graph.json
        (tmp / _FINGERPRINT).write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
        _swap_in(tmp, store)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


def refresh_store(graph: str | os.PathLike, *, on_build: Callable[[], None] | None = None) -> EmbeddedLoad | None:
    """Rebuild the store of *graph* now if it exists and is stale; returns the load, or None.

    ``kg build`` calls it after writing graph.json, so the first query after a build does not
    pay for the load (which reads ``graph.store`` when the build kept one). Only a store that
    exists is refreshed: a graph nobody queried gets none. A failure is a :class:`StoreWarning`,
    not an error: the build's outputs are written, and the next query rebuilds the store.
    """
    graph_file = _graph_file(graph)
    store = store_path(graph_file)
    if not store.exists():
        return None
    try:
        with _locked(store, fcntl.LOCK_EX):
            if is_fresh(graph_file):
                return None
            if on_build:
                on_build()
            return build_store(graph_file)
    except (KGError, RuntimeError, OSError, sqlite3.Error) as exc:  # the engine's errors are RuntimeErrors
        warnings.warn(f"{store}: could not refresh the embedded database ({exc}); the next kg query rebuilds it",
                      StoreWarning, stacklevel=2)
        return None


def _open_read_only(store: Path) -> Any:
    conn = _connect_path(str(store / _DB), read_only=True)
    conn.execute("CALL show_tables() RETURN name")  # a corrupt database fails here, not in the user's query
    return conn


@contextlib.contextmanager
def open_store(graph: str | os.PathLike, *, on_build: Callable[[], None] | None = None,
               on_batch: Callable[[str, int], None] | None = None) -> Iterator[Store]:
    """A read-only connection to the store of *graph*, built or rebuilt first when needed.

    *on_build* is called before a (re)build starts (for progress display). A store that
    exists but cannot be opened is rebuilt with a :class:`StoreWarning`. The shared lock
    is held while the ``with`` body runs, so no rebuild pulls the database away mid-query.
    """
    graph_file = _graph_file(graph)
    if not graph_file.is_file():
        read_graph_json(graph_file)  # raises the error that says to run `kg build` first
    store = store_path(graph_file)
    built, load, corrupt = False, None, False
    for _attempt in range(3):
        with _locked(store, fcntl.LOCK_SH):
            if is_fresh(graph_file):
                try:
                    conn = _open_read_only(store)
                except RuntimeError as exc:
                    corrupt = True
                    warnings.warn(f"{store}: the embedded database is unreadable ({exc}); rebuilding it",
                                  StoreWarning, stacklevel=3)
                else:
                    try:
                        yield Store(conn, store, built, load)
                    finally:
                        conn.close()
                    return
        with _locked(store, fcntl.LOCK_EX):
            if corrupt or not is_fresh(graph_file):  # another process may have rebuilt it while we waited
                if not corrupt and store.exists() and (not (store / _DB).exists()
                                                       or _stored_fingerprint(store) is None):
                    warnings.warn(f"{store}: not a complete paperkg embedded database; rebuilding it",
                                  StoreWarning, stacklevel=3)
                if on_build:
                    on_build()
                load = build_store(graph_file, on_batch=on_batch)
                built, corrupt = True, False
    raise RuntimeError(f"{store}: could not open the embedded database after rebuilding it; delete it and retry")

