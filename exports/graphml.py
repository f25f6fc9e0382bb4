"""GraphML and GEXF exports (for Gephi, Cytoscape, yEd) via networkx.

Both formats hold only scalar attributes, so list and dict properties
(``aliases``, ``authors``, edge ``evidence``) are written as JSON strings, and
an attribute that mixes types across nodes is written as text. Each node's
``label`` is its human name (the title of a paper, the name of an entity) so
that Gephi shows it; the paperkg node label (Paper, Dataset, ...) is ``type``.
Edges carry their relation (``EVALUATES_ON``, ...) as ``relation`` and ``label``,
and an id of their own, unique and stable: ``e`` and 16 hex digits of SHA-1 over
source, relation and target (the local name of the relation's ``rdf:Statement``
in the RDF export), so Gephi, which keys edges by id, keeps every edge, and a
rebuild gives each edge the id it had.

XML 1.0 cannot hold every character a graph.json may (C0 controls, U+FFFF,
lone surrogates): ids and texts are written with those replaced by U+FFFD
(:func:`exports.safe_text.xml_text`), so every parser reads the file.

>>> import tempfile, pathlib, networkx as nx
>>> from kg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> kg.add_node("dataset:coco", "Dataset", name="COCO", aliases=["COCO", "MS COCO"])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "graph.graphml"
>>> write_graphml(kg, path)
>>> back = nx.read_graphml(path)
>>> back.nodes["dataset:coco"]["type"], back.nodes["dataset:coco"]["aliases"]
('Dataset', '["COCO", "MS COCO"]')
>>> edge_id("title:1", "EVALUATES_ON", "dataset:coco")
'e7a82dfd39646b504'
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

import networkx as nx

from exports.html_data import display_name
from exports.rdf_terms import short_hash
from exports.safe_text import xml_text
from kg.graph import KnowledgeGraph
from kg.io import atomic_write

__all__ = ["edge_id", "flat_graph", "write_graphml", "write_gexf"]


def edge_id(source: str, relation: str, target: str) -> str:
    """The GraphML/GEXF id of a relation: ``e`` + 16 hex digits of SHA-1 over ``source|relation|target``.

    A graph holds one relation per (source, type, target), so ids are unique;
    they depend on nothing else, so they are stable across builds. The leading
    letter makes it a valid XML name token.
    """
    return "e" + short_hash(source, relation, target)


def _flat(value: Any) -> Any:
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, tuple):
        value = list(value)
    return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _uniform(records: Iterable[dict[str, Any]]) -> None:
    """Make every attribute one type across *records*, in place: int+float -> float, else text."""
    records = list(records)
    kinds: dict[str, set[type]] = {}
    for rec in records:
        for key, value in rec.items():
            kinds.setdefault(key, set()).add(type(value))
    for rec in records:
        for key, value in rec.items():
            if kinds[key] == {int, float}:
                rec[key] = float(value)
            elif len(kinds[key]) > 1:
                rec[key] = str(value)


def flat_graph(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """A copy of *kg*'s graph with only scalar attributes (see the module docstring).

    Edge keys are :func:`edge_id`. Ids and texts are XML-safe (:func:`~exports.safe_text.xml_text`).

    >>> kg = KnowledgeGraph(); kg.add_node("title:1", "Paper", title="T", year=None)
    >>> dict(flat_graph(kg).nodes["title:1"])
    {'type': 'Paper', 'label': 'T', 'title': 'T'}
    """
    flat = nx.MultiDiGraph()
    nodes = []
    for node in kg.nodes():
        attrs = {"type": node.label, "label": xml_text(display_name(node))}
        attrs.update({xml_text(k): _flat(v) for k, v in node.properties.items() if k not in ("label", "type") and v is not None})
        nodes.append((xml_text(node.id), attrs))
    edges = []
    for rel in kg.relations():
        # `type` means directed/undirected in GEXF, so the relation travels as `relation` (and `label`)
        attrs = {"relation": rel.type, "label": rel.type}
        attrs.update({xml_text(k): _flat(v) for k, v in rel.to_dict().items() if v is not None and k != "label"})
        edges.append((xml_text(rel.source), xml_text(rel.target), edge_id(rel.source, rel.type, rel.target), attrs))
    _uniform(attrs for _, attrs in nodes)
    _uniform(attrs for *_, attrs in edges)
    flat.add_nodes_from(nodes)
    flat.add_edges_from(edges)
    return flat


def write_graphml(kg: KnowledgeGraph, path: str | os.PathLike) -> None:
    """Write *kg* as GraphML (edge ids from :func:`edge_id`, written from the multigraph keys)."""
    with atomic_write(path, "wb", encoding=None) as fh:
        nx.write_graphml(flat_graph(kg), fh, encoding="utf-8", prettyprint=False)


def write_gexf(kg: KnowledgeGraph, path: str | os.PathLike) -> None:
    """Write *kg* as GEXF 1.2 (Gephi's own format), edge ids from :func:`edge_id`."""
    flat = flat_graph(kg)
    for *_, key, data in flat.edges(keys=True, data=True):
        data["id"] = key  # networkx numbers GEXF edges in iteration order unless they carry an id
    with atomic_write(path, "wb", encoding=None) as fh:
        nx.write_gexf(flat, fh, encoding="utf-8", prettyprint=False)
