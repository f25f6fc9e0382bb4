"""What an HTML view shows and where: subgraph selection and the Python-side layout.

A browser cannot lay out thousands of nodes with physics (500 nodes take ~30 s
to settle in vis-network, 5,000 never do), so the view is chosen and laid out
here and the page only draws it:

* :func:`select_subgraph` keeps one entity's neighbourhood (``focus``/``depth``),
  some node types (``types``), the ``top`` most connected nodes, and never more
  than ``max_nodes`` (the most connected ones, with a notice saying so).
* :func:`compute_layout` places the nodes: networkx ForceAtlas2 for small views,
  igraph's grid Fruchterman-Reingold (linear time per iteration) for big ones.

>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> for node_id, label in [("title:a", "Paper"), ("title:b", "Paper"), ("dataset:coco", "Dataset"),
...                        ("method:detr", "Method")]:
...     kg.add_node(node_id, label)
>>> for s, t, rel in [("title:a", "dataset:coco", "EVALUATES_ON"), ("title:b", "dataset:coco", "EVALUATES_ON"),
...                   ("title:b", "method:detr", "USES")]:
...     kg.add_relation(s, t, rel)
>>> sorted(select_subgraph(kg, focus="method:detr", depth=1).graph)
['method:detr', 'title:b']
>>> sel = select_subgraph(kg, types=["dataset", "method"])
>>> sorted(sel.graph.edges(keys=True))
[('dataset:coco', 'method:detr', 'CO_MENTIONED')]
"""

from __future__ import annotations

import difflib
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.model import NODE_LABELS

__all__ = [
    "CO_MENTIONED",
    "DEFAULT_MAX_NODES",
    "FA2_MAX_NODES",
    "Selection",
    "assemble_selection",
    "ranking_key",
    "resolve_types",
    "suggest_ids",
    "select_subgraph",
    "compute_layout",
]

#: Default cap on the nodes one page draws; above it the most connected are kept.
DEFAULT_MAX_NODES = 2000
#: Views up to this many nodes use networkx ForceAtlas2 (dense, O(n^2) per iteration).
FA2_MAX_NODES = 400
#: Relation drawn between two kept entities that share a paper when the view keeps no papers.
CO_MENTIONED = "CO_MENTIONED"
_BRIDGE_LABELS = frozenset({"Paper", "Result"})
#: Each entity keeps its this-many strongest co-mention links (a hub would otherwise link to all).
CO_MENTION_LINKS = 6


@dataclass
class Selection:
    """The part of a graph one HTML page shows.

    Attributes
    ----------
    graph : networkx.MultiDiGraph
        The view's own structure, built from the graph's typed records: the kept
        nodes (attribute ``label``) and the relations among them (``type`` and
        ``count``), plus ``CO_MENTIONED`` edges (attribute ``papers``) when the
        view keeps no papers.
    degree : dict
        Degree of every kept node in the *whole* graph (the size of its node).
    total : int
        Nodes in the whole graph.
    candidates : int
        Nodes that matched ``focus``/``types`` before ``top`` and the cap.
    capped : bool
        True when ``max_nodes`` cut the view.
    focus : str or None
        The focused node id.
    notice : str or None
        A sentence for the page explaining what was left out.
    """

    graph: nx.MultiDiGraph
    degree: dict[str, int]
    total: int
    candidates: int
    capped: bool = False
    focus: str | None = None
    notice: str | None = None


def resolve_types(types: Iterable[str] | None) -> set[str]:
    """Node labels from user type names (``dataset``, ``Method``, ``repositories``).

    >>> sorted(resolve_types(["dataset", "Methods"]))
    ['Dataset', 'Method']
    """
    if not types:
        return set()
    by_name = {label.lower(): label for label in NODE_LABELS}
    by_name.update({"repositories": "Repository", "repo": "Repository", "repos": "Repository"})
    labels = set()
    for name in types:
        key = name.strip().lower()
        label = by_name.get(key) or by_name.get(key.removesuffix("s"))
        if label is None:
            raise ExportError(f"unknown node type {name!r}; choose from: "
                              f"{', '.join(label.lower() for label in NODE_LABELS)}")
        labels.add(label)
    return labels


