"""exports/rdf_formats.py: the RDF exporters of the plugin registry seen as formats (names, aliases, suffixes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exports.plugins import PLUGINS
from exports.rdf_formats import format_for_path, formats_help, get_format, rdf_formats
from kg.errors import PluginError
from kg.registry import Plugin, Registry, registry


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


def test_the_formats_are_the_rdf_exporters() -> None:
    formats = rdf_formats()
    assert list(formats) == ["turtle", "ntriples", "jsonld", "rdfxml"]
    turtle = formats["turtle"]
    assert (turtle.rdflib_name, turtle.suffix, turtle.media_type) == ("turtle", ".ttl", "text/turtle")
    assert turtle.plugin is registry.get("exporter", "turtle")
    assert (formats["jsonld"].rdflib_name, formats["ntriples"].media_type) == ("json-ld", "application/n-triples")


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml"])
def test_each_formats_own_suffix_names_it(name: str) -> None:
    fmt = get_format(name)
    assert format_for_path(f"out/graph{fmt.suffix}") == fmt
    assert format_for_path(f"GRAPH{fmt.suffix.upper()}") == fmt


def test_help_lists_names_with_aliases() -> None:
    text = formats_help()
    assert text.startswith("turtle (ttl), ntriples (nt, n-triples, nt11), jsonld (json-ld), rdfxml (xml, rdf, ")
    assert "html" not in text and "graphml" not in text


@pytest.mark.parametrize("name", ["html", "graphml", "neo4j-csv", "neo4j-admin"])
def test_other_exporters_are_not_rdf_formats(name: str) -> None:
    assert registry.find("exporter", name) is not None
    with pytest.raises(PluginError, match=f"unknown RDF format '{name}'; choose one of: turtle \\(ttl\\)"):
        get_format(name)


@pytest.mark.parametrize("path", ["graph.html", "graph.graphml", "graph", "graph.ttl.gz"])
def test_a_suffix_that_is_no_rdf_format_asks_for_the_option(path: str) -> None:
    with pytest.raises(PluginError) as info:
        format_for_path(path, "--rdf-format")
    assert str(info.value).startswith(f"{path}: cannot tell the RDF format from the suffix; pass --rdf-format (turtle")


def test_an_rdf_plugin_added_to_the_registry_is_a_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """There is no second registry: a third-party RDF exporter is a format as soon as it is registered."""
    reg = Registry(entry_points=False)
    reg.register_all(PLUGINS)
    reg.register(Plugin("exporter", "trig", "thirdparty:write_trig", "TriG", ("trig-1.1",),
                        {"suffix": ".trig", "on_build": False, "rdflib_name": "trig",
                         "media_type": "application/trig"}))
    monkeypatch.setattr("exports.rdf_formats.registry", reg)
    assert "trig" in rdf_formats() and get_format("TRIG-1.1").rdflib_name == "trig"
    assert format_for_path("g.trig").media_type == "application/trig"
    assert formats_help().endswith("trig (trig-1.1)")
