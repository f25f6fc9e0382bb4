"""graph.html straight from the graph store: the page of :func:`~exports.html.write_html`, in bounded memory.

The page draws at most ``max_nodes`` nodes, but choosing them needs every
node's degree, and the side panel of a kept entity lists (and counts) every
paper that mentions it. Reading the whole graph back from graph.json for that
brings back the memory ``kg build --store`` saves, so this writer asks the
store (:mod:`kg.store`) instead, in passes whose memory is bounded by the
entities and the selection:

1. the degree of every node, streamed in id order by SQLite
   (:meth:`~kg.store.GraphStore.degrees`), and the first ``max_nodes`` in the
   view's order (:func:`~exports.html_layout.ranking_key`) kept on a heap;
2. the relations at the kept nodes, one pass over the edges each way
   (:meth:`~kg.store.GraphStore.relations_at`), fed one at a time to the side
   panels (:class:`~exports.html_data.NodeDetails`, which keep only the
   mentions and connections they list) and giving the relations among the
   kept nodes;
3. when no paper is kept, the papers next to kept nodes grouped by SQLite
   (:meth:`~kg.store.GraphStore.owned_neighbours`), for the co-mention links.

A small :class:`~kg.graph.KnowledgeGraph` of the kept nodes alone then goes
through the same layout and page code (:func:`~exports.html.write_selection`),
so the page is byte for byte the in-memory one for the same graph (tested on
``examples/``, the corpus, and a store grown by an update). ``focus``/
``depth`` views are not offered here: they are ``kg view --focus`` on
graph.json.

An HTML page cannot be appended to: a store that took new papers rewrites it
whole; with ``append``, a page recorded at the store's current
:meth:`~kg.store.GraphStore.mark` (same size, same view options) is left as it is.
The rewrite after an update is cheap all the same: the kept entities' panels
are kept in the store and carried on with the new papers' relations alone
(:class:`_Panels`).

>>> import tempfile, pathlib
>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> from kg.store import GraphStore
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> store = GraphStore(tmp / "graph.store")
>>> p = Paper(id="title:1", title="T", abstract="We use COCO.")
>>> store.add_fragment(PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO",
...                                              Evidence("COCO", 9, 13, "We use COCO.", "r"))]))
>>> write_store_html(store, tmp / "graph.html"), write_store_html(store, tmp / "graph.html", append=True)
('written', 'unchanged')
"""

from __future__ import annotations

import heapq
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from exports.html import write_selection
from exports.html_data import Encoded, NodeDetails, safe_json
from exports.html_layout import DEFAULT_MAX_NODES, Selection, assemble_selection, ranking_key, resolve_types
from kg.appendable import is_current
from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Node, Relation
from kg.store import PAPER_OWNED, GraphStore

__all__ = ["select_from_store", "write_store_html"]


class _Nodes:
    """Nodes by id: the store's entities (made once, as they are asked for) and the papers' own nodes given."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._entities: dict[str, Node] = {}

    def get(self, node_id: str, owned: Mapping[str, Any] | None = None) -> Node:
        if owned is not None:
            return Node.from_dict(owned)
        node = self._entities.get(node_id)
        if node is None:
            data = self._store.entity(node_id)
            if data is None:
                raise ExportError(f"{self._store.path}: a relation ends at {node_id!r}, which is no node")
            node = self._entities[node_id] = Node.from_dict({"id": node_id, **data})
        return node


def _co_mentions(store: GraphStore, kept: Sequence[str]) -> Counter:
    """Pairs of kept nodes that share a paper or result left out, with the number shared (as html_layout counts)."""
    pairs: Counter = Counter()
    for _bridge, ends in store.owned_neighbours(kept):
        for i, a in enumerate(ends):
            for b in ends[i + 1:]:
                pairs[a, b] += 1
    return pairs


def _ranked(store: GraphStore, labels: set[str], limit: int, counts: Counter) -> list[tuple[str, str, int]]:
    """The first *limit* nodes in the view's order among those of *labels* (all if empty); counts them too."""
    def candidates() -> Iterator[tuple[str, str, int]]:
        for node_id, label, degree in store.degrees():
            counts["total"] += 1
            if not labels or label in labels:
                counts["candidates"] += 1
                yield node_id, label, degree
    return heapq.nsmallest(limit, candidates(), key=lambda row: ranking_key(row[0], row[2]))


class _Panels:
    """The side panels of the kept nodes, carried on from the ones an earlier page kept in the store.

    A panel is a function of its node's relations, and every relation starts at
    a paper or a result, is written once with its paper and never changes
    (:mod:`kg.store`). So the panel of an entity kept last time is its stored
    :meth:`~exports.html_data.NodeDetails.state` plus the relations of the
    papers merged since (``after``, the store's mark then); its record is made
    again from that (the node's data, degree and which connections are drawn
    may have changed), which costs no rendering: the listed mentions are kept
    as their JSON text. Papers and results (a handful of relations each) and
    entities new to the page are made from all their relations, as on a first
    page. Only the panels made or changed are written back.
    """

    def __init__(self, store: GraphStore, key: str | None, after: int | None, ranked: Sequence[str],
                 degree: Mapping[str, int], nodes: _Nodes, owned: Mapping[str, Any]) -> None:
        self.store, self.key = store, key
        entities = [n for n in ranked if n not in owned]
        stored = store.cached(key, entities) if key is not None and after is not None else {}
        self.kept = set(stored)
        self.details = {node_id: _restore(nodes.get(node_id), stored[node_id], degree[node_id], degree)
                        for node_id in ranked if node_id in stored}
        self.fresh = [n for n in ranked if n not in stored]
        for node_id in self.fresh:
            self.details[node_id] = NodeDetails(nodes.get(node_id, owned.get(node_id)), degree=degree[node_id],
                                                shown=degree)
        self.changed = set(self.fresh)
        if stored:
            for data, other in store.relations_at(list(stored), outgoing=False, after=after):
                rel = Relation.from_dict(data)
                self.details[rel.target].add(rel, nodes.get(rel.source, other), outgoing=False)
                self.changed.add(rel.target)

    def finish(self, ranked: Sequence[str]) -> dict[str, Encoded]:
        """The records in *ranked* order; the entities' panels made or changed are stored for the next page."""
        records, changed = {}, {}
        for node_id in ranked:
            details = self.details.pop(node_id)
            records[node_id] = Encoded(safe_json(details.record()))
            if self.key is not None and node_id in self.changed and details.node.label not in PAPER_OWNED:
                changed[node_id] = _stored(details.state())
        if self.key is not None:
            self.store.set_cached(self.key, changed, keep=self.kept)
        return records


