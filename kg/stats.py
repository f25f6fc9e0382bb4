"""Summary statistics of a graph: counts by type, most connected entities."""

from __future__ import annotations

from typing import Any

from kg.graph import KnowledgeGraph

__all__ = ["TOP_LABELS", "top_entities", "graph_stats"]

TOP_LABELS = ("Dataset", "Method", "Metric", "Task", "Repository")


def top_entities(kg: KnowledgeGraph, label: str, n: int = 10) -> list[tuple[str, str, int]]:
    """The *n* entities of *label* linked to the most papers: ``(id, name, papers)``."""
    rows = []
    for node in kg.nodes(label):
        papers = {rel.source for rel in kg.relations(target=node.id) if kg.label_of(rel.source) == "Paper"}
        rows.append((node.id, node.get("name", node.id), len(papers)))
    rows.sort(key=lambda r: (-r[2], r[1].lower()))
    return rows[:n]


def graph_stats(kg: KnowledgeGraph, top: int = 10) -> dict[str, Any]:
    """Counts by node label and edge type, plus the *top* entities of each kind."""
    counts = kg.counts()
    return {
        "nodes": counts["nodes"],
        "edges": counts["edges"],
        "total_nodes": kg.number_of_nodes(),
        "total_edges": kg.number_of_relations(),
        "top": {label: top_entities(kg, label, top) for label in TOP_LABELS},
    }
