"""N-Triples and Turtle streamed out of a :class:`~kg.store.GraphStore`, paper by paper.

The whole-graph writers map a :class:`~kg.graph.KnowledgeGraph`; a store never
holds one. This module feeds the same mapping (:func:`exports.rdf_map.iter_triples`)
one paper at a time (the paper, its results and their relations, with evidence)
and then the merged entities, so memory holds one paper and the entities, never
the graph. The triples are those of the in-memory export of the same graph; a
few that the whole-graph writer states once per file (the ``prov:Agent`` of each
extractor) repeat once per paper, which N-Triples allows and any RDF store merges.

The entities come last, so ``kg build --store --update`` appends the new
papers' triples and rewrites only the entities (:mod:`kg.appendable`).

Turtle is the same triples in the same order of pieces: the ``@prefix`` block
once at the head, then each paper's triples grouped by subject
(:mod:`exports.turtle_text`), then the entities'. The bytes differ from the
in-memory writer's (rdflib sorts a whole graph); the parsed graph is the same.

>>> import tempfile, pathlib
>>> from kg.model import Paper, PaperFragment, Mention, Evidence
>>> from kg.store import GraphStore
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> store = GraphStore(tmp / "graph.store")
>>> store.add_fragment(PaperFragment(Paper("title:1", "T", "We use COCO."),
...     [Mention("dataset", "dataset:coco", "COCO", Evidence("COCO", 9, 13, "We use COCO.", "r"))]))
>>> write_store_ntriples(store, tmp / "graph.nt")
'written'
>>> len((tmp / "graph.nt").read_text().splitlines()) > 10
True
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator

from exports.rdf_fast import ntriples_lines
from exports.rdf_map import iter_triples
from exports.rdf_terms import PREFIXES
from exports.turtle_text import TurtleTerms, prefix_block, turtle_block
from kg.appendable import Sections, write_sections
from kg.graph import Node, Relation
from kg.store import GraphStore

__all__ = ["entity_view", "entity_views", "paper_views", "write_store_ntriples", "write_store_turtle"]

_PREFIXES = {name: str(namespace) for name, namespace in PREFIXES.items()}
class _View:
    """The part of the graph :func:`~exports.rdf_map.iter_triples` reads: some nodes and some relations."""

    def __init__(self, nodes: Iterable[Node], relations: Iterable[Relation] = ()) -> None:
        self._nodes = {node.id: node for node in nodes}
        self._relations = list(relations)

    def nodes(self) -> Iterator[Node]:
        return iter(self._nodes.values())

    def relations(self) -> Iterator[Relation]:
        return iter(self._relations)

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes






def paper_views(store: GraphStore, *, after: int | None = None) -> Iterator[_View]:
    """One view per paper of the store (with *after*, only the papers merged after that mark)."""
    for _paper, nodes, relations in store.papers(after=after):
        yield _View(map(Node.from_dict, nodes), map(Relation.from_dict, relations))


def entity_view(store: GraphStore) -> _View:
    """The merged entities, as one view."""
    return _View(Node.from_dict({"id": node_id, **data}) for node_id, data in store.entities())


def entity_views(store: GraphStore, size: int = 5_000) -> Iterator[_View]:
    """The merged entities, *size* at a time (an entity's triples need only the entity itself)."""
    entities = iter(store.entities())
    while chunk := list(itertools.islice(entities, size)):
        yield _View(Node.from_dict({"id": node_id, **data}) for node_id, data in chunk)


def _lines(view: _View, base: str | None) -> str:
    return "".join(ntriples_lines(iter_triples(view, base)))  # type: ignore[arg-type]


def write_store_ntriples(store: GraphStore, path: str | os.PathLike, *, base: str | None = None,
                         append: bool = False) -> str:
    """Write the store's graph as N-Triples to *path*; with *append*, only what the store added.

    Returns what :func:`kg.appendable.write_sections` did: ``"written"`` (the
    whole file, atomically), ``"appended"`` or ``"unchanged"``.
    """
    sections = Sections(head=lambda: (),
                        papers=lambda after: (_lines(v, base) for v in paper_views(store, after=after)),
                        tail=lambda: (_lines(entity_view(store), base),))
    return write_sections(store, path, "ntriples", sections, append=append)


def _turtle(view: _View, base: str | None, terms: TurtleTerms) -> str:
    return turtle_block(iter_triples(view, base), terms)  # type: ignore[arg-type]


def write_store_turtle(store: GraphStore, path: str | os.PathLike, *, base: str | None = None,
                       append: bool = False) -> str:
    """Write the store's graph as Turtle to *path*; with *append*, only what the store added.

    The file parses to the graph :func:`exports.rdf.write_turtle` writes for the
    same papers. Returns what :func:`kg.appendable.write_sections` did.
    """
    terms = TurtleTerms(_PREFIXES)  # one per file: its memo of IRIs is bounded
    sections = Sections(head=lambda: (prefix_block(_PREFIXES),),
                        papers=lambda after: (_turtle(v, base, terms) for v in paper_views(store, after=after)),
                        tail=lambda: (_turtle(v, base, terms) for v in entity_views(store)))
    return write_sections(store, path, "turtle", sections, append=append)
