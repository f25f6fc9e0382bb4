"""A bounded-memory graph store for big builds: papers on disk (SQLite), merged entities in memory.

Every relation of the graph starts at a paper or at one of its results, and a
paper is merged once, so a paper's nodes (Paper, Result) and all of its
relations (with their evidence) are final as soon as its fragment has been
merged on its own: the store writes them to an SQLite file, already encoded as
the text graph.json holds, and forgets them. Only the nodes papers share
(methods, datasets, metrics, tasks, repositories, authors) are merged in
memory, by the rules of :class:`~kg.graph.KnowledgeGraph`: empty properties never
overwrite, ``aliases`` and ``sources`` are unions, and the name is the most
voted one. Peak memory therefore grows with the distinct entities, not with
the papers; the papers cost disk.

:func:`write_store_graph_json` streams graph.json out of the store, nodes and
edges in id order (SQLite sorts by UTF-8 bytes, which is code point order,
the order Python's sort gives), byte for byte the file
:func:`~kg.graphjson.write_graph_json` writes for the in-memory graph of the
same papers. Entities are kept in the file too (table ``entities``), so a
later ``kg build --update`` reopens the store and only merges new papers.
Outputs keep their own state beside them: table ``meta`` (what was written,
up to which :meth:`~GraphStore.mark`) and table ``cache`` (per node, what an
output needs to carry on without reading every paper again: the side panels
of graph.html).

>>> import tempfile, pathlib
>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> p = Paper(id="title:1", title="T", abstract="We use COCO.")
>>> frag = PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 9, 13, "We use COCO.", "r"))])
>>> store = GraphStore(pathlib.Path(tempfile.mkdtemp()) / "graph.store")
>>> store.add_fragment(frag); store.commit()
>>> store.counts(), "title:1" in store.paper_ids()
({'nodes': {'Dataset': 1, 'Paper': 1}, 'edges': {'EVALUATES_ON': 1}}, True)
>>> store.close()
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kg import __version__
from kg.graph import _UNION_FIELDS, KnowledgeGraph
from kg.graphjson import FORMAT, VERSION
from kg.io import atomic_write
from kg.model import PaperFragment

__all__ = ["PAPER_OWNED", "GRAPH_JSON_META", "GraphStore", "file_stamp", "write_store_graph_json"]

#: Labels of the nodes that belong to one paper (written once, never merged across papers).
PAPER_OWNED = frozenset({"Paper", "Result"})
#: Meta key under which the store records the :func:`file_stamp` of the graph.json streamed from it,
#: so a reader can tell that graph.json and the store still hold the same graph.
GRAPH_JSON_META = "graph.json"
_EDGE_BYTES = 1 << 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, paper TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edges (source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
                                  paper TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, data TEXT NOT NULL, votes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cache (key TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, text TEXT NOT NULL,
                                  PRIMARY KEY (key, id));
"""
_JSON = {"ensure_ascii": False, "separators": (",", ":")}
_dumps = json.JSONEncoder(**_JSON).encode  #: what json.dump(..., **_JSON) writes, without re-reading the options


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == []


