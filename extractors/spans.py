"""The contract between the extractors: where entity spans go and what they carry.

Every extractor writes :class:`~spacy.tokens.Span` objects into
``doc.spans[SPANS_KEY]`` (``doc.spans["kg"]``) with ``label_`` in
:data:`LABELS` and ``kb_id_`` set to the canonical id. Each span carries one
typed value, ``span._.kg``, a :class:`SpanInfo` (canonical name, role,
extractor, confidence, extra node properties). Numeric results go to
``doc._.results`` as :class:`kg.model.ResultRecord` values.

Since every kind shares one span group, "the datasets are there" is a
contract of its own: each label has a read-only Doc view (:data:`VIEWS`),
``doc._.kg_datasets``, ``doc._.kg_methods``, ``doc._.kg_metrics``,
``doc._.kg_tasks`` and ``doc._.kg_repos``, the spans of that label in group
order. Producers declare the views they write in ``assigns`` and consumers
the views they read in ``requires``, so ``nlp.analyze_pipes()`` checks the
order of a pipeline.

The typed values travel with a doc through ``Doc.to_bytes`` (and so through
``nlp.pipe(n_process=...)``): :func:`ensure_extensions` registers msgpack
encoders for them with srsly.

>>> import spacy
>>> from spacy.tokens import Span
>>> ensure_extensions()
>>> doc = spacy.blank("en")("Mask R-CNN on COCO")
>>> _ = add_span(doc, Span(doc, 5, 6, label="DATASET", kb_id="dataset:coco"), SpanInfo("COCO", extractor="test"))
>>> task, method = Span(doc, 0, 3, label="TASK"), Span(doc, 0, 3, label="METHOD")
>>> method._.kg = SpanInfo("Mask R-CNN", role="used", props={"kind": "model"})
>>> task._.kg, method._.kg.role, method._.kg.props, [s.text for s in doc._.kg_datasets]
(None, 'used', (('kind', 'model'),), ['COCO'])
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Callable

import srsly
from spacy.tokens import Doc, Span

from kg.model import Evidence, ResultRecord

__all__ = ["SPANS_KEY", "SpansWithin", "LABELS", "VIEWS", "SpanInfo", "ensure_extensions", "add_span", "add_new_spans",
           "span_info", "set_span_info", "spans_of"]

#: The span group every extractor writes into.
SPANS_KEY = "kg"
LABELS = ("DATASET", "METHOD", "METRIC", "TASK", "REPO")
#: The read-only Doc view of each label: ``doc._.<view>`` lists the spans of that label.
VIEWS = {"DATASET": "kg_datasets", "METHOD": "kg_methods", "METRIC": "kg_metrics", "TASK": "kg_tasks",
         "REPO": "kg_repos"}


@dataclass(frozen=True, slots=True)
class SpanInfo:
    """What an extractor knows about one entity span (``span._.kg``).

    ``props`` are extra node properties, kept as sorted ``(key, value)`` pairs
    (a mapping given here is sorted on the way in).
    """

    name: str | None = None  #: canonical name (default: the span text)
    role: str | None = None  #: "proposed" or "used" (methods)
    extractor: str | None = None  #: the component that found it
    confidence: float | None = None  #: 0..1
    props: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.props, Mapping):
            object.__setattr__(self, "props", tuple(sorted(self.props.items())))
        elif self.props is None:
            object.__setattr__(self, "props", ())
        elif isinstance(self.props, list):  # read back from msgpack
            object.__setattr__(self, "props", tuple(tuple(pair) for pair in self.props))


def _key(span: Span) -> tuple:
    # spaCy keys span._ values by character offsets only, so a TASK span and a METHOD span over the
    # same words would share (and overwrite) each other's value; the label and kb_id keep them apart
    return ("paperkg", "kg", span.start_char, span.end_char, span.label, span.kb_id)


def span_info(span: Span) -> SpanInfo | None:
    """``span._.kg`` without building a ``span._`` (the getter of the extension)."""
    return span.doc.user_data.get(_key(span))


def set_span_info(span: Span, info: SpanInfo | None) -> None:
    """``span._.kg = info`` without building a ``span._`` (the setter of the extension)."""
    span.doc.user_data[_key(span)] = info


def spans_of(label: str) -> Callable[[Doc], list[Span]]:
    """The getter of a label's view: the spans of *label* in ``doc.spans[SPANS_KEY]``, in group order."""
    def view(doc: Doc) -> list[Span]:
        group = doc.spans.get(SPANS_KEY)
        return [s for s in group if s.label_ == label] if group else []

    view.__name__ = VIEWS[label]
    return view