def suggest_ids(kg: KnowledgeGraph, wanted: str, n: int = 5) -> list[str]:
    """Node ids close to *wanted*: ids or names containing it, then fuzzy id matches.

    >>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
    >>> suggest_ids(kg, "coco"), suggest_ids(kg, "dataset:cocoo")
    (['dataset:coco'], ['dataset:coco'])
    """
    needle = wanted.strip().lower()
    hits = []
    if needle:
        for node in kg.nodes():
            names = [node.id, str(node.get("name", "")), *map(str, node.get("aliases", ()))]
            if any(needle in name.lower() for name in names):
                hits.append(node.id)
    hits.sort(key=lambda i: (-kg.degree(i), i))
    fuzzy = difflib.get_close_matches(wanted, [node.id for node in kg.nodes()], n=n, cutoff=0.85)
    return list(dict.fromkeys(hits[:n] + fuzzy))[:n]


def _missing_focus(kg: KnowledgeGraph, focus: str) -> ExportError:
    close = suggest_ids(kg, focus)
    hint = f"did you mean: {', '.join(close)}?" if close else "no similar id either"
    return ExportError(f"no node with id {focus!r} in the graph; {hint} "
                       "(ids look like dataset:coco or method:mask-r-cnn; `kg stats GRAPH` lists the top ones)")


def _co_mentions(kg: KnowledgeGraph, kept: set[str]) -> Counter:
    """Pairs of kept nodes that share a hidden paper (or result), with the number shared."""
    pairs: Counter = Counter()
    bridges = {b for n in kept for b in kg.neighbours(n) if b not in kept and kg.label_of(b) in _BRIDGE_LABELS}
    for bridge in bridges:
        ends = sorted(m for m in kg.neighbours(bridge) if m in kept)
        for i, a in enumerate(ends):
            for b in ends[i + 1:]:
                pairs[a, b] += 1
    return pairs


def _strongest(pairs: Counter, per_node: int) -> list[tuple[tuple[str, str], int]]:
    """The pairs among each node's *per_node* strongest (most shared papers, then by id), sorted."""
    ranked = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    taken: Counter = Counter()
    keep = []
    for (a, b), shared in ranked:
        if taken[a] < per_node or taken[b] < per_node:
            keep.append(((a, b), shared))
            taken[a] += 1
            taken[b] += 1
    return sorted(keep)


def ranking_key(node_id: str, degree: int, focus: str | None = None) -> tuple[bool, int, str]:
    """Where a node comes in a view: the focus first, then by degree (highest first), ties by id."""
    return node_id != focus, -degree, node_id


def select_subgraph(kg: KnowledgeGraph, *, focus: str | None = None, depth: int = 2,
                    types: Sequence[str] | None = None, top: int | None = None,
                    max_nodes: int = DEFAULT_MAX_NODES) -> Selection:
    """Choose the nodes and edges of one view.

    Parameters
    ----------
    kg : KnowledgeGraph
        The whole graph.
    focus : str, optional
        Keep only the nodes within *depth* hops (either direction) of this id.
    depth : int
        Hops around *focus*.
    types : sequence of str, optional
        Keep only these node types (``dataset``, ``method``, ...). When the view
        keeps no papers (by *types*, *top* or the cap), entities that share a
        paper (or a reported result) are joined by a ``CO_MENTIONED`` edge; each
        entity keeps its ``CO_MENTION_LINKS`` strongest such links.
    top : int, optional
        Keep only the *top* nodes with the highest degree (ties by id).
    max_nodes : int
        Hard cap; above it the most connected nodes are kept and ``notice`` says so.

    Raises
    ------
    ExportError
        When *focus* is not a node id (the message suggests close ids) or a
        type is unknown.
    """
    if depth < 0 or max_nodes < 1 or (top is not None and top < 1):
        raise ExportError("depth must be >= 0, max_nodes and top >= 1")
    labels = resolve_types(types)
    if focus is not None:
        if focus not in kg:
            raise _missing_focus(kg, focus)
        nodes = kg.within(focus, depth)
    else:
        nodes = {node.id for node in kg.nodes()}
    if labels:
        nodes = {n for n in nodes if kg.label_of(n) in labels or n == focus}
    degree = {n: kg.degree(n) for n in nodes}
    ranked = sorted(nodes, key=lambda n: ranking_key(n, degree[n], focus))
    candidates = len(ranked)
    if top is not None:
        ranked = ranked[:top]
    capped = len(ranked) > max_nodes
    ranked = ranked[:max_nodes]
    kept = set(ranked)
    # in id order, not insertion order: a graph grown by --update draws like a full build of the same papers
    relations = ((rel.source, rel.target, rel.type, rel.count)
                 for source in sorted(kept)
                 for rel in sorted(kg.relations(source=source), key=lambda r: (r.target, r.type))
                 if rel.target in kept)
    return assemble_selection(ranked, {n: kg.label_of(n) for n in ranked}, {n: degree[n] for n in ranked},
                              relations, lambda: _co_mentions(kg, kept), total=kg.number_of_nodes(),
                              candidates=candidates, capped=capped, focus=focus, top=top, max_nodes=max_nodes)


