"""Exporters: read a :class:`~kg.graph.KnowledgeGraph`, write a file format.

A registry, as rdflib has for serialisers: each exporter is registered by
name (with aliases) and resolved lazily, so asking for Turtle never imports
pyvis. ``kg export --help`` lists what is registered.

>>> get_exporter("docx")  # doctest: +ELLIPSIS
Traceback (most recent call last):
kg.errors.ExportError: unknown export format 'docx'; choose one of: ...
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.errors import ExportError

__all__ = ["Exporter", "register", "exporters", "get_exporter", "build_exporters"]


@dataclass(frozen=True)
class Exporter:
    name: str
    target: str  #: "module:function" taking (kg, path, **options)
    suffix: str  #: default file name suffix, or "/" for a directory
    description: str
    on_build: bool = False  #: written by `kg build` by default

    def load(self) -> Callable[..., Any]:
        module, func = self.target.split(":")
        return getattr(importlib.import_module(module), func)

    def write(self, kg, path: str | os.PathLike, **options: Any) -> Any:
        return self.load()(kg, path, **options)


_REGISTRY: dict[str, Exporter] = {}
_ALIASES: dict[str, str] = {}


def register(name: str, target: str, suffix: str, description: str, *, on_build: bool = False,
             aliases: tuple[str, ...] = ()) -> None:
    _REGISTRY[name] = Exporter(name, target, suffix, description, on_build)
    for alias in aliases:
        _ALIASES[alias] = name


def exporters() -> dict[str, Exporter]:
    return dict(_REGISTRY)


def get_exporter(name: str) -> Exporter:
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _REGISTRY:
        raise ExportError(f"unknown export format {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[key]


def build_exporters() -> list[Exporter]:
    """Exporters that `kg build` runs by default, in registration order."""
    return [e for e in _REGISTRY.values() if e.on_build]


# RDF (exports/rdf.py): Turtle beside graph.json on every build; the other syntaxes on request.
register("turtle", "exports.rdf:write_turtle", ".ttl",
         "RDF Turtle (schema.org, Dublin Core, PROV-O evidence, ML-Schema results)", on_build=True, aliases=("ttl",))
register("ntriples", "exports.rdf:write_ntriples", ".nt", "RDF N-Triples, streamed (fast for big graphs)",
         aliases=("nt", "n-triples"))
register("jsonld", "exports.rdf:write_jsonld", ".jsonld", "RDF JSON-LD with the paperkg @context",
         aliases=("json-ld",))
register("rdfxml", "exports.rdf:write_rdfxml", ".rdf", "RDF/XML", aliases=("rdf-xml",))

# Neo4j bulk import (exports/neo4j_csv.py): a directory of neo4j-admin CSV files plus the import command.
register("neo4j-csv", "exports.neo4j_csv:write_neo4j_csv", "/",
         "CSV files for `neo4j-admin database import full` (typed headers, one id space per label)",
         aliases=("neo4j-admin",))

# HTML view and graph-tool formats (exports/html.py, exports/graphml.py).
register("html", "exports.html:write_html", ".html",
         "Interactive offline HTML view (pyvis / vis-network inlined; search, type filters, evidence panel)",
         on_build=True)
register("graphml", "exports.graphml:write_graphml", ".graphml", "GraphML for Gephi, Cytoscape, yEd (via networkx)")
register("gexf", "exports.graphml:write_gexf", ".gexf", "GEXF 1.2 for Gephi (via networkx)")
