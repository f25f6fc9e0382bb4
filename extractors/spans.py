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

from typing import Any

from spacy.tokens import Doc, Span

__all__ = ["LABELS", "ensure_extensions", "add_span"]

LABELS = ("DATASET", "METHOD", "METRIC", "TASK", "REPO")

_SPAN_EXTENSIONS = ("kg_name", "kg_role", "kg_extractor", "kg_confidence", "kg_props")


def ensure_extensions() -> None:
    """Register the custom attributes once (idempotent)."""
    for ext in _SPAN_EXTENSIONS:
        if not Span.has_extension(ext):
            Span.set_extension(ext, default=None)
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
