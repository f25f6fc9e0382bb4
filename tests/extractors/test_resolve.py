"""The resolver: overlaps, parenthetical aliases and abbreviation propagation."""

from __future__ import annotations

import pytest
import spacy

from spacy.tokens import Span

from extractors.spans import SpanInfo, add_span


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns",
                      "metric_patterns", "task_patterns", "kg_resolver")


def found(doc):
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans.get("kg", [])]


def test_curated_beats_pattern_across_kinds(nlp):
    doc = nlp("A title\nWe evaluate on the ZSL benchmark.")
    assert ("ZSL", "TASK", "task:zero-shot-learning") in found(doc)
    assert all(label != "DATASET" for _, label, _ in found(doc))


def test_longer_span_of_the_same_kind_wins(nlp):
    doc = nlp("A title\nIt gets 46.7% in Task Success Rate (TSR).")
    assert [t for t, label, _ in found(doc) if label == "METRIC"] == ["Task Success Rate", "TSR"]


def test_parenthetical_alias_and_abbreviation_propagation(nlp):
    doc = nlp("A title\nWe use ImageNet (ILSVRC-12) and Audioset (AS). AS is big.")
    assert [(t, kb) for t, _, kb in found(doc)] == [
        ("ImageNet", "dataset:imagenet"), ("ILSVRC-12", "dataset:imagenet"),
        ("Audioset", "dataset:audioset"), ("AS", "dataset:audioset"), ("AS", "dataset:audioset")]
    assert {s._.kg.name for s in doc.spans["kg"]} == {"ImageNet", "AudioSet"}


def test_code_links_are_never_dropped():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_resolver")
    doc = nlp.make_doc("see github.com/a/b now")
    add_span(doc, Span(doc, 1, 2, label="DATASET", kb_id="dataset:x"), SpanInfo(extractor="vocab_ruler", confidence=1.0))
    add_span(doc, Span(doc, 1, 2, label="REPO", kb_id="repo:github.com/a/b"), SpanInfo(extractor="code_links"))
    doc = nlp.get_pipe("kg_resolver")(doc)
    assert [s.label_ for s in doc.spans["kg"]] == ["REPO"]


def test_a_proposed_method_wins_over_a_curated_span_of_another_kind_inside_it():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_resolver")
    doc = nlp.make_doc("we propose SimQ-NAS for search")
    add_span(doc, Span(doc, 4, 5, label="TASK", kb_id="task:nas"), SpanInfo(extractor="vocab_ruler", confidence=1.0))
    add_span(doc, Span(doc, 2, 5, label="METHOD", kb_id="method:simq-nas"), SpanInfo(role="proposed",
             extractor="methods:proposal", confidence=0.9))
    add_span(doc, Span(doc, 6, 7, label="TASK", kb_id="task:search"), SpanInfo(extractor="vocab_ruler"))
    doc = nlp.get_pipe("kg_resolver")(doc)
    assert found(doc) == [("SimQ-NAS", "METHOD", "method:simq-nas"), ("search", "TASK", "task:search")]
    # a method the paper merely uses does not override the curated task inside it
    doc = nlp.make_doc("we use SimQ-NAS for search")
    add_span(doc, Span(doc, 4, 5, label="TASK", kb_id="task:nas"), SpanInfo(extractor="vocab_ruler", confidence=1.0))
    add_span(doc, Span(doc, 2, 5, label="METHOD", kb_id="method:simq-nas"), SpanInfo(role="used",
             extractor="methods:pattern", confidence=0.9))
    doc = nlp.get_pipe("kg_resolver")(doc)
    assert found(doc) == [("NAS", "TASK", "task:nas")]


