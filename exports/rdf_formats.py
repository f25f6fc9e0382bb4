"""RDF serialisations: the RDF exporters of the plugin registry, seen as formats.

There is no second registry: an RDF format is an exporter whose
:class:`~kg.registry.Plugin` says its rdflib name and media type
(:mod:`exports.plugins`). ``kg export rdf --format``, ``kg build --export``,
``kg sparql --rdf-format`` and ``kg validate --rdf-format`` all accept the
same names and aliases.

>>> get_format("ttl").name, format_for_path("out/graph.nt").name, get_format("xml").name
('turtle', 'ntriples', 'rdfxml')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import PluginError
from kg.registry import Plugin, registry

__all__ = ["RdfFormat", "rdf_formats", "get_format", "format_for_path", "formats_help"]


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: our name, rdflib's plugin name, file suffix, media type, and its exporter."""

    name: str
    rdflib_name: str
    suffix: str
    media_type: str
    plugin: Plugin

    @classmethod
    def of(cls, plugin: Plugin) -> RdfFormat:
        return cls(plugin.name, plugin.meta["rdflib_name"], plugin.meta["suffix"], plugin.meta["media_type"], plugin)


def rdf_formats() -> dict[str, RdfFormat]:
    """The registered RDF formats by name."""
    return {p.name: RdfFormat.of(p) for p in registry.plugins("exporter") if "rdflib_name" in p.meta}


def formats_help() -> str:
    """The formats with their aliases, for help texts: ``turtle (ttl), ntriples (nt, ...)``."""
    return ", ".join(f.plugin.label() for f in rdf_formats().values())


def get_format(name: str) -> RdfFormat:
    """The RDF format called *name* or one of its aliases (``ttl``, ``nt``, ``json-ld``, ``xml``...)."""
    plugin = registry.find("exporter", name)
    if plugin is None or "rdflib_name" not in plugin.meta:
        raise PluginError(f"unknown RDF format {name!r}; choose one of: {formats_help()}")
    return RdfFormat.of(plugin)


def format_for_path(path: str | os.PathLike, option: str = "--format") -> RdfFormat:
    """The format implied by a file name's suffix (``.ttl``, ``.nt``, ``.jsonld``, ``.rdf``, ``.xml``...)."""
    suffix = Path(path).suffix.lstrip(".").lower()
    plugin = registry.find("exporter", suffix) if suffix else None
    if plugin is None or "rdflib_name" not in plugin.meta:
        raise PluginError(f"{path}: cannot tell the RDF format from the suffix; pass {option} "
                          f"({formats_help()})")
    return RdfFormat.of(plugin)