def _read_only(label: str) -> Callable[[Doc, Any], None]:
    def refuse(doc: Doc, value: Any) -> None:
        raise AttributeError(f"doc._.{VIEWS[label]} is a read-only view of doc.spans[{SPANS_KEY!r}]: "
                             f"add {label} spans with extractors.spans.add_span")

    return refuse


_TYPED = {cls.__name__: cls for cls in (SpanInfo, Evidence, ResultRecord)}
_TYPE_KEY = "__paperkg__"


def _encode(obj: Any, chain: Callable | None = None) -> Any:
    """msgpack encoder of the typed values: ``{"__paperkg__": class name, "v": fields}``."""
    if isinstance(obj, (SpanInfo, Evidence, ResultRecord)):
        return {_TYPE_KEY: type(obj).__name__, "v": [getattr(obj, f.name) for f in fields(obj)]}
    return chain(obj) if chain is not None else obj


def _decode(obj: Any, chain: Callable | None = None) -> Any:
    """msgpack decoder of :func:`_encode`'s maps (inner values are decoded first)."""
    if isinstance(obj, dict) and obj.get(_TYPE_KEY) in _TYPED:
        return _TYPED[obj[_TYPE_KEY]](*obj["v"])
    return chain(obj) if chain is not None else obj


def ensure_extensions() -> None:
    """Register ``span._.kg``, ``doc._.results``, the label views and the msgpack codecs once (idempotent)."""
    if "paperkg" not in srsly.msgpack_encoders.get_all():
        srsly.msgpack_encoders.register("paperkg", func=_encode)
        srsly.msgpack_decoders.register("paperkg", func=_decode)
    if not Span.has_extension("kg"):
        Span.set_extension("kg", getter=span_info, setter=set_span_info)
    if not Doc.has_extension("results"):
        Doc.set_extension("results", default=None)
    for label, view in VIEWS.items():
        if not Doc.has_extension(view):
            Doc.set_extension(view, getter=spans_of(label), setter=_read_only(label))


def add_span(doc: Doc, span: Span, info: SpanInfo) -> Span:
    """Append *span* to ``doc.spans[SPANS_KEY]`` with ``span._.kg = info``."""
    if SPANS_KEY not in doc.spans:
        doc.spans[SPANS_KEY] = []
    set_span_info(span, info)
    doc.spans[SPANS_KEY].append(span)
    return span


def add_new_spans(doc: Doc, spans: Iterable[tuple[Span, SpanInfo]], key: Callable[[Span], Hashable],
                  seen: Iterable[Hashable] = ()) -> None:
    """:func:`add_span` each pair in order, except a span whose *key* is in *seen* or was added before it."""
    taken = set(seen)
    for span, info in spans:
        k = key(span)
        if k not in taken:
            taken.add(k)
            add_span(doc, span, info)


class SpansWithin:
    """The spans of a list that lie inside a sentence, in list order, found by bisection.

    A filter of the whole list per sentence made a long abstract quadratic.
    """

    def __init__(self, spans: list[Span]) -> None:
        self.spans = list(spans)
        self.order = sorted(range(len(self.spans)), key=lambda k: self.spans[k].start)
        self.starts = [self.spans[k].start for k in self.order]

    def __call__(self, sent: Span) -> list[Span]:
        lo, hi = bisect.bisect_left(self.starts, sent.start), bisect.bisect_left(self.starts, sent.end + 1)
        inside = sorted(k for k in self.order[lo:hi] if self.spans[k].end <= sent.end)
        return [self.spans[k] for k in inside]