def assemble_selection(ranked: Sequence[str], labels: Mapping[str, str], degree: Mapping[str, int],
                       relations: Iterable[tuple[str, str, str, int]], co_mentions: Callable[[], Counter], *,
                       total: int, candidates: int, capped: bool, focus: str | None, top: int | None,
                       max_nodes: int) -> Selection:
    """The :class:`Selection` of the *ranked* nodes, however they were chosen (a graph, or the store's tables).

    *relations* are ``(source, target, type, count)`` among the ranked nodes,
    in (source, target, type) order; *co_mentions* is called only when no
    paper or result is kept, and returns the pairs of ranked nodes that share
    a paper or result left out, with how many they share (``_co_mentions``).
    """
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, {"label": labels[n]}) for n in ranked)
    sub.add_edges_from((source, target, rel, {"type": rel, "count": count})
                       for source, target, rel, count in relations)
    if not any(labels[n] in _BRIDGE_LABELS for n in ranked):
        for (a, b), shared in _strongest(co_mentions(), CO_MENTION_LINKS):
            sub.add_edge(a, b, key=CO_MENTIONED, type=CO_MENTIONED, papers=shared)

    notice = None
    if capped:
        notice = (f"Showing the {max_nodes:,} most connected of {candidates:,} nodes (the --max-nodes cap). "
                  "To see the rest, open one neighbourhood: kg view GRAPH --focus ID --depth 2, "
                  "or narrow by type: --type dataset --top 300.")
    elif top is not None and candidates > top:
        notice = f"Showing the {top:,} most connected of {candidates:,} nodes (--top)."
    return Selection(sub, {n: degree[n] for n in ranked}, total, candidates, capped, focus, notice)


def _igraph_layout(graph: nx.Graph, seed: int) -> np.ndarray:
    import igraph

    index = {n: i for i, n in enumerate(graph)}
    ig = igraph.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in graph.edges()])
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, (len(index), 2)) * math.sqrt(len(index))
    # igraph draws from Python's `random` module during the layout: seed it for this call only
    igraph.set_random_number_generator(random.Random(seed))
    try:
        layout = ig.layout_fruchterman_reingold(niter=300, seed=start.tolist(), grid=True)
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(layout.coords, dtype=float)


def _component_layout(graph: nx.Graph, seed: int, fa2_max_nodes: int) -> np.ndarray:
    """Coordinates of one connected component, centred, within [-1, 1]."""
    n = graph.number_of_nodes()
    if n <= 2:
        coords = np.array([[-1.0, 0.0], [1.0, 0.0]][:n]) if n == 2 else np.zeros((1, 2))
    elif n <= fa2_max_nodes:
        pos = nx.forceatlas2_layout(graph, seed=seed, max_iter=200, gravity=1.0, scaling_ratio=10.0,
                                     strong_gravity=True)  # even spacing: labels overlap less
        coords = np.asarray([pos[v] for v in graph], dtype=float)
    else:
        coords = _igraph_layout(graph, seed)
    coords = coords - coords.mean(axis=0)
    return coords / (float(np.abs(coords).max()) or 1.0)


