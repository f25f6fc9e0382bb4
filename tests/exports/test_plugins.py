"""exports/plugins.py: the built-in exporters, as the registry finds them through the entry point."""

from __future__ import annotations

import csv
import inspect
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib.plugin
from rdflib import RDF, SDO, Graph
from rdflib.compare import isomorphic
from rdflib.parser import Parser
from rdflib.serializer import Serializer

from exports.neo4j_csv import write_neo4j_csv
from exports.plugins import PLUGINS
from exports.rdf import graph_to_rdf
from kg.registry import Plugin, registry
from tests.exports.nasty_sample import nasty_graph
from tests.exports.rdf_sample import sample_graph


def test_turtle_registered_for_kg_build(tmp_path: Path) -> None:
    kg = sample_graph()
    turtle = registry.get("exporter", "ttl")
    assert turtle.meta["on_build"] and turtle.meta["suffix"] == ".ttl"
    assert {"turtle", "ntriples", "jsonld", "rdfxml"} <= {p.name for p in registry.plugins("exporter")}
    turtle.load()(kg, tmp_path / "graph.ttl")
    parsed = Graph().parse(tmp_path / "graph.ttl")
    assert isomorphic(parsed, graph_to_rdf(kg))


def test_html_registered_and_written_by_build() -> None:
    assert registry.get("exporter", "html") in registry.plugins("exporter", on_build=True)
    assert not registry.get("exporter", "graphml").meta["on_build"]


def test_neo4j_csv_registered() -> None:
    assert registry.get("exporter", "neo4j-csv").load() is write_neo4j_csv


def test_the_registry_holds_exactly_these_exporters() -> None:
    assert registry.plugins("exporter") == PLUGINS


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_every_exporter_loads_a_writer_of_a_graph_and_a_path(plugin: Plugin) -> None:
    assert plugin.kind == "exporter" and plugin.description
    assert plugin.target.startswith("exports.")
    write = plugin.load()
    assert callable(write)
    assert list(inspect.signature(write).parameters)[:2] == ["kg", "path"]
    assert isinstance(plugin.meta["on_build"], bool)
    assert plugin.meta["suffix"] == "/" or plugin.meta["suffix"].startswith(".")


@pytest.mark.parametrize("plugin", [p for p in PLUGINS if "rdflib_name" in p.meta], ids=lambda p: p.name)
def test_rdf_exporters_name_an_rdflib_syntax_and_a_media_type(plugin: Plugin) -> None:
    rdflib_name, media_type = plugin.meta["rdflib_name"], plugin.meta["media_type"]
    assert rdflib.plugin.get(rdflib_name, Serializer) and rdflib.plugin.get(rdflib_name, Parser)
    assert re.fullmatch(r"(text|application)/[a-z+.-]+", media_type)


def test_rdf_exporters_are_the_four_syntaxes_and_only_they() -> None:
    rdf = {p.name for p in PLUGINS if "rdflib_name" in p.meta}
    assert rdf == {"turtle", "ntriples", "jsonld", "rdfxml"}
    assert all("media_type" not in p.meta for p in PLUGINS if p.name not in rdf)


def test_names_and_aliases_are_unambiguous() -> None:
    words = [w.lower() for p in PLUGINS for w in (p.name, *p.aliases)]
    assert len(words) == len(set(words)), sorted(w for w in words if words.count(w) > 1)


def test_kg_build_writes_turtle_and_html_by_default() -> None:
    assert [p.name for p in registry.plugins("exporter", on_build=True)] == ["turtle", "html"]


_WRITE_EVERY_EXPORTER = """
import sys
from pathlib import Path
from kg.registry import registry
from tests.exports.rdf_sample import sample_graph
kg, out = sample_graph(), Path(sys.argv[1])
for plugin in registry.plugins("exporter"):
    plugin.load()(kg, out / f"{plugin.name}{plugin.meta['suffix']}")
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_exporter_writes_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Sets iterate in an order that follows PYTHONHASHSEED; no output may depend on it."""
    root = Path(__file__).resolve().parents[2]
    written = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _WRITE_EVERY_EXPORTER, str(out)], cwd=root, env=env, check=True)
        written.append(_files(out))
    assert len(written[0]) >= len(PLUGINS)
    for other in written[1:]:
        assert sorted(other) == sorted(written[0])
        assert [name for name in other if other[name] != written[0][name]] == []


def _parsed_counts(plugin: Plugin, target: Path) -> tuple[int, int]:
    """(nodes, edges) of an export, read back with a standard parser of its format."""
    if plugin.name in ("graphml", "gexf"):
        root = ET.parse(target).getroot()
        return len(root.findall(".//{*}node")), len(root.findall(".//{*}edge"))
    if plugin.name == "neo4j-csv":
        rows = {f.name: list(csv.reader(f.open(encoding="utf-8", newline=""))) for f in target.glob("*.csv")}
        return (sum(len(r) - 1 for name, r in rows.items() if name.startswith("nodes_")),
                sum(len(r) - 1 for name, r in rows.items() if name.startswith("rels_")))
    if plugin.name == "html":
        page = target.read_text(encoding="utf-8")  # strict UTF-8
        return page.count('"kind":'), page.count('"relation":')
    parsed = Graph().parse(target, format=plugin.meta["rdflib_name"])
    return len(set(parsed.subjects(RDF.type, SDO.ScholarlyArticle))), len(parsed)


@pytest.mark.parametrize("plugin", PLUGINS, ids=lambda p: p.name)
def test_every_exporter_survives_odd_characters_and_parses_back(plugin: Plugin, tmp_path: Path) -> None:
    """Controls, noncharacters, lone surrogates and CRs in texts and ids: written, and read back whole."""
    kg = nasty_graph()
    target = tmp_path / f"graph{plugin.meta['suffix']}"
    plugin.load()(kg, target)
    nodes, edges = _parsed_counts(plugin, target)
    if plugin.name in ("graphml", "gexf", "neo4j-csv"):
        assert (nodes, edges) == (len(list(kg.nodes())), len(list(kg.relations())))
    elif plugin.name == "html":
        assert nodes >= len(list(kg.nodes()))
    else:
        assert nodes == 2 and edges == len(graph_to_rdf(kg))
