"""The resolver: one consistent set of entity spans per document, run last.

Every extractor writes into ``doc.spans["kg"]`` independently, so the same
words can be claimed twice ("ZSL" a task from the vocabulary and "ZSL
benchmark" a dataset from a pattern; "Success Rate" from the vocabulary inside
"Task Success Rate"). The resolver

1. **links parenthetical aliases**: "ImageNet (ILSVRC-12)" - the dataset in
   parentheses right after another dataset is the same entity;
2. **propagates abbreviations** (``doc._.abbreviations``): when either the
   long or the short form of a definition is an entity, every mention of the
   other form becomes the same entity ("Audioset (AS)": each "AS" is AudioSet);
3. **removes overlaps**: code links always stay; otherwise curated
   (vocabulary) spans win over pattern spans, then longer over shorter, then
   the more confident; but a longer span wins over a curated one it contains
   when both are of one kind ("Task Success Rate" over "Success Rate"), when
   it is a method the paper proposes ("SimQ-NAS" over the task "NAS"), or when
   it is a dataset whose hyphenated name holds it ("Chronicles-OCR" over the
   task "OCR"; not "the NLI dataset", where no hyphen glues the task in);
4. drops exact duplicates and restores canonical names of curated entries.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> for pipe in ("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns",
...              "metric_patterns", "kg_resolver"):
...     _ = nlp.add_pipe(pipe)
>>> doc = nlp("We report Task Success Rate (TSR) on ImageNet (ILSVRC-12) and AudioSet (AS); AS is large.")
>>> [(s.text, s.kb_id_) for s in doc.spans["kg"]]  # doctest: +NORMALIZE_WHITESPACE
[('Task Success Rate', 'metric:task-success-rate'), ('TSR', 'metric:task-success-rate'),
 ('ImageNet', 'dataset:imagenet'), ('ILSVRC-12', 'dataset:imagenet'), ('AudioSet', 'dataset:audioset'),
 ('AS', 'dataset:audioset'), ('AS', 'dataset:audioset')]
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from dataclasses import replace

from extractors.abbreviations import abbreviation_pairs, token_positions
from extractors.component import Component
from extractors.spans import SPANS_KEY, VIEWS, SpanInfo, set_span_info, span_info
from extractors.vocabulary import KIND_FILES, load_vocabulary

__all__ = ["CURATED_EXTRACTORS", "is_curated", "select_spans", "Resolver",
           "make_resolver"]

#: Extractor names (or prefixes) whose spans come from curated vocabularies.
CURATED_EXTRACTORS = ("vocab_ruler", "methods:vocabulary")
T = TypeVar("T")
_NO_INFO = SpanInfo()


def _glued_hyphen(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens start..end are part of a hyphenated word ("AS-based")."""
    return (start > 0 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_) or \
        (end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_)


def is_curated(span: Span) -> bool:
    """Whether *span* was found in a curated vocabulary."""
    info = span_info(span)
    return info is not None and str(info.extractor or "").startswith(CURATED_EXTRACTORS)


def select_spans(spans: list[tuple[Span, T]]) -> list[tuple[Span, T]]:
    """Non-overlapping ``(span, payload)`` pairs in text order, by the rules of step 3 above.

    The priority reads each span's ``span._.kg``; a :class:`SpanInfo` payload says whether it is proposed.
    """
    def priority(pair: tuple[Span, T]) -> tuple:
        span = pair[0]
        info = span_info(span) or _NO_INFO
        return (span.label_ == "REPO", str(info.extractor or "").startswith(CURATED_EXTRACTORS), len(span),
                info.confidence or 0.0)

    # kept spans never overlap, so each token is under at most one: the index finds a span's clashes
    # in the span's length, not in the number kept (which made long abstracts quadratic)
    kept = _Kept()
    seen: set[tuple[int, int, str, str]] = set()
    for span, attrs in sorted(spans, key=priority, reverse=True):
        key = (span.start, span.end, span.label_, span.kb_id_)
        if key in seen:
            continue
        clashes = kept.clashes(span)
        if not clashes:
            kept.add(span, attrs)
            seen.add(key)
            continue
        # a longer span wins over the spans it contains when they are of its own kind,
        # or when it is a method the paper proposes ("SimQ-NAS" over the task "NAS")
        proposed = span.label_ == "METHOD" and isinstance(attrs, SpanInfo) and attrs.role == "proposed"
        # or when it is a dataset whose hyphenated name holds them ("Chronicles-OCR" over the task "OCR")
        named = span.label_ == "DATASET"
        if all((k[0].label_ == span.label_ or proposed or (named and _glued_hyphen(span.doc, k[0].start, k[0].end)))
               and k[0].label_ != "REPO" and k[0].start >= span.start
               and k[0].end <= span.end and len(k[0]) < len(span) for k in clashes):
            for k in clashes:
                kept.remove(k)
            kept.add(span, attrs)
            seen.add(key)
    return sorted(kept.pairs(), key=lambda sa: (sa[0].start, sa[0].end))


