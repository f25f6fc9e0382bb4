"""exports/rdf_terms.py: hostile titles, names and ids never make an invalid IRI or literal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from exports.rdf import graph_to_rdf, write_rdf
from exports.rdf_formats import get_format, rdf_formats
from exports.rdf_shacl import validate_rdf
from exports.rdf_terms import (
    DCTERMS,
    SDO,
    clean_text,
    decimal_literal,
    doi_iri,
    node_iri,
    normalise_base,
    web_iri,
)
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord

try:  # the strictest parser around (RFC 3987 IRIs); in the test extra, optional elsewhere
    import pyoxigraph
except ImportError:  # pragma: no cover
    pyoxigraph = None

#: RFC 3987 IRI characters (ASCII part) an N-Triples IRIREF may hold; minted IRIs must be pure ASCII.
_ASCII_IRI = re.compile(r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_PERCENT_OK = re.compile(r"%(?![0-9A-Fa-f]{2})")

HOSTILE = [
    'Quotes "double" and \'single\'',
    "new\nline\r\nand\ttab",
    "<script>alert(1)</script>",
    "spaces   and trailing ",
    "emoji 😀🚀 and ZWJ 👩‍🔬",
    "RTL עברית العربية \u202eevil\u202c",
    "braces } { and | ^ ` \\ backslash",
    "percent %zz %41 %",
    "nul \x00 bell \x07 del \x7f",
    "lone surrogate \ud800 end",
    "non-character \ufffe\uffff",
    ".",
    "..",
    "/../../etc/passwd",
    '"""triple quotes""" and """',
    "ends with backslash \\",
    "ends with quote \"",
    "@prefix x: <http://evil/> .",
    "_:blank ?var $var",
    "dataset:coco#frag?q=1&x=2",
]


def hostile_graph(s: str) -> KnowledgeGraph:
    """A graph where *s* is a title, an abstract, names, ids, surfaces, an extractor name and URLs."""
    text_title = s if s.strip() else "x"
    paper = Paper(id=f"title:{s}", title=text_title, abstract=f"We use {s}.", authors=(s,),
                  url=f"https://example.org/{s}", doi=f"10.1/{s}", arxiv_id=s.strip() or "x",
                  date=s[:10])
    ev = Evidence(s, 0, len(s), f"We use {s}.", s or "x", 0.5)
    mentions = [
        Mention("dataset", f"dataset:{s}", s or "x", ev),
        Mention("method", f"method:{s}", s or "x", ev, "proposed"),
        Mention("repository", f"repo:github.com/{s}", s or "x", ev,
                props=(("url", f"https://github.com/{s}"), ("wikidata", s), ("same_as", (s, f"http://{s}")))),
        Mention("task", s, s or "x", ev, props=(("pwc", s),)),  # an id without a prefix
    ]
    results = [ResultRecord(s or "x", f"metric:{s}", 1.5, s, ev, s, s or "x", f"dataset:{s}", s or "x",
                            f"method:{s}")]
    if s != s.encode("utf-8", "replace").decode("utf-8"):
        results = []  # kg.model.result_id cannot hash lone surrogates (reported to the core)
    kg = KnowledgeGraph()
    kg.add_fragment(PaperFragment(paper, mentions, results))
    return kg


def check_iris(g: Graph) -> None:
    for term in {t for triple in g for t in triple}:
        if isinstance(term, URIRef):
            assert _ASCII_IRI.match(term), term
            assert not _PERCENT_OK.search(term), term


def check_export(kg: KnowledgeGraph, folder: Path) -> None:
    built = graph_to_rdf(kg)
    check_iris(built)
    for name in sorted(rdf_formats()):
        fmt = get_format(name)
        path = folder / f"graph{fmt.suffix}"
        write_rdf(kg, path, name)
        assert isomorphic(Graph().parse(path, format=fmt.rdflib_name), built), name
    if pyoxigraph is None:
        return
    # pyoxigraph validates IRIs and literals strictly (RFC 3987, the W3C grammars)
    for name, ox_format in (("ntriples", pyoxigraph.RdfFormat.N_TRIPLES), ("turtle", pyoxigraph.RdfFormat.TURTLE),
                            ("rdfxml", pyoxigraph.RdfFormat.RDF_XML)):
        path = folder / f"graph{get_format(name).suffix}"
        with open(path, "rb") as fh:
            assert sum(1 for _ in pyoxigraph.parse(fh, format=ox_format)) == len(built)
    report = validate_rdf(built)
    assert report.conforms, report.text