class _PaperIds:
    """``id in store.paper_ids()`` as an indexed look-up, without loading every id."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __contains__(self, paper_id: object) -> bool:
        row = self._db.execute("SELECT 1 FROM nodes WHERE id = ? AND label = 'Paper'", (paper_id,)).fetchone()
        return row is not None

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM nodes WHERE label = 'Paper'").fetchone()[0]


class GraphStore:
    """Paper-owned nodes and all relations in SQLite at *path*; entities merged in memory.

    Opening an existing store loads its entities; changes become durable at
    :meth:`commit` (one transaction, so a failed update leaves the store as it was).
    :meth:`mark` tells how far the papers go; :meth:`papers` ``(after=mark)`` gives
    those merged since: what an appending writer adds to its output.
    :meth:`get_meta`/:meth:`set_meta` keep small JSON records (a writer's state)
    in the same transaction as the papers.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(self.path)
        self._db.executescript(_SCHEMA)
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._load()

    def _load(self) -> None:
        self._entities: dict[str, dict[str, Any]] = {}  # id -> {"label": ..., properties...}
        self._votes: dict[str, Counter] = {}
        self._dirty: set[str] = set()
        for node_id, data, votes in self._db.execute("SELECT id, data, votes FROM entities"):
            self._entities[node_id] = json.loads(data)
            self._votes[node_id] = Counter(json.loads(votes))

    # ---------------------------------------------------------------- merging
    def add_fragment(self, fragment: PaperFragment) -> None:
        """Merge one paper's fragment (its paper must not be in the store yet)."""
        small = KnowledgeGraph()
        small.add_fragment(fragment)
        self.add_graph(small)

    def add_graph(self, kg: KnowledgeGraph) -> None:
        """Merge a graph whose papers are not in the store yet (one fragment's, or a whole graph.json)."""
        relations = list(kg.relations())
        votes: dict[str, Counter] = {}  # one vote per (relation, name), as KnowledgeGraph counts them
        for rel in relations:
            if rel.names:
                votes.setdefault(rel.target, Counter()).update(rel.names)
        rows, paper_of = [], {}
        for node in kg.nodes():
            if node.label in PAPER_OWNED:
                paper = paper_of[node.id] = node.id if node.label == "Paper" else str(node.get("paper"))
                rows.append((node.id, node.label, paper,
                             _dumps({"id": node.id, "label": node.label, **node.properties})))
            else:
                self._merge_entity(node.id, node.label, node.properties, votes.get(node.id, Counter()))
        self._db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?)", rows)
        self._db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)", [
            (r.source, r.target, r.type, paper_of[r.source],
             _dumps({"source": r.source, "target": r.target, "type": r.type, **r.to_dict()})) for r in relations])

    def _merge_entity(self, node_id: str, label: str, props: Any, votes: Counter) -> None:
        self._dirty.add(node_id)
        data = self._entities.get(node_id)
        if data is None:  # first seen: exactly as the paper's own graph made it
            self._entities[node_id] = {"label": label, **props}
            self._votes[node_id] = votes
            return
        for key, value in props.items():  # KnowledgeGraph._merge_node's rules
            if key == "name" or _empty(value):
                continue
            current = data.get(key)
            if _empty(current):
                data[key] = list(value) if isinstance(value, tuple) else value
            elif key in _UNION_FIELDS:
                data[key] = sorted(set(current) | set(value))
        total = self._votes[node_id]
        total.update(votes)
        if total:  # the most voted name, ties to the smaller string (KnowledgeGraph._vote)
            data["name"] = min(total, key=lambda n: (-total[n], n))

    def commit(self) -> None:
        """Write the entities changed since the last commit and make everything durable."""
        self._db.executemany("INSERT OR REPLACE INTO entities VALUES (?, ?, ?)", (
            (node_id, json.dumps(self._entities[node_id], **_JSON), json.dumps(self._votes[node_id], **_JSON))
            for node_id in sorted(self._dirty)))
        self._dirty.clear()
        self._db.commit()

    def rollback(self) -> None:
        """Forget everything since the last commit (the entities are reloaded from the file)."""
        self._db.rollback()
        self._load()

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> Any:
        """The JSON value stored under *key* (``None`` when there is none)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        """Store *value* (JSON) under *key*; durable at the next :meth:`commit`, like the papers."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, **_JSON)))

    def cached(self, key: str, ids: Iterable[str]) -> dict[str, tuple[Any, str]]:
        """What an output keeps per node under *key* (:meth:`set_cached`), for those of *ids* it has.

        Each as ``(value, text)``: a JSON value, and text the store does not read.
        """
        rows = self._db.execute("SELECT id, value, text FROM cache WHERE key = ? AND id IN "
                                "(SELECT value FROM json_each(?))", (key, json.dumps(list(ids))))
        return {node_id: (json.loads(value), text) for node_id, value, text in rows}

    def set_cached(self, key: str, values: Mapping[str, tuple[Any, str]], *, keep: Iterable[str]) -> None:
        """Store ``(value, text)`` per node under *key* and drop the other rows of *key* but those of *keep*.

        *value* is JSON; *text* is kept as it is (big text that JSON would
        escape again). Written with the papers' transaction (durable at
        :meth:`commit`), so a cache always goes with the store's state it was
        made from.
        """
        self._db.execute("DELETE FROM cache WHERE key = ? AND id NOT IN (SELECT value FROM json_each(?))",
                         (key, json.dumps([*keep, *values])))
        self._db.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?)",
                             ((key, node_id, json.dumps(value, **_JSON), text) for node_id, (value, text) in values.items()))

    # ---------------------------------------------------------------- reading
    def mark(self) -> int:
        """A number that grows with every merge: ``papers(after=mark())`` are the papers merged later.

        It is SQLite's rowid of the newest node row (rows are only ever added).
        """
        return self._db.execute("SELECT coalesce(max(rowid), 0) FROM nodes").fetchone()[0]

    def paper_ids(self) -> _PaperIds:
        """The papers in the store, as a container (``in``, ``len``) backed by the index."""
        return _PaperIds(self._db)

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts by label and relation counts by type, as :meth:`KnowledgeGraph.counts` gives them."""
        nodes = Counter(data["label"] for data in self._entities.values())
        nodes.update(dict(self._db.execute("SELECT label, count(*) FROM nodes GROUP BY label")))
        edges = dict(self._db.execute("SELECT type, count(*) FROM edges GROUP BY type"))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def node_texts(self) -> Iterator[str]:
        """Every node as graph.json text, in id order."""
        entities = ((node_id, json.dumps({"id": node_id, **self._entities[node_id]}, **_JSON))
                    for node_id in sorted(self._entities))
        owned = self._db.execute("SELECT id, json FROM nodes ORDER BY id")
        for _node_id, text in heapq.merge(entities, owned, key=lambda row: row[0]):
            yield text

    def entities(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every merged entity as ``(id, {"label": ..., properties...})``, in id order."""
        for node_id in sorted(self._entities):
            yield node_id, self._entities[node_id]

    def entity(self, node_id: str) -> dict[str, Any] | None:
        """One merged entity as ``{"label": ..., properties...}`` (``None`` if *node_id* is not an entity)."""
        return self._entities.get(node_id)

    def number_of_nodes(self) -> int:
        """Nodes in the graph: the entities and the papers' own nodes."""
        return len(self._entities) + self._db.execute("SELECT count(*) FROM nodes").fetchone()[0]

    def degrees(self) -> Iterator[tuple[str, str, int]]:
        """Every node as ``(id, label, degree)``, in id order; the degree counts relations in and out.

        Streamed: SQLite counts the relations per id in one grouped pass over
        ``edges`` (its sorter spills to disk), merged with the ids of
        ``nodes`` and of the entities, so memory stays with the entities.
        """
        counts = self._db.execute("SELECT id, count(*) FROM (SELECT source AS id FROM edges UNION ALL "
                                  "SELECT target FROM edges) GROUP BY id ORDER BY id")
        labelled = heapq.merge(((node_id, data["label"]) for node_id, data in self.entities()),
                               self._db.execute("SELECT id, label FROM nodes ORDER BY id"), key=lambda row: row[0])
        row = next(counts, None)
        for node_id, label in labelled:
            while row is not None and row[0] < node_id:  # an edge to no node: not in a graph.json either
                row = next(counts, None)
            degree = 0
            if row is not None and row[0] == node_id:
                degree, row = row[1], next(counts, None)
            yield node_id, label, degree

    def owned_nodes(self, ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """The papers' own nodes (Paper, Result) among *ids*, as graph.json objects (entities are not listed)."""
        for (text,) in self._db.execute("SELECT json FROM nodes WHERE id IN (SELECT value FROM json_each(?))",
                                        (json.dumps(list(ids)),)):
            yield json.loads(text)

    def relations_at(self, ids: Iterable[str], *, outgoing: bool,
                     after: int | None = None) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """The relations starting (*outgoing*) or ending at one of *ids*, each with the node at its other end.

        Each as ``(relation, other)``: graph.json objects; *other* is ``None``
        when that node is an entity (:meth:`entity` has it). One pass over
        ``edges`` (the ids are a small set), in no particular order. With
        *after* (a :meth:`mark`), only the relations of papers merged later.
        """
        near, far = ("source", "target") if outgoing else ("target", "source")
        where, args = "", (json.dumps(list(ids)),)
        if after is not None:
            where, args = " AND e.paper IN (SELECT id FROM nodes WHERE label = 'Paper' AND rowid > ?)", (*args, after)
        rows = self._db.execute(f"SELECT e.json, n.json FROM edges e LEFT JOIN nodes n ON n.id = e.{far} "
                                f"WHERE e.{near} IN (SELECT value FROM json_each(?)){where}", args)
        for rel, other in rows:
            yield json.loads(rel), None if other is None else json.loads(other)

    def owned_neighbours(self, ids: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
        """Each paper or result not in *ids* but next to some of them, with those neighbours (sorted), by id.

        What a view that keeps no papers draws as co-mentions: the grouping is
        SQLite's sort (on disk when big), not a dict of every paper.
        """
        kept = "(SELECT value FROM json_each(?1))"
        rows = self._db.execute(
            f"SELECT e.source AS b, e.target AS k FROM edges e JOIN nodes n ON n.id = e.source "
            f"WHERE e.target IN {kept} AND e.source NOT IN {kept} UNION "
            f"SELECT e.target, e.source FROM edges e JOIN nodes n ON n.id = e.target "
            f"WHERE e.source IN {kept} AND e.target NOT IN {kept} ORDER BY b, k", (json.dumps(list(ids)),))
        for bridge, group in itertools.groupby(rows, key=lambda row: row[0]):
            yield bridge, [k for _b, k in group]

    def papers(self, *, after: int | None = None) -> Iterator[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
        """Paper by paper (in id order): its id, its nodes (the paper, its results) and its relations, as dicts.

        With *after* (a :meth:`mark`), only the papers merged after it.
        """
        where, args = "", ()
        if after is not None:
            where, args = " WHERE paper IN (SELECT id FROM nodes WHERE label = 'Paper' AND rowid > ?)", (after,)
        nodes = self._db.execute(f"SELECT paper, json FROM nodes{where} ORDER BY paper", args)
        edges = self._db.cursor().execute(f"SELECT paper, json FROM edges{where} ORDER BY paper", args)
        edge = edges.fetchone()
        for paper, group in itertools.groupby(nodes, key=lambda row: row[0]):
            owned = [json.loads(text) for _paper, text in group]
            relations = []
            while edge is not None and edge[0] <= paper:
                if edge[0] == paper:
                    relations.append(json.loads(edge[1]))
                edge = edges.fetchone()
            yield paper, owned, relations

    def edges_contain(self, text: str) -> bool:
        """Whether any relation's graph.json text contains *text* (a quick scan, without decoding the JSON)."""
        return self._db.execute("SELECT 1 FROM edges WHERE instr(json, ?) > 0 LIMIT 1", (text,)).fetchone() is not None

    def edge_texts(self) -> Iterator[str]:
        """Every relation as graph.json text, in (source, target, type) order."""
        for (text,) in self._db.execute("SELECT json FROM edges ORDER BY source, target, type"):
            yield text


def file_stamp(path: str | os.PathLike) -> dict[str, Any]:
    """What identifies a (big) file's content cheaply: its size, mtime and a SHA-256 of its first and last MiB."""
    stat = os.stat(path)
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        digest.update(fh.read(_EDGE_BYTES))
        if stat.st_size > 2 * _EDGE_BYTES:
            fh.seek(-_EDGE_BYTES, os.SEEK_END)
        digest.update(fh.read())
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256_ends": digest.hexdigest()}


def write_store_graph_json(store: GraphStore, path: str | os.PathLike) -> None:
    """Stream *store* to *path* atomically: the bytes :func:`~kg.graphjson.write_graph_json` gives.

    The new file's :func:`file_stamp` is recorded under :data:`GRAPH_JSON_META` (durable at the
    store's next commit), so readers can load from the store instead of parsing graph.json.
    """
    head = json.dumps({"format": FORMAT, "version": VERSION, "generator": f"paperkg {__version__}",
                       "counts": store.counts()}, **_JSON)
    with atomic_write(path) as fh:
        fh.write(head[:-1] + ',"nodes":[')
        for i, text in enumerate(store.node_texts()):
            fh.write("," + text if i else text)
        fh.write('],"edges":[')
        for i, text in enumerate(store.edge_texts()):
            fh.write("," + text if i else text)
        fh.write("]}\n")
    store.set_meta(GRAPH_JSON_META, file_stamp(path))
