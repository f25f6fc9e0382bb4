"""``graph.json``: the canonical, versioned, reloadable graph artefact.

Layout::

    {"format": "paperkg-graph", "version": 1, "generator": "paperkg 0.1.0",
     "nodes": [{"id": ..., "label": ..., ...properties}],
     "edges": [{"source": ..., "target": ..., "type": ..., "evidence": [...], ...}]}

Nodes are sorted by id and edges by (source, target, type), so the same graph
always serialises to the same bytes. Every exporter reads this file.

>>> import tempfile, pathlib
>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph(); kg.add_node("dataset:coco", "Dataset", name="COCO")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.json"
>>> write_graph_json(kg, path)
>>> read_graph_json(path).node("dataset:coco").name
'COCO'
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kg import __version__
from kg.errors import GraphFormatError
from kg.graph import KnowledgeGraph
from kg.io import atomic_write
from kg.model import Evidence

__all__ = ["FORMAT", "VERSION", "graph_to_dict", "graph_from_dict", "write_graph_json", "read_graph_json"]

FORMAT = "paperkg-graph"
VERSION = 1


def graph_to_dict(kg: KnowledgeGraph) -> dict[str, Any]:
    nodes = [{"id": n.id, "label": n.label, **n.properties} for n in kg.nodes(ordered=True)]
    edges = [{"source": r.source, "target": r.target, "type": r.type, **r.to_dict()} for r in kg.relations(ordered=True)]
    return {"format": FORMAT, "version": VERSION, "generator": f"paperkg {__version__}",
            "counts": kg.counts(), "nodes": nodes, "edges": edges}


def graph_from_dict(data: dict[str, Any], source: str = "<dict>") -> KnowledgeGraph:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise GraphFormatError(f"{source}: not a paperkg graph.json (missing \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if version != VERSION:
        raise GraphFormatError(
            f"{source}: graph.json version {version!r} is not supported by this paperkg "
            f"(expects {VERSION}); rebuild it with `kg build`"
        )
    kg = KnowledgeGraph()
    for node in data.get("nodes", []):
        props = {k: v for k, v in node.items() if k not in ("id", "label", "name_votes")}  # name_votes: paperkg <= 0.1
        kg.add_node(node["id"], node["label"], **props)
    for edge in data.get("edges", []):
        kg.add_relation(edge["source"], edge["target"], edge["type"],
                        [Evidence.from_dict(e) for e in edge.get("evidence", [])], edge.get("names", ()))
    return kg


def write_graph_json(kg: KnowledgeGraph, path: str | os.PathLike) -> None:
    """Write *kg* to *path* atomically."""
    with atomic_write(path) as fh:
        json.dump(graph_to_dict(kg), fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")


def read_graph_json(path: str | os.PathLike) -> KnowledgeGraph:
    """Load a graph.json written by :func:`write_graph_json`."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise GraphFormatError(f"{path}: no such file; run `kg build INPUT -o DIR` first") from None
    except json.JSONDecodeError as exc:
        raise GraphFormatError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    return graph_from_dict(data, str(path))