def _shelf_pack(sizes: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Centres for boxes of the given (width, height), packed row by row, biggest first."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i][1], i))
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    row_width = max(max(w for w, _ in sizes), 1.3 * math.sqrt(area))
    centres: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    x = y = row_height = 0.0
    for i in order:
        w, h = sizes[i]
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        centres[i] = (x + w / 2, y + h / 2)
        x += w + gap
        row_height = max(row_height, h)
    return centres


def compute_layout(graph: nx.Graph, *, seed: int = 7, spacing: float = 110.0,
                   fa2_max_nodes: int = FA2_MAX_NODES) -> dict[str, tuple[float, float]]:
    """Positions for every node of *graph*, in page pixels, deterministic for a *seed*.

    Each connected component is laid out on its own: up to *fa2_max_nodes*
    nodes with :func:`networkx.forceatlas2_layout`, bigger ones with igraph's
    grid Fruchterman-Reingold, which stays near-linear (about 2 s for 5,000
    nodes, see ``benchmarks/html_big_graph.py``) where ForceAtlas2's dense
    O(n^2) arrays take minutes. A component of *n* nodes gets a square of side
    ``spacing * sqrt(n)``; isolated nodes go in a grid, grouped by type; the
    pieces are packed in rows, biggest first, so that small islands do not
    push the main component into a corner of the view.

    >>> pos = compute_layout(nx.path_graph(["a", "b", "c"]))
    >>> sorted(pos), pos == compute_layout(nx.path_graph(["a", "b", "c"]))
    (['a', 'b', 'c'], True)
    """
    simple = nx.Graph()  # structure only: copying node and edge data would dominate big graphs
    simple.add_nodes_from((v, {"label": d.get("label", "")}) for v, d in graph.nodes(data=True))
    simple.add_edges_from((a, b) for a, b in graph.edges() if a != b)
    if simple.number_of_nodes() == 0:
        return {}
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    blocks: list[tuple[list, np.ndarray]] = []
    for nodes in components:
        if len(nodes) > 1:
            # a graph of its own, not simple.subgraph(nodes): a subgraph view of a small part iterates
            # the set of nodes it was given, so the layout would follow Python's hash seed
            sub = nx.Graph()
            sub.add_nodes_from(nodes)
            sub.add_edges_from((a, b) for a in nodes for b in simple.adj[a] if a < b)
            half = spacing * max(math.sqrt(len(nodes)), 1.5) / 2
            blocks.append((list(sub), _component_layout(sub, seed, fa2_max_nodes) * half))
    singles = sorted((c[0] for c in components if len(c) == 1),
                     key=lambda v: (str(simple.nodes[v].get("label", "")), str(v)))
    if singles:
        cols = math.ceil(math.sqrt(len(singles)))
        grid = np.array([(i % cols, i // cols) for i in range(len(singles))], dtype=float) * spacing * 0.8
        blocks.append((singles, grid - grid.max(axis=0) / 2))
    sizes = [tuple(np.ptp(coords, axis=0) + spacing * 0.5) for _, coords in blocks]
    centres = _shelf_pack(sizes, gap=spacing)
    pos: dict[str, tuple[float, float]] = {}
    for (nodes, coords), centre, (w, h) in zip(blocks, centres, sizes):
        shift = np.asarray(centre) - (coords.min(axis=0) + coords.max(axis=0)) / 2
        for v, (x, y) in zip(nodes, coords + shift):
            pos[v] = (float(x), float(y))
    mid = (np.array(list(pos.values())).min(axis=0) + np.array(list(pos.values())).max(axis=0)) / 2
    return {v: (round(x - float(mid[0]), 1), round(y - float(mid[1]), 1)) for v, (x, y) in pos.items()}