@pytest.mark.parametrize("s", HOSTILE)
def test_hostile_strings_export_valid_rdf(s: str, tmp_path: Path) -> None:
    check_export(hostile_graph(s), tmp_path)


@pytest.mark.parametrize("s", [h for h in HOSTILE if clean_text(h) == h])
def test_clean_text_survives_verbatim(s: str) -> None:
    g = graph_to_rdf(hostile_graph(s))
    assert Literal(s) in set(g.objects(None, DCTERMS.abstract)) | set(g.objects(None, SDO.name)) \
        or not s.strip()
    assert Literal(f"We use {s}.") in set(g.objects(None, DCTERMS.abstract))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=24))
def test_any_text_exports_valid_rdf(tmp_path: Path, s: str) -> None:
    check_export(hostile_graph(s), tmp_path)


@given(st.text(max_size=40), st.text(max_size=40))
def test_node_iri_is_injective(a: str, b: str) -> None:
    if a != b and clean_text(a) == a and clean_text(b) == b:
        assert node_iri(a) != node_iri(b)
        assert node_iri(f"dataset:{a}") != node_iri(f"dataset:{b}")
        assert node_iri(f"{a}:{b}") != node_iri(f"{b}:{a}")


@given(st.text(max_size=40))
def test_node_iri_is_always_a_valid_ascii_iri(s: str) -> None:
    for node_id in (s, f"dataset:{s}", f"{s}:{s}"):
        iri = node_iri(node_id)
        assert _ASCII_IRI.match(iri) and iri.startswith("https://w3id.org/paperkg/id/")
        if pyoxigraph is not None:
            pyoxigraph.NamedNode(str(iri))  # raises on an invalid IRI


def test_distinct_ids_get_distinct_iris() -> None:
    ids = ["dataset:a b", "dataset:a%20b", "dataset:a/b", "dataset:a%2Fb", "dataset:.", "dataset:%2E", "dataset:",
           "dataset:_", "dataset:A", "dataset:a", "dataset/a", "dataset%3Aa", "node:x", "x", ":x", "_:x"]
    assert len({node_iri(i) for i in ids}) == len(ids)
    assert node_iri("dataset:..") == URIRef("https://w3id.org/paperkg/id/dataset/%2E%2E")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/a/b", "https://github.com/a/b"),
    ("https://github.com/a b/c<d>", "https://github.com/a%20b/c%3Cd%3E"),
    ("https://example.org/ü?q=1#x", "https://example.org/%C3%BC?q=1#x"),
    ("https://example.org/100%", "https://example.org/100%25"),
    ("javascript:alert(1)", None),
    ("github.com/a/b", None),
    ("", None),
    (None, None),
    (42, None),
])
def test_web_iri(url: object, expected: str | None) -> None:
    result = web_iri(url)
    assert (None if result is None else str(result)) == expected


def test_doi_iri_encodes_what_a_uri_cannot_hold() -> None:
    assert str(doi_iri("10.1002/(SICI)1097-4571<3::AID>")) == "https://doi.org/10.1002/(SICI)1097-4571%3C3::AID%3E"


@pytest.mark.parametrize(("value", "lexical"), [(90.0, "90.0"), (0.9, "0.9"), (1e-7, "0.0000001"),
                                                (-3.5, "-3.5"), (12345678.9, "12345678.9"), (3, "3.0")])
def test_decimal_literal_is_canonical(value: float, lexical: str) -> None:
    assert str(decimal_literal(value)) == lexical


def test_decimal_literal_refuses_nan() -> None:
    assert decimal_literal(float("nan")) is None and decimal_literal(float("inf")) is None


@pytest.mark.parametrize("base", ["ftp://x.org/", "https://", "https://x.org/a b/", "https://x.org/%zz/"])
def test_normalise_base_rejects(base: str) -> None:
    with pytest.raises(ExportError, match="base IRI"):
        normalise_base(base)


def test_normalise_base_keeps_hash_namespaces() -> None:
    assert normalise_base("https://x.org/kg#") == "https://x.org/kg#"
    assert normalise_base(None) == "https://w3id.org/paperkg/id/"
