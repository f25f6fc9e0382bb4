"""The extractor contract (extractors/spans.py): typed span info, label views, declared requires / assigns."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc, Span
from spacy.util import load_config, load_model_from_config

import extractors
from extractors.spans import (LABELS, SPANS_KEY, VIEWS, SpanInfo, SpansWithin, add_span, ensure_extensions,
                              span_info)
from kg.model import ResultRecord


def test_span_info_is_frozen_and_sorts_its_props():
    info = SpanInfo("COCO", props={"vocabulary": "dataset", "pwc": "coco"})
    assert info.props == (("pwc", "coco"), ("vocabulary", "dataset"))
    with pytest.raises(AttributeError):
        info.name = "x"  # type: ignore[misc]


def test_one_value_per_span_even_over_the_same_words():
    ensure_extensions()
    doc = spacy.blank("en")("Mask R-CNN works")
    task, method = Span(doc, 0, 3, label="TASK"), Span(doc, 0, 3, label="METHOD", kb_id="method:mask-r-cnn")
    add_span(doc, method, SpanInfo("Mask R-CNN", role="used"))
    assert task._.kg is None and span_info(method) == method._.kg == SpanInfo("Mask R-CNN", role="used")


def test_every_label_has_a_read_only_view(pipeline):
    assert set(VIEWS) == set(LABELS)
    doc = pipeline("Co-DETR: Detection\nWe train Co-DETR on COCO and report 66.0 AP; code: https://github.com/a/b.")
    for label, view in VIEWS.items():
        assert getattr(doc._, view) == [s for s in doc.spans[SPANS_KEY] if s.label_ == label]
    assert [s.text for s in doc._.kg_datasets] == ["COCO"]
    with pytest.raises(AttributeError):
        doc._.kg_datasets = []


def test_the_shipped_pipeline_has_no_contract_problem(pipeline):
    problems = pipeline.analyze_pipes()["problems"]
    assert problems == {name: [] for name in pipeline.pipe_names}


def _reordered(move: str, before: str):
    """The shipped pipeline with component *move* placed right before *before*."""
    config = load_config(extractors.CONFIG)
    names = [n for n in config["nlp"]["pipeline"] if n != move]
    names.insert(names.index(before), move)
    config["nlp"]["pipeline"] = names
    return load_model_from_config(config, auto_fill=True, validate=True)


@pytest.mark.parametrize("move, before, component, missing", [
    ("methods", "vocab_ruler", "methods", {"doc._.kg_datasets", "doc._.kg_metrics", "doc._.kg_tasks"}),
    ("methods", "abbreviations", "methods", {"doc._.abbreviations", "doc._.kg_repos"}),
    ("results", "vocab_ruler", "results", {"doc._.kg_metrics", "doc._.kg_datasets", "doc._.kg_methods"}),
    ("kg_resolver", "results", "kg_resolver", {"doc._.results"}),
    ("kg_resolver", "methods", "kg_resolver", {"doc._.kg_methods", "doc._.results"}),
    ("dataset_patterns", "vocab_ruler", "dataset_patterns", {"doc._.kg_datasets"}),
    ("vocab_ruler", "abbreviations", "vocab_ruler", {"doc._.abbreviations"}),
])
def test_a_broken_order_is_reported(move, before, component, missing):
    nlp = _reordered(move, before)
    problems = nlp.analyze_pipes()["problems"]
    assert missing <= set(problems[component])


def test_typed_values_survive_doc_serialisation(pipeline):
    text = "Co-DETR: Detection\nCo-DETR reaches 66.0 AP on COCO test-dev. Code: https://github.com/a/b."
    doc = pipeline(text)
    back = Doc(pipeline.vocab).from_bytes(doc.to_bytes())
    assert [(s.text, s._.kg) for s in back.spans[SPANS_KEY]] == [(s.text, s._.kg) for s in doc.spans[SPANS_KEY]]
    assert back._.results == doc._.results and isinstance(back._.results[0], ResultRecord)


def test_spacy_multiprocessing_gives_the_same_docs(pipeline):
    texts = [f"T{i}\nWe train FooNet{i} on COCO and reach {i}0.5 AP." for i in range(4)]
    one = [[(s.text, s._.kg) for s in d.spans[SPANS_KEY]] + d._.results for d in pipeline.pipe(texts)]
    two = [[(s.text, s._.kg) for s in d.spans[SPANS_KEY]] + d._.results
           for d in pipeline.pipe(texts, n_process=2, batch_size=2)]
    assert two == one


def test_spans_within_a_sentence_come_in_list_order():
    """The bisected lookup per sentence (linear in a long abstract) gives what a filter of the list gives."""
    doc = spacy.blank("en")(" ".join(f"w{i}" for i in range(40)))
    rng = random.Random(7)
    spans = [doc[s:min(40, s + rng.randint(0, 4))] for s in (rng.randrange(40) for _ in range(60))]
    within = SpansWithin(spans)
    for start, end in [(0, 10), (10, 11), (10, 25), (25, 40), (0, 40), (39, 40)]:
        sent = doc[start:end]
        assert within(sent) == [s for s in spans if s.start >= sent.start and s.end <= sent.end]
