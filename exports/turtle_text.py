"""Turtle text for a stream of triples, written piece by piece with one shared ``@prefix`` block.

rdflib's Turtle writer needs the whole graph (it sorts subjects and picks
prefixes from what it sees), and writing a small graph per paper with it costs
more than the mapping itself; pyoxigraph's writer is fast but optional and
repeats its ``@prefix`` lines in every piece. Neither fits a file that is
written paper by paper and later appended to (:mod:`exports.rdf_stream`).
Turtle needs no more than this: the prefixes declared once at the top, then
each piece's triples grouped by subject (``s p o ; p o .``). Terms are written
as in N-Triples (full ``<IRI>``s, literals quoted by rdflib's N-Triples quoting,
which is valid Turtle) except that an IRI in one of :data:`~exports.rdf_terms.PREFIXES`
whose local part is a plain name becomes a prefixed name, ``rdf:type`` becomes
``a`` and an ``xsd:`` datatype is written prefixed. No ``@base`` is written:
every IRI is absolute, so a piece means the same wherever it lands in the file.

The mapping (:mod:`exports.rdf_map`) makes no blank nodes; a blank node would
be written with its rdflib label (``_:N...``), which is unique per process, so
pieces of one file never share a label by accident.

>>> from rdflib import URIRef, Literal, RDF
>>> from exports.rdf_terms import PKG, XSD
>>> s = URIRef("https://w3id.org/paperkg/id/dataset/coco")
>>> terms = TurtleTerms({"pkg": PKG, "xsd": XSD})
>>> print(turtle_block([(s, RDF.type, PKG.Dataset), (s, PKG.evidenceCount, Literal("2", datatype=XSD.integer))], terms), end="")
<https://w3id.org/paperkg/id/dataset/coco> a pkg:Dataset ;
    pkg:evidenceCount "2"^^xsd:integer .
>>> print(prefix_block({"pkg": PKG}), end="")
@prefix pkg: <https://w3id.org/paperkg/ns#> .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.plugins.serializers.nt import _quote_encode
from rdflib.term import Node

__all__ = ["TurtleTerms", "prefix_block", "turtle_block"]

#: A local name safe as a Turtle PN_LOCAL without escapes (a strict subset of the grammar's).
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_TYPE = RDF.type
_SEPARATOR = " ;\n    "


def prefix_block(prefixes: Mapping[str, str]) -> str:
    """The ``@prefix`` lines of *prefixes* and a blank line: the head of the file."""
    return "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items()) + "\n"


class TurtleTerms:
    """Turtle text of terms under *prefixes*, memoised (IRIs repeat a lot; literals rarely do).

    The memo of IRIs holds at most *limit* entries (it starts again when full),
    so one instance can serve a whole file of any size.
    """

    def __init__(self, prefixes: Mapping[str, str], limit: int = 10_000) -> None:
        self._names = {str(iri): name for name, iri in prefixes.items()}
        # longest namespace first, so a namespace that extends another wins
        spaces = sorted(self._names, key=len, reverse=True)
        self._compact = re.compile(f"({'|'.join(map(re.escape, spaces))})({_PLAIN_LOCAL.pattern})") if spaces else None
        self._limit = limit
        self._iris: dict[URIRef, str] = {}
        self._predicates: dict[URIRef, str] = {_TYPE: "a"}
        self._datatypes: dict[URIRef, str] = {}

    def _iri(self, iri: URIRef) -> str:
        match = self._compact.match(iri) if self._compact else None
        if match:
            return f"{self._names[match[1]]}:{match[2]}"
        return iri.n3()  # checks the IRI as the N-Triples writer does

    def iri(self, term: URIRef) -> str:
        """An IRI in subject or object position."""
        text = self._iris.get(term)
        if text is None:
            if len(self._iris) >= self._limit:
                self._iris.clear()
            text = self._iris[term] = self._iri(term)
        return text

    def predicate(self, term: URIRef) -> str:
        """An IRI in predicate position (``rdf:type`` is ``a`` there, and only there)."""
        text = self._predicates.get(term)
        if text is None:
            if len(self._predicates) >= self._limit:
                self._predicates = {_TYPE: "a"}
            text = self._predicates[term] = self._iri(term)
        return text

    def object(self, term: Node) -> str:
        """Any term in object position: literals quoted as in N-Triples, ``xsd:`` datatypes prefixed."""
        if isinstance(term, Literal):
            text = _quote_encode(term)
            if term.language:
                return f"{text}@{term.language}"
            if term.datatype is not None:
                datatype = self._datatypes.get(term.datatype)
                if datatype is None:
                    datatype = self._datatypes[term.datatype] = self._iri(term.datatype)
                return f"{text}^^{datatype}"
            return text
        if isinstance(term, BNode):
            return term.n3()
        return self.iri(term)  # type: ignore[arg-type]

    def subject(self, term: Node) -> str:
        return term.n3() if isinstance(term, BNode) else self.iri(term)  # type: ignore[arg-type]


def turtle_block(triples: Iterable[tuple[Node, Node, Node]], terms: TurtleTerms) -> str:
    """*triples* as Turtle statements, one per subject (in order of first appearance), no prefixes."""
    by_subject: dict[Node, list[str]] = {}
    predicate, obj = terms.predicate, terms.object
    for s, p, o in triples:
        pairs = by_subject.get(s)
        if pairs is None:
            pairs = by_subject[s] = []
        pairs.append(f"{predicate(p)} {obj(o)}")  # type: ignore[arg-type]
    subject = terms.subject
    return "".join(f"{subject(s)} {_SEPARATOR.join(pairs)} .\n" for s, pairs in by_subject.items())
