"""exports/rdf_formats.py: the RDF exporters of the plugin registry seen as formats (names, aliases, suffixes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.rdf_formats import format_for_path, get_format
from kg.errors import PluginError


@pytest.mark.parametrize(("alias", "name"), [("ttl", "turtle"), ("nt", "ntriples"), ("n-triples", "ntriples"),
                                             ("json-ld", "jsonld"), ("rdf", "rdfxml"), ("RDF/XML", "rdfxml"),
                                             ("xml", "rdfxml")])
def test_aliases(alias: str, name: str) -> None:
    assert get_format(alias).name == name


def test_format_from_suffix_and_errors(tmp_path: Path) -> None:
    assert format_for_path("x/graph.jsonld").name == "jsonld"
    assert format_for_path("graph.RDF").name == "rdfxml"
    with pytest.raises(PluginError, match="--format"):
        format_for_path(tmp_path / "graph.txt")
    with pytest.raises(PluginError, match="unknown RDF format 'yaml'"):
        get_format("yaml")
