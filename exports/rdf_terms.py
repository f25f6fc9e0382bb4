"""Vocabularies, IRIs and literals for the RDF export.

Every IRI the export mints is ``<base><kind>/<local>``, where ``<kind>`` and
``<local>`` come from a paperkg id (``dataset:coco`` -> ``dataset/coco``) and
are percent-encoded down to RFC 3986 *unreserved* characters, so no title,
name or id (quotes, ``<>``, spaces, newlines, emoji, RTL marks, ``}``) can make
an invalid IRI. Literal text is cleaned of the few code points no RDF syntax
can carry (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/F).

>>> node_iri("dataset:coco")
rdflib.term.URIRef('https://w3id.org/paperkg/id/dataset/coco')
>>> node_iri('title:a "b"<c> d', base="https://example.org/kg/")
rdflib.term.URIRef('https://example.org/kg/title/a%20%22b%22%3Cc%3E%20d')
>>> str(web_iri("https://github.com/a b/c>"))
'https://github.com/a%20b/c%3E'
>>> clean_text("ok\\x00 text")
'ok\\ufffd text'
>>> decimal_literal(90.0)
rdflib.term.Literal('90.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
"""

from __future__ import annotations

import hashlib
import math
import re
from decimal import Decimal
from urllib.parse import quote, urlsplit

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, XSD, Literal, Namespace, URIRef

from kg.errors import ExportError

__all__ = [
    "DEFAULT_BASE",
    "PKG",
    "MLS",
    "NIF",
    "SDO",
    "DCTERMS",
    "PROV",
    "OWL",
    "PREFIXES",
    "normalise_base",
    "node_iri",
    "local_iri",
    "web_iri",
    "arxiv_iri",
    "doi_iri",
    "clean_text",
    "text_literal",
    "decimal_literal",
    "short_hash",
]

#: Where minted resources live unless ``--base`` says otherwise. w3id.org is the
#: permanent-identifier service most linked-data projects use for their IRIs.
DEFAULT_BASE = "https://w3id.org/paperkg/id/"

#: The small paperkg ontology (exports/ontology.ttl): only what the
#: well-known vocabularies below have no term for.
PKG = Namespace("https://w3id.org/paperkg/ns#")
#: ML-Schema, the W3C ML Schema community group's vocabulary.
MLS = Namespace("http://www.w3.org/ns/mls#")
#: NLP Interchange Format core: character offsets of a string in a text.
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

#: Prefixes bound in every export and in ``kg sparql`` queries.
PREFIXES: dict[str, Namespace] = {
    "pkg": PKG,
    "schema": Namespace(str(SDO)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "mls": MLS,
    "nif": NIF,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

_UNRESERVED = "-._~"
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


def short_hash(*parts: str) -> str:
    """16 hex digits of SHA-1 over *parts* (joined by ``|``): stable local names."""
    return hashlib.sha1("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def normalise_base(base: str | None) -> str:
    """Check a base IRI and make it end in ``/`` or ``#``.

    >>> normalise_base("https://example.org/kg")
    'https://example.org/kg/'
    >>> normalise_base("urn:x")
    Traceback (most recent call last):
    ...
    kg.errors.ExportError: base IRI 'urn:x' must be an absolute http(s) IRI such as https://example.org/kg/
    """
    base = DEFAULT_BASE if base is None else base.strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or _IRI_FORBIDDEN.search(base) \
            or _STRAY_PERCENT.search(base) or parts.query:
        raise ExportError(f"base IRI {base!r} must be an absolute http(s) IRI such as https://example.org/kg/")
    return base if base.endswith(("/", "#")) else base + "/"


def _segment(text: str) -> str:
    encoded = quote(clean_text(text), safe=_UNRESERVED)
    # "." and ".." are path navigation, not names: encode them
    return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded


def local_iri(base: str, kind: str, local: str) -> URIRef:
    """``<base><kind>/<local>`` with both parts percent-encoded."""
    return URIRef(f"{base}{_segment(kind)}/{_segment(local)}")


def node_iri(node_id: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a paperkg node id (``<prefix>:<rest>`` -> ``<base><prefix>/<rest>``).

    Distinct ids give distinct IRIs: both parts are percent-encoded (``/``
    and ``%`` included), so exactly one ``/`` follows the base.
    """
    prefix, sep, rest = node_id.partition(":")
    if not sep:  # no kind: no "/" after the base, so it cannot meet a "<kind>/<rest>" IRI
        return URIRef(base + _segment(node_id))
    return local_iri(base, prefix, rest)


def web_iri(url: object) -> URIRef | None:
    """An http(s) URL from the input as a valid IRI, or None when it is not one.

    The host must be a plain DNS name (user info is dropped); characters an
    IRI may not hold in the path, query or fragment are percent-encoded and a
    ``%`` that starts no escape becomes ``%25``.
    """
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(clean_text(url.strip()))
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in ("http", "https") or not _HOST.match(host):
        return None
    safe = "/:@!$&'()*+,;=~-._%"
    iri = f"{parts.scheme.lower()}://{host.lower()}" + (f":{port}" if port is not None else "")
    iri += quote(_STRAY_PERCENT.sub("%25", parts.path), safe=safe)
    if parts.query:
        iri += "?" + quote(_STRAY_PERCENT.sub("%25", parts.query), safe=safe + "?")
    if parts.fragment:
        iri += "#" + quote(_STRAY_PERCENT.sub("%25", parts.fragment), safe=safe + "?")
    return URIRef(iri)


def arxiv_iri(arxiv_id: str) -> URIRef:
    """The arXiv abstract page of an arXiv id."""
    return URIRef("https://arxiv.org/abs/" + quote(clean_text(arxiv_id), safe="/-._~"))


def doi_iri(doi: str) -> URIRef:
    """The doi.org resolver IRI of a DOI (characters outside RFC 3986 encoded)."""
    return URIRef("https://doi.org/" + quote(clean_text(doi), safe="/-._~:;()"))


def clean_text(text: str) -> str:
    """*text* with code points no RDF syntax can carry replaced by U+FFFD."""
    return _BAD_TEXT.sub("\ufffd", text)


def text_literal(text: object) -> Literal:
    """A plain string literal of *text*, cleaned (see :func:`clean_text`)."""
    return Literal(clean_text(str(text)))


def decimal_literal(value: float) -> Literal | None:
    """``xsd:decimal`` in canonical form (``90.0``, ``0.0000001``), None for NaN/inf.

    Decimals, unlike doubles, survive every rdflib serialiser unchanged: its
    Turtle writer prints doubles with ``%e``, which drops digits.
    """
    value = float(value)
    if not math.isfinite(value):
        return None
    text = format(Decimal(repr(value)), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)