class _Kept:
    """Non-overlapping ``(span, payload)`` pairs, indexed by the tokens they cover (empty spans kept aside)."""

    def __init__(self) -> None:
        self.at: dict[int, tuple[Span, Any]] = {}  # token index -> the kept pair over it
        self.empty: list[tuple[Span, Any]] = []
        self.order: dict[int, tuple[Span, Any]] = {}  # id -> pair, in the order kept

    def clashes(self, span: Span) -> list[tuple[Span, Any]]:
        found = {id(p): p for i in range(span.start, span.end) if (p := self.at.get(i)) is not None}
        if span.start == span.end:  # an empty span clashes with a span strictly around it
            p = self.at.get(span.start)
            found = {id(p): p} if p is not None and p[0].start < span.start else {}
        found.update((id(p), p) for p in self.empty if p[0].start < span.end and span.start < p[0].end)
        return list(found.values())

    def add(self, span: Span, payload: Any) -> None:
        pair = (span, payload)
        self.order[id(pair)] = pair
        if span.start == span.end:
            self.empty.append(pair)
        for i in range(span.start, span.end):
            self.at[i] = pair

    def remove(self, pair: tuple[Span, Any]) -> None:
        del self.order[id(pair)]
        if pair[0].start == pair[0].end:
            self.empty.remove(pair)
        for i in range(pair[0].start, pair[0].end):
            del self.at[i]

    def pairs(self) -> list[tuple[Span, Any]]:
        return list(self.order.values())


class Resolver(Component):
    """Resolves ``doc.spans["kg"]`` in place (see the module docstring)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.names = {eid: e.name for kind in KIND_FILES for eid, e in load_vocabulary(kind).entries.items()}

    def _parenthetical(self, spans: list[tuple[Span, SpanInfo]]) -> list[tuple[Span, SpanInfo]]:
        by_start = {s.start: (s, a) for s, a in spans if s.label_ == "DATASET"}
        by_end: dict[int, tuple[Span, SpanInfo]] = {}  # the first of by_start ending at each token
        for s, a in by_start.values():
            by_end.setdefault(s.end, (s, a))
        out = []
        for span, attrs in spans:
            doc = span.doc
            outer = None
            if span.label_ == "DATASET" and span.start >= 2 and doc[span.start - 1].text == "(" \
                    and span.end < len(doc) and doc[span.end].text == ")":
                outer = by_end.get(span.start - 1)
            if outer is not None and outer[0].kb_id_ != span.kb_id_:
                span = Span(doc, span.start, span.end, label=span.label_, kb_id=outer[0].kb_id_)
                attrs = replace(attrs, name=outer[1].name)
            out.append((span, attrs))
        return out

    @staticmethod
    def _propagate(doc: Doc, spans: list[tuple[Span, SpanInfo]]) -> list[tuple[Span, SpanInfo]]:
        exact = {(s.start, s.end): (s, a) for s, a in spans if s.label_ != "REPO"}
        out = list(spans)
        orths: np.ndarray | None = None  # ORTH id of every token, read once when needed
        at: dict[int, list[int]] = {}  # ORTH id -> positions (not a scan of the doc per definition)
        done: set[tuple[int, ...]] = set()  # forms propagated: a second pass would find only spans now taken
        for pair in abbreviation_pairs(doc):
            source = exact.get((pair.long.start, pair.long.end)) or exact.get((pair.short.start, pair.short.end))
            if source is None:
                continue
            src, attrs = source
            if orths is None:
                orths, at = doc.to_array(ORTH), token_positions(doc)
            for form in (pair.short, pair.long):
                words = [t.orth for t in form]  # equal ORTH ids <=> equal token texts
                if tuple(words) in done:
                    continue
                done.add(tuple(words))
                for i in at.get(words[0], ()):
                    end = i + len(words)
                    if (i, end) in exact or orths[i:end].tolist() != words or _glued_hyphen(doc, i, end):
                        continue
                    new = Span(doc, i, end, label=src.label_, kb_id=src.kb_id_)
                    exact[(i, end)] = (new, attrs)
                    out.append((new, replace(attrs, confidence=min(0.9, attrs.confidence or 0.9))))
        return out

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(SPANS_KEY)
        if not group:
            return doc
        spans = [(s, span_info(s) or _NO_INFO) for s in group]
        spans = self._propagate(doc, self._parenthetical(spans))
        kept = select_spans(spans)
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=[s for s, _ in kept])
        for span, info in kept:
            if info.extractor == "vocab_ruler" and span.kb_id_ in self.names:
                info = replace(info, name=self.names[span.kb_id_])
            set_span_info(span, info)
        return doc


_VIEWS = [f"doc._.{view}" for view in VIEWS.values()]


# "doc._.results" is required for the order only: the results component reads the spans as the extractors
# wrote them, so the resolver comes after it (analyze_pipes reports a resolver that is not last)
@Language.factory("kg_resolver", assigns=["doc.spans", *_VIEWS, "span._.kg"],
                  requires=["doc._.abbreviations", *_VIEWS, "span._.kg", "doc._.results"])
def make_resolver(nlp: Language, name: str) -> Resolver:
    """spaCy factory for :class:`Resolver`; it closes the span group, so it comes last."""
    return Resolver(name)
