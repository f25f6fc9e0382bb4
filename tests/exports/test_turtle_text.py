"""Turtle text of a triple stream: pieces under one prefix block parse back to exactly the triples given."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

from exports.rdf_map import iter_triples
from exports.rdf_terms import PKG, PREFIXES, SDO, XSD
from exports.turtle_text import TurtleTerms, prefix_block, turtle_block
from tests.exports.html_sample import make_graph
from tests.exports.nasty_sample import nasty_graph

_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}
S = URIRef("https://w3id.org/paperkg/id/title/a%20b")


def _text(*pieces: list) -> str:
    return prefix_block(_PREFIXES) + "".join(turtle_block(p, TurtleTerms(_PREFIXES)) for p in pieces)


def _parsed(text: str) -> set:
    return set(Graph().parse(data=text, format="turtle"))


def _strict(text: str) -> int:
    return sum(1 for _ in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))  # raises on any error


AWKWARD = [
    (S, SDO.name, Literal('say "hi"\\ \n\r\t now \u2028 \U0001f600 """ \'')),
    (S, SDO.description, Literal("ends in a quote\"")),
    (S, SDO.name, Literal("chat", lang="fr")),
    (S, PKG.unit, Literal("3", datatype=XSD.integer)),
    (S, PKG.unit, Literal("x", datatype=URIRef("https://example.org/dt#x"))),
    (S, RDF.type, URIRef("https://schema.org/a.b")),  # local names a plain prefixed name cannot carry stay full IRIs
    (S, RDF.type, URIRef("https://schema.org/1x")),
    (S, RDF.type, URIRef("https://schema.org/x/y")),
    (S, RDF.type, URIRef("https://schema.org/")),
    (S, SDO.sameAs, URIRef("https://example.org/p?q=1&r=%20#f")),
    (S, RDF.predicate, RDF.type),  # rdf:type as an object is not "a"
    (RDF.type, RDFS.label, Literal("type")),
]


def test_awkward_terms_parse_back_to_the_same_triples():
    text = _text(AWKWARD)
    assert _parsed(text) == set(AWKWARD)
    assert _strict(text) == len(AWKWARD)


def test_terms_are_compacted_where_turtle_allows():
    text = _text([(S, RDF.type, PKG.Evidence), (S, PKG.evidenceCount, Literal("2", datatype=XSD.nonNegativeInteger)),
                  (S, RDF.predicate, RDF.type)])
    assert "a pkg:Evidence" in text and '"2"^^xsd:nonNegativeInteger' in text and "rdf:predicate rdf:type" in text


def test_the_longest_matching_namespace_wins():
    terms = TurtleTerms({"x": "http://x.org/", "xy": "http://x.org/y/"})
    assert terms.iri(URIRef("http://x.org/y/z")) == "xy:z"
    assert terms.iri(URIRef("http://x.org/z")) == "x:z"


def test_a_subject_split_over_pieces_parses_to_the_union():
    first, second = [(S, SDO.name, Literal("a"))], [(S, SDO.name, Literal("b")), (S, SDO.name, Literal("a"))]
    assert _parsed(_text(first, second)) == {(S, SDO.name, Literal("a")), (S, SDO.name, Literal("b"))}


def test_blank_nodes_keep_their_labels_across_pieces():
    b = BNode()
    text = _text([(S, SDO.author, b)], [(b, SDO.name, Literal("Ann"))])
    graph = Graph().parse(data=text, format="turtle")
    assert len(set(graph.objects(S, SDO.author))) == 1
    assert set(graph.objects(next(graph.objects(S, SDO.author)), SDO.name)) == {Literal("Ann")}


def test_an_invalid_iri_is_refused_as_by_the_n_triples_writer():
    with pytest.raises(Exception, match="valid"):
        _text([(URIRef("https://example.org/a b"), SDO.name, Literal("x"))])


@pytest.mark.parametrize("graph", [make_graph, nasty_graph])
def test_the_mapping_of_a_graph_round_trips(graph):
    triples = list(iter_triples(graph(), None))
    assert not any(isinstance(t, BNode) for triple in triples for t in triple)  # the mapping makes no blank nodes
    text = _text(triples)
    assert _parsed(text) == set(triples)
    assert _strict(text) == len(set(triples))


def test_the_memo_of_iris_stays_within_its_limit():
    terms = TurtleTerms(_PREFIXES, limit=3)
    iris = [URIRef(f"https://example.org/{i}") for i in range(10)]
    assert [terms.iri(i) for i in iris] == [f"<https://example.org/{i}>" for i in range(10)]
    assert len(terms._iris) <= 3
    assert [terms.predicate(i) for i in iris] + [terms.predicate(RDF.type)] == [terms.iri(i) for i in iris] + ["a"]
    assert len(terms._predicates) <= 3
