"""The trained span model: typed spans for names no list holds.

A small spaCy NER (CNN tok2vec, no vectors, no transformer) trained by
``python -m training.retrain`` on the annotated training set and SciREX
(see ``training/README.md``) ships in ``extractors/data/span_model/``; this
component loads it from the package (nothing is downloaded) and proposes
DATASET, METHOD, METRIC and TASK spans into ``doc.spans["kg"]`` with
``span._.kg`` set (extractor ``"span_model"``).

The rules stay in charge: a model span is **added** only

- for the labels in ``labels`` (cross-validation decides which: see
  ``training/cv.py``),
- where no span of the rules already covers any of its tokens, and
- for the labels in ``vocab_labels``, only when its name is in the curated or
  harvested name lists of that kind (the model and the lists check each other);
- with ``beam_width`` > 1, only when the beam's probability of the span is at
  least ``thresholds[label]`` (a per-label precision knob; the probability
  becomes the span's confidence). With ``beam_width`` 1 (greedy, fastest) the
  model's single best parse is taken and ``confidence`` is the spans' value.

The model runs on the pipeline's docs themselves: the entity attributes its
NER writes (``doc.ents``) are read and then put back as they were, so
``doc.ents`` is left alone (a ``Doc.copy``, used before, gave the same entities
on all 468 corpus abstracts at 10x the cost: it deep-copies ``user_data``). Its
features are the tokens' own lexeme attributes, the same in any English
vocabulary (a shadow doc rebuilt in the model's vocabulary gave the same
entities, at 12x the cost of the copy).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("span_model", config={"labels": ["DATASET"]})
>>> doc = nlp("We evaluate on the FooQA-2 dataset.")
>>> all(s.label_ == "DATASET" and s._.kg.extractor == "span_model" for s in doc.spans.get("kg", []))
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from extractors.component import Component
from extractors.spans import SPANS_KEY, SpanInfo, add_span
from extractors.vocabulary import DATA_DIR, load_vocabulary
from kg.model import entity_id
from kg.names import name_key

__all__ = ["MODEL_DIR", "MODEL_LABELS", "SpanModel", "known_names", "make_span_model"]

#: The shipped model (a spaCy pipeline directory with one NER component, ``span_ner``).
MODEL_DIR = DATA_DIR / "span_model"
MODEL_LABELS = ("DATASET", "METHOD", "METRIC", "TASK")
_KIND = {"DATASET": "dataset", "METHOD": "method", "METRIC": "metric", "TASK": "task"}
_HARVESTED = {"DATASET": "datasets", "METHOD": "methods", "METRIC": "metrics", "TASK": "tasks"}
#: The token attributes the NER writes (read before and restored after it runs).
_ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
#: Tokens a model span may not start or end with (the guidelines' names never do).
_EDGE = frozenset({"the", "a", "an", "our", "this", "these", "its", "their", "of", "and", "or", "on", "in", "for",
                   "with", "to", ",", ".", ";", ":", "(", ")", "-", "/"})


@lru_cache(maxsize=4)
def _load_ner(path: str, beam_width: int) -> Language:
    # the tokens come from the paperkg pipeline: only the NER is needed
    nlp = spacy.load(path, exclude=["token_fixes"])
    # beam_width > 1: beam search over the weights, a greedy model's or a beam_ner's (`retrain --beam N`); the
    # probabilities are then the model's own beam scores (scored_ents), whichever objective trained it
    if beam_width > 1:
        nlp.get_pipe("span_ner").cfg.update({"beam_width": beam_width, "beam_density": 0.0001})
    return nlp


@lru_cache(maxsize=None)
def known_names(label: str) -> frozenset[str]:
    """The comparison keys (:func:`kg.names.name_key`) of every curated and harvested name of *label*."""
    keys: set[str] = set()
    if label != "METHOD":
        for entry in load_vocabulary(_KIND[label]).entries.values():
            keys.update(name_key(a) for a in (entry.name, *entry.aliases))
    with open(DATA_DIR / "harvested" / f"{_HARVESTED[label]}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            entry = json.loads(line)
            keys.update(name_key(a) for a in (entry["name"], *entry.get("aliases", [])))
    keys.discard("")
    return frozenset(keys)


class SpanModel(Component):
    """Adds the model's spans the rules did not find (see the module docstring)."""

    def __init__(self, name: str, model: str | None, labels: list[str], vocab_labels: list[str],
                 confidence: float, beam_width: int = 1, thresholds: dict[str, float] | None = None) -> None:
        super().__init__(name)
        unknown = sorted(set(labels) - set(MODEL_LABELS))
        if unknown:
            raise ValueError(f"span_model: unknown labels {unknown}; choose from {list(MODEL_LABELS)}")
        path = Path(model) if model else MODEL_DIR
        if not (path / "config.cfg").is_file():
            raise ValueError(f"span_model: no trained model at {path} (retrain: python -m training.retrain)")
        self.model = _load_ner(str(path), beam_width)
        self.labels = frozenset(labels)
        self.vocab_labels = frozenset(vocab_labels)
        self.confidence = confidence
        self.thresholds = dict(thresholds or {})
        self.beam_width = beam_width
        self.ner = self.model.get_pipe("span_ner")

    def _scored(self, docs: list[Doc]) -> list[list[tuple[int, int, str, float]]]:
        """``(start, end, label, confidence)`` of the model on each doc: its best parse, or beam-scored spans."""
        if self.beam_width == 1:
            saved = [doc.to_array(_ENT_ATTRS) for doc in docs]  # the NER writes doc.ents: put them back after
            try:
                self.ner.set_annotations(docs, self.ner.predict(docs))
                return [[(e.start, e.end, e.label_, self.confidence) for e in doc.ents] for doc in docs]
            finally:
                for doc, array in zip(docs, saved):
                    doc.from_array(_ENT_ATTRS, array)
        out = []
        for scores in self.ner.scored_ents(self.ner.predict(docs)):
            spans, taken = [], set()
            for (start, end, label), p in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
                name = label if isinstance(label, str) else self.model.vocab.strings[label]
                if p < self.thresholds.get(name, 0.5) or taken.intersection(range(start, end)):
                    continue
                spans.append((start, end, name, round(float(p), 3)))
                taken.update(range(start, end))
            out.append(sorted(spans))
        return out

    def proposals(self, doc: Doc) -> list[tuple[int, int, str, float]]:
        """The model's ``(start, end, label, confidence)`` token spans on *doc*, all labels, edges trimmed."""
        return self._trimmed(doc, self._scored([doc])[0])

    @staticmethod
    def _trimmed(doc: Doc, scored: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
        spans = []
        for start, end, label, confidence in scored:
            while start < end and doc[start].lower_ in _EDGE:
                start += 1
            while end > start and doc[end - 1].lower_ in _EDGE:
                end -= 1
            if start < end:
                spans.append((start, end, label, confidence))
        return spans

    def _add(self, doc: Doc, proposals: list[tuple[int, int, str, float]]) -> Doc:
        taken = set()
        for span in doc.spans.get(SPANS_KEY, []):
            taken.update(range(span.start, span.end))
        for start, end, label, confidence in proposals:
            if label not in self.labels or taken.intersection(range(start, end)):
                continue
            span = Span(doc, start, end, label=label)
            if label in self.vocab_labels and name_key(span.text) not in known_names(label):
                continue
            span.kb_id_ = entity_id(_KIND[label], span.text)
            add_span(doc, span, SpanInfo(span.text, role="used" if label == "METHOD" else None,
                                         extractor=self.name, confidence=confidence))
            taken.update(range(start, end))
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self._add(doc, self.proposals(doc))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """:meth:`__call__` over batches: the network runs once per batch (several times faster than per doc).

        If a batch raises, its docs are run one at a time, and a doc that raises
        goes to the error handler and is dropped, exactly as spaCy does for a
        component without ``pipe``.
        """
        for batch in minibatch(docs, batch_size):
            try:
                done = [self._add(doc, self._trimmed(doc, scored)) for doc, scored in zip(batch, self._scored(batch))]
            except Exception:  # noqa: BLE001 - retried one by one below, where the handler sees the failing doc
                done = []
                for doc in batch:
                    try:
                        done.append(self(doc))
                    except Exception as error:  # noqa: BLE001 - spaCy's error-handler contract
                        self.get_error_handler()(self.name, self, [doc], error)
            yield from done


@Language.factory("span_model", assigns=["doc.spans", "doc._.kg_datasets", "doc._.kg_methods", "doc._.kg_metrics",
                                         "doc._.kg_tasks", "span._.kg"],
                  requires=["token.text", "doc._.kg_datasets", "doc._.kg_methods", "doc._.kg_metrics",
                            "doc._.kg_tasks"],
                  default_config={"model": None, "labels": ["DATASET", "TASK"], "vocab_labels": [],
                                  "confidence": 0.5, "beam_width": 1, "thresholds": {}})
def make_span_model(nlp: Language, name: str, model: str | None, labels: list[str], vocab_labels: list[str],
                    confidence: float, beam_width: int, thresholds: dict[str, float]) -> SpanModel:
    """spaCy factory for :class:`SpanModel`; *model* defaults to the shipped weights."""
    for label in MODEL_LABELS:  # the model's entities are set on copies of the pipeline's docs
        nlp.vocab.strings.add(label)
    return SpanModel(name, model, labels, vocab_labels, confidence, beam_width, thresholds)
