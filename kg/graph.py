"""The knowledge graph: merge-by-id semantics over a networkx MultiDiGraph, read through typed views.

Nodes are keyed by their id (``dataset:coco``, ``arxiv:1706.03762``) and carry
a ``label`` (Paper, Method, Dataset, ...). Relations are keyed by their type,
so a paper that mentions COCO five times has *one* ``EVALUATES_ON`` relation
whose ``evidence`` holds the five mentions as :class:`~kg.model.Evidence`.

Merging is associative, commutative and idempotent: adding the same fragment
twice, or fragments in another order, gives the same graph. That is what lets
fragments be produced in parallel and merged anywhere (DESIGN.md, Scaling).

Everything outside this module reads the graph through :meth:`KnowledgeGraph.nodes`,
:meth:`KnowledgeGraph.relations` and the other typed accessors, never through
networkx: the storage can change without touching an exporter.

>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> p = Paper(id="title:1", title="T", abstract="We use COCO.")
>>> ev = Evidence("COCO", 9, 13, "We use COCO.", "dataset_ruler")
>>> frag = PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO", ev)])
>>> kg = KnowledgeGraph()
>>> kg.add_fragment(frag); kg.add_fragment(frag)
>>> kg.counts()["nodes"]
{'Dataset': 1, 'Paper': 1}
>>> [(r.type, r.count, r.evidence[0].surface) for r in kg.relations(source="title:1")]
[('EVALUATES_ON', 1, 'COCO')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import networkx as nx

from kg.model import (
    ENTITY_KINDS,
    RELATIONS,
    Evidence,
    Mention,
    Paper,
    PaperFragment,
    author_id,
    result_id,
)

__all__ = ["Node", "Relation", "KnowledgeGraph"]

_UNION_FIELDS = frozenset({"sources", "aliases"})
_PAPER_FIELDS = ("title", "abstract", "record_id", "arxiv_id", "doi", "url", "date", "year")
#: Relation properties kept by the merge itself (the rest of a relation is its evidence).
_RELATION_FIELDS = ("count", "confidence", "names")
_EMPTY: Mapping[str, Any] = MappingProxyType({})
#: Keys of a relation's graph.json object that are not among its other properties.
_RELATION_KEYS = frozenset({"source", "target", "type", "evidence", "names", "count", "confidence"})


@dataclass(frozen=True, slots=True)
class Node:
    """One node as exporters see it: id, label and its properties (read-only, ``label`` not among them)."""

    id: str
    label: str
    properties: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        """A property, or *default*."""
        return self.properties.get(key, default)

    @property
    def name(self) -> str:
        """The node's display name: its ``name``, a paper's ``title``, else its id."""
        return str(self.properties.get("name") or self.properties.get("title") or self.id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Node:
        """A node from its graph.json object (``id``, ``label`` and the properties)."""
        return cls(data["id"], data["label"],
                   MappingProxyType({k: v for k, v in data.items() if k not in ("id", "label")}))


@dataclass(frozen=True, slots=True)
class Relation:
    """One relation: its ends, its type, its evidence and the merge's summary of it."""

    source: str
    target: str
    type: str
    evidence: tuple[Evidence, ...]
    names: tuple[str, ...] = ()  #: the canonical names the target was given on this relation
    properties: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)  #: anything else a relation carries

    @property
    def count(self) -> int:
        """How many pieces of evidence (mentions) support the relation."""
        return len(self.evidence)

    @property
    def confidence(self) -> float:
        """The highest confidence among its evidence (1.0 without evidence)."""
        return max((e.confidence for e in self.evidence), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        """Its properties as graph.json stores them: evidence, names, count, confidence and any others."""
        out: dict[str, Any] = {"evidence": [e.to_dict() for e in self.evidence]}
        if self.names:
            out["names"] = list(self.names)
        out.update(count=self.count, confidence=self.confidence, **self.properties)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Relation:
        """A relation from its graph.json object: ``source``, ``target``, ``type`` and :meth:`to_dict`'s keys.

        ``count`` and ``confidence`` are derived from the evidence, so they are not kept as properties.
        """
        extra = {k: v for k, v in data.items() if k not in _RELATION_KEYS}
        return cls(data["source"], data["target"], data["type"],
                   tuple(Evidence.from_dict(e) for e in data.get("evidence", ())), tuple(data.get("names", ())),
                   MappingProxyType(extra))


def _is_alias(text: str) -> bool:
    """A surface worth listing as a name: slash lists ("RefCOCO/+/g") leave bits like "g"."""
    return len(text) >= 2 and any(ch.isalnum() for ch in text)


class KnowledgeGraph:
    """A property graph of papers and the entities they mention."""

    def __init__(self) -> None:
        self._g = nx.MultiDiGraph()
        # merge bookkeeping, kept out of node data and out of graph.json: votes[node][name] is the
        # number of relations that gave the node that name (derivable from the relations' names)
        self._votes: dict[str, Counter] = {}

    # ------------------------------------------------------------------ nodes
    def _merge_node(self, node_id: str, label: str, props: Mapping[str, Any]) -> None:
        g = self._g
        if node_id not in g:
            g.add_node(node_id, label=label)
        data = g.nodes[node_id]
        for key, value in props.items():
            if value is None or value == "" or value == ():
                continue
            current = data.get(key)
            if current in (None, "", (), []):
                data[key] = list(value) if isinstance(value, tuple) else value
            elif key in _UNION_FIELDS:
                data[key] = sorted(set(current) | set(value))

    def _merge_entity(self, kind: str, node_id: str, name: str, surface: str, props: Mapping[str, Any],
                      aliases: bool = True) -> None:
        self._merge_node(node_id, ENTITY_KINDS[kind], props)
        data = self._g.nodes[node_id]
        data.setdefault("name", name)
        known = set(data.get("aliases", ()))
        if aliases:
            known.update(a for a in (name, surface) if _is_alias(a))
        data["aliases"] = sorted(known)

    def _vote(self, node_id: str, name: str) -> None:
        # one vote per (relation, name): the most used canonical name wins, ties go to
        # the smaller string, so the name depends neither on merge order nor on
        # how often the same fragment is merged
        votes = self._votes.setdefault(node_id, Counter())
        votes[name] += 1
        self._g.nodes[node_id]["name"] = min(votes, key=lambda n: (-votes[n], n))

    def add_node(self, node_id: str, label: str, **properties: Any) -> None:
        """Merge one node: empty properties never overwrite, ``aliases`` and ``sources`` are unions.

        >>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO", aliases=("MS COCO",))
        >>> kg.node("dataset:coco").properties
        mappingproxy({'name': 'COCO', 'aliases': ['MS COCO']})
        """
        self._merge_node(node_id, label, properties)

    def set_properties(self, node_id: str, **properties: Any) -> None:
        """Overwrite properties of an existing node (enrichment from outside sources; merges never overwrite).

        >>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="coco")
        >>> kg.set_properties("dataset:coco", name="COCO", url="https://cocodataset.org")
        >>> kg.node("dataset:coco").name
        'COCO'
        """
        if "label" in properties:
            raise ValueError("a node's label is fixed when it is added")
        self._g.nodes[node_id].update(properties)

    def add_paper(self, paper: Paper) -> None:
        props = {k: getattr(paper, k) for k in _PAPER_FIELDS}
        props["authors"] = list(paper.authors)
        props["sources"] = [paper.source] if paper.source else []
        self._merge_node(paper.id, "Paper", props)

    # -------------------------------------------------------------- relations
    def add_relation(self, source: str, target: str, rel: str, evidence: Iterable[Evidence] = (),
                     names: Iterable[str] = ()) -> None:
        """Merge one relation between existing nodes: evidence is a union (by offsets, extractor, surface).

        *names* are the canonical names this relation gives *target*; each new
        one casts a vote for the node's ``name``.
        """
        g = self._g
        if not g.has_edge(source, target, key=rel):
            g.add_edge(source, target, key=rel, type=rel, evidence=[])
        data = g.edges[source, target, rel]
        for name in names:
            if name and name not in data.setdefault("names", []):
                data["names"] = sorted([*data["names"], name])
                self._vote(target, name)
        merged = {e.sort_key(): e for e in data["evidence"]}
        for ev in evidence:
            merged.setdefault(ev.sort_key(), ev)
        data["evidence"] = [merged[k] for k in sorted(merged)]
        data["count"] = len(data["evidence"])
        data["confidence"] = max((e.confidence for e in data["evidence"]), default=1.0)

    def add_mention(self, paper: str, mention: Mention) -> None:
        rel_key = f"method:{mention.role or 'used'}" if mention.kind == "method" else mention.kind
        self._merge_entity(mention.kind, mention.entity_id, mention.name, mention.evidence.surface,
                           dict(mention.props))
        self.add_relation(paper, mention.entity_id, RELATIONS[rel_key], [mention.evidence], [mention.name])

    def add_fragment(self, fragment: PaperFragment) -> None:
        """Merge one paper's fragment into the graph."""
        paper = fragment.paper
        self.add_paper(paper)
        for mention in fragment.resolved_mentions():  # one paper either proposes or uses a method, never both
            self.add_mention(paper.id, mention)
        for name in paper.authors:
            ev = Evidence(name, None, None, "", "metadata", 1.0)
            self.add_mention(paper.id, Mention("author", author_id(name), name, ev))
        for result in fragment.results:
            rid = result_id(paper.id, result.metric_id, result.value, result.dataset_id, result.method_id)
            self._merge_node(rid, "Result", {
                "value": result.value, "unit": result.unit, "raw": result.raw,
                "metric": result.metric, "dataset": result.dataset, "method": result.method,
                "paper": paper.id,
            })
            ev = [result.evidence]
            self.add_relation(paper.id, rid, RELATIONS["result"], ev)
            links = [("metric", result.metric_id, result.metric, "OF_METRIC"),
                     ("dataset", result.dataset_id, result.dataset, "ON_DATASET"),
                     ("method", result.method_id, result.method, "OF_METHOD")]
            for kind, target, name, rel in links:
                if target and name:
                    # the result names its dataset as written ("COCO test-dev"): it
                    # names a node only when no mention did, and casts no vote
                    if target not in self._g:
                        self._merge_entity(kind, target, name, "", {}, aliases=False)
                    self.add_relation(rid, target, rel, ev)

    def merge(self, other: KnowledgeGraph) -> None:
        """Merge another graph into this one (same rules as fragments)."""
        for node in other.nodes():
            props = dict(node.properties)
            name = props.pop("name", None)
            self._merge_node(node.id, node.label, props)
            if name is not None:
                self._g.nodes[node.id].setdefault("name", name)
        for rel in other.relations():
            self.add_relation(rel.source, rel.target, rel.type, rel.evidence, rel.names)

    # ---------------------------------------------------------------- reading
    @staticmethod
    def _node(node_id: str, data: dict[str, Any]) -> Node:
        return Node(node_id, data["label"], MappingProxyType({k: v for k, v in data.items() if k != "label"}))

    @staticmethod
    def _relation(source: str, target: str, key: str, data: dict[str, Any]) -> Relation:
        extra = {k: v for k, v in data.items() if k not in ("type", "evidence", *_RELATION_FIELDS)}
        return Relation(source, target, key, tuple(data.get("evidence", ())), tuple(data.get("names", ())),
                        MappingProxyType(extra))

    def nodes(self, label: str | None = None, *, ordered: bool = False) -> Iterator[Node]:
        """Every node (of *label*), in the order they were added, or by id when *ordered*."""
        items = sorted(self._g.nodes(data=True), key=lambda item: item[0]) if ordered else self._g.nodes(data=True)
        for node_id, data in items:
            if label is None or data["label"] == label:
                yield self._node(node_id, data)

    def node(self, node_id: str) -> Node:
        """The node with this id (``KeyError`` if there is none)."""
        return self._node(node_id, self._g.nodes[node_id])

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def label_of(self, node_id: str) -> str:
        """The label of a node (``KeyError`` if there is none)."""
        return self._g.nodes[node_id]["label"]

    def relations(self, rel: str | None = None, *, source: str | None = None, target: str | None = None,
                  ordered: bool = False) -> Iterator[Relation]:
        """Every relation (of type *rel*, from *source*, to *target*), in the order they were added,
        or by (source, target, type) when *ordered*."""
        g = self._g
        if source is not None:
            edges = g.out_edges(source, keys=True, data=True) if source in g else ()
        elif target is not None:
            edges = g.in_edges(target, keys=True, data=True) if target in g else ()
        else:
            edges = g.edges(keys=True, data=True)
        if ordered:
            edges = sorted(edges, key=lambda e: e[:3])
        for s, t, key, data in edges:
            if (rel is None or key == rel) and (target is None or t == target):
                yield self._relation(s, t, key, data)

    def relation(self, source: str, target: str, rel: str) -> Relation:
        """The relation of type *rel* from *source* to *target* (``KeyError`` if there is none)."""
        return self._relation(source, target, rel, self._g.edges[source, target, rel])

    def has_relation(self, source: str, target: str, rel: str) -> bool:
        return self._g.has_edge(source, target, key=rel)

    def neighbours(self, node_id: str) -> set[str]:
        """Ids of the nodes one relation away, in either direction."""
        return set(nx.all_neighbors(self._g, node_id))

    def within(self, node_id: str, depth: int) -> set[str]:
        """Ids of the nodes at most *depth* relations away from *node_id*, in either direction (itself included)."""
        undirected = self._g.to_undirected(as_view=True)
        return set(nx.single_source_shortest_path_length(undirected, node_id, cutoff=depth))

    def degree(self, node_id: str) -> int:
        """The number of relations at a node, in and out."""
        return self._g.degree(node_id)

    def number_of_nodes(self) -> int:
        return self._g.number_of_nodes()

    def number_of_relations(self) -> int:
        return self._g.number_of_edges()

    def paper_ids(self) -> set[str]:
        return {n.id for n in self.nodes("Paper")}

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts by label and relation counts by type, sorted by name."""
        nodes = Counter(d.get("label", "?") for _, d in self._g.nodes(data=True))
        edges = Counter(k for _, _, k in self._g.edges(keys=True))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def __len__(self) -> int:
        return self._g.number_of_nodes()
