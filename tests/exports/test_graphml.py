"""exports.graphml: GraphML and GEXF written via networkx read back with the same graph."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from exports.graphml import edge_id, flat_graph, write_gexf, write_graphml
from kg.graph import KnowledgeGraph
from tests.exports.html_sample import HOSTILE_TITLE, make_graph


@pytest.fixture
def kg() -> KnowledgeGraph:
    return make_graph(n_extra=3)


def _check_round_trip(kg: KnowledgeGraph, back: nx.Graph) -> None:
    assert set(back.nodes) == {n.id for n in kg.nodes()}
    assert back.number_of_edges() == kg.number_of_relations()
    coco = back.nodes["dataset:coco"]
    assert coco["type"] == "Dataset" and coco["label"] == "COCO"
    assert json.loads(coco["aliases"]) == kg.node("dataset:coco").properties["aliases"]
    assert back.nodes["title:0000000000000003"]["title"] == HOSTILE_TITLE
    edges = {(s, t): d for s, t, d in back.edges(data=True)}
    evidence = json.loads(edges["title:0000000000000002", "dataset:coco"]["evidence"])
    assert evidence == [e.to_dict() for e in kg.relation("title:0000000000000002", "dataset:coco", "EVALUATES_ON").evidence]
    assert edges["title:0000000000000002", "dataset:coco"]["relation"] == "EVALUATES_ON"


def test_graphml_round_trip(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(kg, path)
    back = nx.read_graphml(path, force_multigraph=True)
    _check_round_trip(kg, back)
    assert {k for *_, k in back.edges(keys=True)} == {edge_id(r.source, r.type, r.target) for r in kg.relations()}
    result = next(n for n in back if n.startswith("result:"))
    assert back.nodes[result]["value"] == 42.0


def test_gexf_round_trip(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    write_gexf(kg, path)
    _check_round_trip(kg, nx.read_gexf(path))


def test_flat_graph_has_only_scalars_of_one_type_per_attribute() -> None:
    kg = KnowledgeGraph()
    kg.add_node("a", "Paper", year=2020, votes={"x": 1})
    kg.add_node("b", "Paper", year="2021")  # mixed types -> text
    kg.add_node("c", "Result", value=3)
    kg.add_node("d", "Result", value=2.5)  # int and float -> float
    flat = flat_graph(kg)
    assert flat.nodes["a"]["year"] == "2020" and flat.nodes["b"]["year"] == "2021"
    assert flat.nodes["a"]["votes"] == '{"x": 1}'
    assert flat.nodes["c"]["value"] == 3.0 and isinstance(flat.nodes["c"]["value"], float)
    for _, data in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values())


def _xml_edge_ids(path: Path) -> list[str]:
    return [e.get("id") for e in ET.parse(path).getroot().iter() if e.tag.rsplit("}", 1)[-1] == "edge"]


@pytest.mark.parametrize("writer", [write_graphml, write_gexf])
def test_edge_ids_unique_and_stable(kg: KnowledgeGraph, tmp_path: Path, writer) -> None:
    """Gephi keys edges by id and drops repeats ("Edge already exists"): every edge needs its own id."""
    path = tmp_path / "g"
    writer(kg, path)
    ids = _xml_edge_ids(path)
    assert len(ids) == kg.number_of_relations() and None not in ids
    assert len(set(ids)) == len(ids), sorted(ids)
    # stable: the same graph built in another order (papers added in another order) keeps every id
    reordered = KnowledgeGraph()
    for node in reversed(list(kg.nodes())):
        reordered.add_node(node.id, node.label, **node.properties)
    for rel in reversed(list(kg.relations())):
        reordered.add_relation(rel.source, rel.target, rel.type, rel.evidence, rel.names)
    again = tmp_path / "again"
    writer(reordered, again)
    assert _xml_edge_ids(again) != ids and sorted(_xml_edge_ids(again)) == sorted(ids)
    expected = {edge_id(r.source, r.type, r.target): (r.source, r.target, r.type) for r in kg.relations()}
    if writer is write_graphml:
        back = nx.read_graphml(path, force_multigraph=True)
        read = {k: (s, t, d["relation"]) for s, t, k, d in back.edges(keys=True, data=True)}
    else:
        read = {d["id"]: (s, t, d["relation"]) for s, t, d in nx.read_gexf(path).edges(data=True)}
    assert read == expected


def test_graphml_reads_in_igraph(kg: KnowledgeGraph, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    write_graphml(kg, path)
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed() and g.vcount() == kg.number_of_nodes() and g.ecount() == kg.number_of_relations()
    names = g.vs["id"]
    edges = sorted((names[e.source], names[e.target], e["relation"]) for e in g.es)
    assert edges == sorted((r.source, r.target, r.type) for r in kg.relations())


@pytest.mark.parametrize("writer", [write_graphml, write_gexf])
def test_characters_xml_forbids_are_replaced_in_ids_names_and_keys(writer, tmp_path: Path) -> None:
    kg = KnowledgeGraph()  # as a graph.json from elsewhere may hold them
    kg.add_node("dataset:a\x01b", "Dataset", name="A\x0bB\ufffe\ud800", **{"no\x02te": "x\uffff"})
    kg.add_node("dataset:c", "Dataset", name="C")
    kg.add_relation("dataset:a\x01b", "dataset:c", "EVALUATES_ON", [])
    path = tmp_path / "graph.xml"
    writer(kg, path)
    root = ET.parse(path).getroot()  # a standard parser accepts it
    texts = ET.tostring(root, encoding="unicode")
    assert "dataset:a\ufffdb" in texts and "A\ufffdB\ufffd\ufffd" in texts and "x\ufffd" in texts
    assert len(root.findall(".//{*}node")) == 2 and len(root.findall(".//{*}edge")) == 1