def test_a_dataset_wins_over_a_curated_span_of_another_kind_glued_into_its_name():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_resolver")
    doc = nlp.make_doc("we release Zorbo-OCR today")
    add_span(doc, Span(doc, 4, 5, label="TASK", kb_id="task:ocr"), SpanInfo(extractor="vocab_ruler", confidence=1.0))
    add_span(doc, Span(doc, 2, 5, label="DATASET", kb_id="dataset:zorbo-ocr"),
             SpanInfo(extractor="dataset_patterns", confidence=0.7))
    doc = nlp.get_pipe("kg_resolver")(doc)
    assert found(doc) == [("Zorbo-OCR", "DATASET", "dataset:zorbo-ocr")]
    # not glued by a hyphen, the curated span of the other kind stays ("the Zorbo OCR set")
    doc = nlp.make_doc("we release Zorbo OCR today")
    add_span(doc, Span(doc, 3, 4, label="TASK", kb_id="task:ocr"), SpanInfo(extractor="vocab_ruler", confidence=1.0))
    add_span(doc, Span(doc, 2, 4, label="DATASET", kb_id="dataset:zorbo-ocr"),
             SpanInfo(extractor="dataset_patterns", confidence=0.7))
    doc = nlp.get_pipe("kg_resolver")(doc)
    assert found(doc) == [("OCR", "TASK", "task:ocr")]


def test_empty_doc(nlp):
    assert found(nlp("")) == []


@pytest.mark.parametrize("text, name", [
    ("TaskBoard: A Benchmark for Agents\nWe introduce the TaskBoard benchmark, a suite of 50 tasks.", "TaskBoard"),
    ("A title\nWe introduce HumSet, a novel multilingual dataset of humanitarian texts.", "HumSet"),
])
def test_introduced_benchmarks_are_datasets_not_methods(pipeline, text, name):
    doc = pipeline(text)
    labels = {s.label_ for s in doc.spans["kg"] if s.text.startswith(name)}
    assert labels == {"DATASET"}


def _select_by_scan(spans):
    """select_spans as it was first written: every kept span scanned for clashes (quadratic, plainly right)."""
    from extractors.resolve import CURATED_EXTRACTORS, span_info

    def priority(pair):
        span, info = pair[0], span_info(pair[0]) or SpanInfo()
        return (span.label_ == "REPO", str(info.extractor or "").startswith(CURATED_EXTRACTORS), len(span),
                info.confidence or 0.0)

    kept, seen = [], set()
    for span, attrs in sorted(spans, key=priority, reverse=True):
        key = (span.start, span.end, span.label_, span.kb_id_)
        if key in seen:
            continue
        clashes = [k for k in kept if k[0].start < span.end and span.start < k[0].end]
        if not clashes:
            kept.append((span, attrs))
            seen.add(key)
            continue
        proposed = span.label_ == "METHOD" and isinstance(attrs, SpanInfo) and attrs.role == "proposed"
        if all((k[0].label_ == span.label_ or proposed) and k[0].label_ != "REPO" and k[0].start >= span.start
               and k[0].end <= span.end and len(k[0]) < len(span) for k in clashes):
            kept = [k for k in kept if k not in clashes] + [(span, attrs)]
            seen.add(key)
    return sorted(kept, key=lambda sa: (sa[0].start, sa[0].end))


@pytest.mark.parametrize("seed", range(30))
def test_indexed_selection_equals_the_plain_scan(seed):
    """The token index (linear in a long abstract) keeps exactly the spans a scan of every kept span keeps."""
    import random

    from extractors.resolve import select_spans

    rng = random.Random(seed)
    doc = spacy.blank("en")(" ".join(f"w{i}" for i in range(60)))
    spans = []
    for n in range(rng.randint(1, 80)):
        start = rng.randrange(60)
        end = min(60, start + rng.choice([0, 1, 1, 1, 2, 2, 3, 5, 8]))
        span = Span(doc, start, end, label=rng.choice(["METHOD", "DATASET", "TASK", "REPO"]),
                    kb_id=f"x:{rng.randrange(4)}")
        info = SpanInfo(extractor=rng.choice(["vocab_ruler", "patterns"]), confidence=rng.choice([0.5, 0.9]),
                        role=rng.choice([None, "proposed"]))
        spans.append((span, info))
    key = lambda pairs: [(s.start, s.end, s.label_, s.kb_id_, a) for s, a in pairs]  # noqa: E731
    assert key(select_spans(spans)) == key(_select_by_scan(spans))
