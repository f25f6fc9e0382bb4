"""The contract between extractors and the graph builder.

Extractors write :class:`~spacy.tokens.Span` objects into ``doc.spans["kg"]``
with ``label_`` in :data:`LABELS` and ``kb_id_`` set to the canonical id,
plus these custom attributes (all optional):

- ``span._.kg_name``: canonical name (default: the span text)
- ``span._.kg_role``: ``"proposed"`` or ``"used"`` (methods)
- ``span._.kg_extractor``: the component that found it
- ``span._.kg_confidence``: 0..1
- ``span._.kg_props``: extra node properties (dict)

Numeric results go to ``doc._.results`` as dicts with the keys of
:class:`kg.model.ResultRecord` (``metric``, ``metric_id``, ``value``, ``raw``,
``unit``, ``dataset``, ``dataset_id``, ``method``, ``method_id``) plus
``start``/``end`` character offsets, ``extractor`` and ``confidence``.
"""

from __future__ import annotations

from typing import Any, Callable

from spacy.tokens import Doc, Span

from extractors.text import TEXT_KEY

__all__ = ["LABELS", "ensure_extensions", "add_span", "make_doc", "attribute_getter", "attribute_setter"]

LABELS = ("DATASET", "METHOD", "METRIC", "TASK", "REPO")

_SPAN_EXTENSIONS = ("kg_name", "kg_role", "kg_extractor", "kg_confidence", "kg_props")


def _attribute(name: str) -> tuple[Any, Any]:
    """Getter and setter that key a span attribute by offsets *and* label / kb_id.

    spaCy keys ``span._`` values by character offsets only, so a TASK span and a
    METHOD span over the same words would share (and overwrite) each other's
    attributes; these accessors keep them apart.
    """
    def key(span: Span) -> tuple:
        return ("kg._.", name, span.start_char, span.end_char, span.label, span.kb_id)

    def getter(span: Span) -> Any:
        return span.doc.user_data.get(key(span))

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data[key(span)] = value

    return getter, setter


def make_doc(nlp, text: str) -> Doc:
    """``nlp.make_doc(text)`` with the text cached for :func:`extractors.text.doc_text`."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def ensure_extensions() -> None:
    """Register the custom attributes once (idempotent).

    >>> import spacy
    >>> from spacy.tokens import Span
    >>> ensure_extensions()
    >>> doc = spacy.blank("en")("Mask R-CNN works")
    >>> task, method = Span(doc, 0, 3, label="TASK"), Span(doc, 0, 3, label="METHOD")
    >>> method._.kg_role = "used"
    >>> task._.kg_role, method._.kg_role
    (None, 'used')
    """
    for ext in _SPAN_EXTENSIONS:
        if not Span.has_extension(ext):
            getter, setter = _attribute(ext)
            Span.set_extension(ext, getter=getter, setter=setter)
    if not Doc.has_extension("results"):
        Doc.set_extension("results", default=None)


def add_span(doc: Doc, key: str, span: Span, *, name: str | None = None, role: str | None = None,
             extractor: str | None = None, confidence: float | None = None,
             props: dict[str, Any] | None = None) -> Span:
    """Append *span* to ``doc.spans[key]`` with its kg attributes set."""
    ensure_extensions()
    if key not in doc.spans:
        doc.spans[key] = []
    span._.kg_name = name
    span._.kg_role = role
    span._.kg_extractor = extractor
    span._.kg_confidence = confidence
    span._.kg_props = props
    doc.spans[key].append(span)
    return span


def attribute_getter(attr: str) -> Callable[[Span], Any]:
    """The registered getter of ``span._.<attr>``: calling it directly skips building a ``span._`` per access."""
    ensure_extensions()
    getter = Span.get_extension(attr)[2]
    return getter if getter is not None else lambda span: getattr(span._, attr)


def attribute_setter(attr: str) -> Callable[[Span, Any], None]:
    """The registered setter of ``span._.<attr>`` (see :func:`attribute_getter`)."""
    ensure_extensions()
    setter = Span.get_extension(attr)[3]
    return setter if setter is not None else lambda span, value: setattr(span._, attr, value)
