"""The built-in exporters, as :class:`~kg.registry.Plugin` descriptors.

``pyproject.toml`` declares this list under the ``paperkg.plugins`` entry
point; ``kg export --help``, ``kg build --export`` and ``kg export rdf
--format`` are all generated from what the registry holds. An exporter is a
function ``write(kg, path, **options)``. ``meta`` says:

- ``suffix``: the default file name suffix (``"/"`` for a directory of files);
- ``on_build``: written by ``kg build`` beside graph.json by default;
- ``rdf``: for RDF serialisations, the rdflib parser/serialiser name and the
  media type, so the same entry also tells ``kg sparql`` how to read a file.
"""

from __future__ import annotations

from kg.registry import Plugin

__all__ = ["PLUGINS"]


def _exporter(name: str, target: str, suffix: str, description: str, *, aliases: tuple[str, ...] = (),
              on_build: bool = False, rdf: tuple[str, str] | None = None) -> Plugin:
    meta = {"suffix": suffix, "on_build": on_build}
    if rdf is not None:
        meta["rdflib_name"], meta["media_type"] = rdf
    return Plugin("exporter", name, f"exports.{target}", description, aliases, meta)


PLUGINS = [
    # RDF (exports/rdf.py): Turtle beside graph.json on every build; the other syntaxes on request.
    _exporter("turtle", "rdf:write_turtle", ".ttl",
              "RDF Turtle (schema.org, Dublin Core, PROV-O evidence, ML-Schema results)",
              aliases=("ttl",), on_build=True, rdf=("turtle", "text/turtle")),
    _exporter("ntriples", "rdf:write_ntriples", ".nt", "RDF N-Triples, streamed (fast for big graphs)",
              aliases=("nt", "n-triples", "nt11"), rdf=("nt", "application/n-triples")),
    _exporter("jsonld", "rdf:write_jsonld", ".jsonld", "RDF JSON-LD with the paperkg @context",
              aliases=("json-ld",), rdf=("json-ld", "application/ld+json")),
    _exporter("rdfxml", "rdf:write_rdfxml", ".rdf", "RDF/XML",
              aliases=("xml", "rdf", "rdf-xml", "rdf/xml", "pretty-xml", "owl"), rdf=("xml", "application/rdf+xml")),
    # Neo4j bulk import (exports/neo4j_csv.py): a directory of neo4j-admin CSV files plus the import command.
    _exporter("neo4j-csv", "neo4j_csv:write_neo4j_csv", "/",
              "CSV files for `neo4j-admin database import full` (typed headers, one id space per label)",
              aliases=("neo4j-admin",)),
    # HTML view and graph-tool formats (exports/html.py, exports/graphml.py).
    _exporter("html", "html:write_html", ".html",
              "Interactive offline HTML view (pyvis / vis-network inlined; search, type filters, evidence panel)",
              on_build=True),
    _exporter("graphml", "graphml:write_graphml", ".graphml", "GraphML for Gephi, Cytoscape, yEd (via networkx)"),
    _exporter("gexf", "graphml:write_gexf", ".gexf", "GEXF 1.2 for Gephi (via networkx)"),
]
