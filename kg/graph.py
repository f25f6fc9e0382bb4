"""The knowledge graph: a networkx MultiDiGraph with merge-by-id semantics.

Nodes are keyed by their id (``dataset:coco``, ``arxiv:1706.03762``) and carry
a ``label`` (Paper, Method, Dataset, ...). Edges are keyed by their relation
type, so a paper that mentions COCO five times has *one* ``EVALUATES_ON``
edge whose ``evidence`` list holds the five mentions.

Merging is associative, commutative and idempotent: adding the same fragment
twice, or fragments in another order, gives the same graph. That is what lets
fragments be produced in parallel and merged anywhere (DESIGN.md, Scaling).

>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> p = Paper(id="title:1", title="T", abstract="We use COCO.")
>>> ev = Evidence("COCO", 9, 13, "We use COCO.", "dataset_ruler")
>>> frag = PaperFragment(p, [Mention("dataset", "dataset:coco", "COCO", ev)])
>>> kg = KnowledgeGraph()
>>> kg.add_fragment(frag); kg.add_fragment(frag)
>>> kg.counts()["nodes"]
{'Dataset': 1, 'Paper': 1}
>>> kg.graph.edges["title:1", "dataset:coco", "EVALUATES_ON"]["count"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
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

__all__ = ["KnowledgeGraph", "evidence_dict"]

_UNION_FIELDS = frozenset({"sources", "aliases"})
_PAPER_FIELDS = ("title", "abstract", "record_id", "arxiv_id", "doi", "url", "date", "year")


def _is_alias(text: str) -> bool:
    """A surface worth listing as a name: slash lists ("RefCOCO/+/g") leave bits like "g"."""
    return len(text) >= 2 and any(ch.isalnum() for ch in text)


def evidence_dict(ev: Evidence) -> dict[str, Any]:
    return asdict(ev)


def _evidence_key(ev: dict[str, Any]) -> tuple:
    return (
        ev.get("start") if ev.get("start") is not None else -1,
        ev.get("end") if ev.get("end") is not None else -1,
        ev.get("extractor", ""),
        ev.get("surface", ""),
    )


class KnowledgeGraph:
    """A property graph of papers and the entities they mention."""

    def __init__(self, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()

    # ------------------------------------------------------------------ nodes
    def _merge_node(self, node_id: str, label: str, props: dict[str, Any]) -> None:
        g = self.graph
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

    def _merge_entity(self, kind: str, node_id: str, name: str, surface: str, props: dict,
                      aliases: bool = True) -> None:
        self._merge_node(node_id, ENTITY_KINDS[kind], dict(props))
        data = self.graph.nodes[node_id]
        data.setdefault("name_votes", {})
        data.setdefault("name", name)
        known = set(data.get("aliases", ()))
        if aliases:
            known.update(a for a in (name, surface) if _is_alias(a))
        data["aliases"] = sorted(known)

    def _vote(self, node_id: str, name: str) -> None:
        # one vote per (edge, name): the most used canonical name wins, ties go to
        # the smaller string, so the name depends neither on merge order nor on
        # how often the same fragment is merged
        data = self.graph.nodes[node_id]
        votes = data.setdefault("name_votes", {})
        votes[name] = votes.get(name, 0) + 1
        data["name"] = min(votes, key=lambda n: (-votes[n], n))

    def add_paper(self, paper: Paper) -> None:
        props = {k: getattr(paper, k) for k in _PAPER_FIELDS}
        props["authors"] = list(paper.authors)
        props["sources"] = [paper.source] if paper.source else []
        self._merge_node(paper.id, "Paper", props)

    # ------------------------------------------------------------------ edges
    def _merge_edge(self, source: str, target: str, rel: str, evidence: Iterable[dict],
                    names: Iterable[str] = ()) -> None:
        g = self.graph
        if not g.has_edge(source, target, key=rel):
            g.add_edge(source, target, key=rel, type=rel, evidence=[])
        data = g.edges[source, target, rel]
        for name in names:
            if name and name not in data.setdefault("names", []):
                data["names"] = sorted([*data["names"], name])
                self._vote(target, name)
        merged = {_evidence_key(e): e for e in data["evidence"]}
        for ev in evidence:
            merged.setdefault(_evidence_key(ev), dict(ev))
        data["evidence"] = [merged[k] for k in sorted(merged)]
        data["count"] = len(data["evidence"])
        data["confidence"] = max((e.get("confidence", 1.0) for e in data["evidence"]), default=1.0)

    def add_mention(self, paper: str, mention: Mention) -> None:
        rel_key = f"method:{mention.role or 'used'}" if mention.kind == "method" else mention.kind
        self._merge_entity(
            mention.kind, mention.entity_id, mention.name, mention.evidence.surface, dict(mention.props)
        )
        self._merge_edge(paper, mention.entity_id, RELATIONS[rel_key], [evidence_dict(mention.evidence)],
                         [mention.name])

    def add_fragment(self, fragment: PaperFragment) -> None:
        """Merge one paper's fragment into the graph."""
        paper = fragment.paper
        self.add_paper(paper)
        proposed = {m.entity_id for m in fragment.mentions if m.kind == "method" and m.role == "proposed"}
        for mention in fragment.mentions:
            if mention.kind == "method" and mention.entity_id in proposed and mention.role != "proposed":
                # one paper either proposes or uses a method, never both
                mention = Mention(mention.kind, mention.entity_id, mention.name, mention.evidence,
                                  "proposed", mention.props)
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
            ev = [evidence_dict(result.evidence)]
            self._merge_edge(paper.id, rid, RELATIONS["result"], ev)
            links = [("metric", result.metric_id, result.metric, "OF_METRIC"),
                     ("dataset", result.dataset_id, result.dataset, "ON_DATASET"),
                     ("method", result.method_id, result.method, "OF_METHOD")]
            for kind, target, name, rel in links:
                if target and name:
                    # the result names its dataset as written ("COCO test-dev"): it
                    # names a node only when no mention did, and casts no vote
                    if target not in self.graph:
                        self._merge_entity(kind, target, name, "", {}, aliases=False)
                    self._merge_edge(rid, target, rel, ev)

    def merge(self, other: KnowledgeGraph) -> None:
        """Merge another graph into this one (same rules as fragments)."""
        for node_id, data in other.graph.nodes(data=True):
            data = dict(data)
            label = data.pop("label")
            data.pop("name_votes", None)  # votes are re-cast by the edges below
            name = data.pop("name", None)
            self._merge_node(node_id, label, data)
            if name is not None:
                self.graph.nodes[node_id].setdefault("name", name)
                self.graph.nodes[node_id].setdefault("name_votes", {})
        for source, target, rel, data in other.graph.edges(keys=True, data=True):
            self._merge_edge(source, target, rel, data.get("evidence", []), data.get("names", ()))

    # ---------------------------------------------------------------- queries
    def nodes(self, label: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        for node_id, data in self.graph.nodes(data=True):
            if label is None or data.get("label") == label:
                yield node_id, data

    def edges(self, rel: str | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for source, target, key, data in self.graph.edges(keys=True, data=True):
            if rel is None or key == rel:
                yield source, target, key, data

    def paper_ids(self) -> set[str]:
        return {n for n, _ in self.nodes("Paper")}

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts by label and edge counts by type, sorted by name."""
        nodes = Counter(d.get("label", "?") for _, d in self.graph.nodes(data=True))
        edges = Counter(k for _, _, k in self.graph.edges(keys=True))
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}

    def __len__(self) -> int:
        return self.graph.number_of_nodes()