def _stored(state: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A panel's state as a cache row: the state without the mentions' JSON text, and those texts one a line
    (JSON text holds no line break), so they are stored once and not escaped again."""
    count, items = state["mentions"]
    return {**state, "mentions": [count, [item[:3] for item in items]]}, "\n".join(item[3] for item in items)


def _restore(node: Node, row: tuple[dict[str, Any], str], degree: int, shown: Mapping[str, int]) -> NodeDetails:
    head, text = row
    count, items = head["mentions"]
    texts = text.split("\n") if items else []
    state = {**head, "mentions": [count, [[*item, t] for item, t in zip(items, texts, strict=True)]]}
    return NodeDetails.restore(node, state, degree=degree, shown=shown)


def select_from_store(store: GraphStore, *, types: Sequence[str] | None = None, top: int | None = None,
                      max_nodes: int = DEFAULT_MAX_NODES, cache: str | None = None,
                      after: int | None = None) -> tuple[Selection, KnowledgeGraph, dict[str, Any]]:
    """What :func:`~exports.html_layout.select_subgraph` and the side panels give for the store's graph.

    Returns the selection, a graph of the selected nodes alone (what the page
    draws needs no more), and the side-panel record of each selected node
    (already JSON text, :class:`~exports.html_data.Encoded`). With *cache* (a
    key of the store's ``cache`` table), the entities' panels are kept there;
    with *after* too (the store's mark when they were kept), the panels kept
    then are carried on instead of read again from every paper (:class:`_Panels`).
    """
    if max_nodes < 1 or (top is not None and top < 1):
        raise ExportError("max_nodes and top must be >= 1")
    counts: Counter = Counter()
    rows = _ranked(store, resolve_types(types), max_nodes if top is None else min(top, max_nodes), counts)
    listed = min(counts["candidates"], top) if top is not None else counts["candidates"]  # before the cap
    ranked = [node_id for node_id, _label, _degree in rows]
    degree = {node_id: d for node_id, _label, d in rows}
    nodes = _Nodes(store)
    owned = {data["id"]: data for data in store.owned_nodes(ranked)}
    small = KnowledgeGraph()
    for node_id, label, _d in rows:
        small.add_node(node_id, label, **nodes.get(node_id, owned.get(node_id)).properties)
    panels = _Panels(store, cache, after, ranked, degree, nodes, owned)
    among = []
    for outgoing in (True, False):
        for data, other in store.relations_at(panels.fresh, outgoing=outgoing):
            rel = Relation.from_dict(data)
            here, there = (rel.source, rel.target) if outgoing else (rel.target, rel.source)
            panels.details[here].add(rel, nodes.get(there, other), outgoing=outgoing)
            if outgoing and rel.target in degree:  # a kept panel is an entity's: no relation starts there
                among.append((rel.source, rel.target, rel.type, rel.count))
    selection = assemble_selection(ranked, {node_id: label for node_id, label, _d in rows}, degree, sorted(among),
                                   lambda: _co_mentions(store, ranked), total=counts["total"],
                                   candidates=counts["candidates"], capped=listed > max_nodes, focus=None, top=top,
                                   max_nodes=max_nodes)
    return selection, small, panels.finish(ranked)


def write_store_html(store: GraphStore, path: str | os.PathLike, *, append: bool = False,
                     types: Sequence[str] | None = None, top: int | None = None,
                     max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> str:
    """Write the HTML view of the store's graph to *path* (atomically): ``write_html``'s page for that graph.

    Returns ``"written"``, or ``"unchanged"`` when *append* and the page on
    disk is the one recorded at the store's current mark with the same view
    options. The page's state is recorded in the store; the caller commits it.
    """
    path = Path(path)
    key = f"output:html:{path.name}"
    view = {"types": sorted(types or ()), "top": top, "max_nodes": max_nodes, "title": title}
    state, mark = store.get_meta(key), store.mark()
    if append and state is not None and state["mark"] == mark and state["view"] == view \
            and is_current(store, path, "html"):
        return "unchanged"
    carried = state.get("panels") if append and state is not None else None  # the mark the stored panels are at
    selection, small, details = select_from_store(store, types=types, top=top, max_nodes=max_nodes, cache=key,
                                                  after=carried)
    write_selection(small, selection, details, path, title=title or "paperkg graph")
    store.set_meta(key, {"mark": mark, "size": path.stat().st_size, "view": view, "panels": mark})
    return "written"
