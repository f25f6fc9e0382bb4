"""Fuzzing the writers (issue 16): papers with odd strings, normalised at the reader boundary, write and read back.

Records with hostile strings in every field go through
:func:`kg.readers.base.paper_from_mapping` (the boundary where every paper is
made, so their text is normalised by :mod:`kg.text`), then into a graph, then
through every writer. Each output must parse back with a standard parser --
``json`` for graph.json, ElementTree for GraphML/GEXF, ``csv`` for neo4j-csv,
rdflib for RDF, ``html.parser`` for the HTML view -- holding what the graph holds.
Examples are bounded so the module stays well under a minute.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.graph import KnowledgeGraph
from kg.graphjson import write_graph_json
from kg.model import Paper, PaperFragment
from kg.readers.base import paper_from_mapping
from exports.graphml import write_gexf, write_graphml
from exports.html import write_html
from exports.neo4j_csv import write_neo4j_csv
from exports.rdf import graph_to_rdf, write_jsonld, write_ntriples, write_rdfxml, write_turtle

#: anything a JSON string can hold: controls, noncharacters, lone surrogates, line breaks
HOSTILE = st.text(st.characters(codec=None), max_size=12)


@st.composite
def papers(draw: st.DrawFn) -> list[Paper]:
    made = []
    for k in range(draw(st.integers(1, 4))):
        item = paper_from_mapping({
            "id": draw(HOSTILE), "title": f"T{k} " + draw(HOSTILE), "abstract": "A. " + draw(HOSTILE),
            "authors": [draw(HOSTILE) for _ in range(draw(st.integers(0, 2)))],
            "doi": draw(st.one_of(st.none(), HOSTILE)), "arxiv_id": draw(st.one_of(st.none(), HOSTILE)),
            "url": draw(st.one_of(st.none(), HOSTILE)), "github": draw(st.one_of(st.none(), HOSTILE)),
        }, "fuzz.jsonl", k + 1)
        if isinstance(item, Paper):
            made.append(item)
    return made


def graph_of(batch: list[Paper]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for paper in batch:
        kg.add_fragment(PaperFragment(paper))
    return kg


def n_nodes(kg: KnowledgeGraph) -> int:
    return sum(kg.counts()["nodes"].values())


def xml_nodes(path: Path) -> int:
    return sum(1 for el in ET.parse(path).iter() if el.tag.rsplit("}", 1)[-1] == "node")


def csv_rows(folder: Path) -> int:
    rows = 0
    for file in folder.glob("nodes_*.csv"):
        with open(file, encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        assert all(len(row) == len(table[0]) for row in table), file
        rows += len(table) - 1
    return rows


def html_ok(path: Path) -> bool:
    HTMLParser().feed(path.read_text(encoding="utf-8"))
    return True


#: writer -> (write(kg, path), what its output holds when read back, what the graph holds)
WRITERS = {
    "graph.json": (write_graph_json, lambda p: len(json.loads(p.read_text(encoding="utf-8"))["nodes"]), n_nodes),
    "graphml": (write_graphml, xml_nodes, n_nodes),
    "gexf": (write_gexf, xml_nodes, n_nodes),
    "neo4j-csv": (write_neo4j_csv, csv_rows, n_nodes),
    "turtle": (write_turtle, lambda p: len(rdflib.Graph().parse(p, format="turtle")), lambda kg: len(graph_to_rdf(kg))),
    "ntriples": (write_ntriples, lambda p: len(rdflib.Graph().parse(p, format="nt")), lambda kg: len(graph_to_rdf(kg))),
    "jsonld": (write_jsonld, lambda p: len(rdflib.Graph().parse(p, format="json-ld")),
               lambda kg: len(graph_to_rdf(kg))),
    "rdfxml": (write_rdfxml, lambda p: len(rdflib.Graph().parse(p, format="xml")), lambda kg: len(graph_to_rdf(kg))),
    "html": (write_html, html_ok, lambda kg: True),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_output_parses_back_with_the_same_counts(tmp_path_factory: pytest.TempPathFactory,
                                                              name: str) -> None:
    write, read_back, expected = WRITERS[name]

    @settings(max_examples=12 if name == "html" else 25, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(batch=papers())
    def run(batch: list[Paper]) -> None:
        kg = graph_of(batch)
        path = tmp_path_factory.mktemp(name.replace(".", "_")) / f"out-{name}"
        write(kg, path)
        assert read_back(path) == expected(kg)

    run()
