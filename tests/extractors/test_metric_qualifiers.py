"""Qualified measures with a value (extractors/metric_qualifiers.py) on hand-written sentences."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "metric_patterns",
                      "kg_resolver")


def metrics(doc):
    return [(s.text, s.kb_id_) for s in doc.spans.get("kg", []) if s.label_ == "METRIC"]


@pytest.mark.parametrize("text, expected", [
    ("FooNet scores 97.2% region-level AUROC on FooSet.", ("region-level AUROC", "metric:auroc")),
    ("FooNet scores 81.5\\% mean accuracy over five seeds.", ("mean accuracy", "metric:accuracy")),
    ("The tuned model reaches an F1 weighted of 0.74.", ("F1 weighted", "metric:f1-score")),
    ("With the adapter, a slice-level AUROC of 0.88 is reached.", ("slice-level AUROC", "metric:auroc")),
    ("After tuning, gated precision improved from 0.61 to 0.79.", ("gated precision", "metric:precision")),
])
def test_a_measure_keeps_the_qualifier_of_its_value(nlp, text, expected):
    assert expected in metrics(nlp(text))


@pytest.mark.parametrize("text, surface", [
    ("FooNet gains 4.1% higher recall on FooSet.", "recall"),  # a grading word
    ("FooNet needs 26% smaller model size than BarNet.", "model size"),  # a comparative
    ("FooNet reaches 3.2% region-level AUROC gain on FooSet.", "AUROC"),  # the value is a gain
    ("We study robust recall in noisy settings.", "recall"),  # no value reported for it
    ("It is state-of-the-art: its state-of-the-art precision of 0.91 holds.", "precision"),  # a graded chain
])
def test_no_qualifier_without_a_value_of_its_own(nlp, text, surface):
    assert all(s == surface for s, _ in metrics(nlp(text)))


def test_a_qualified_phrase_with_an_abbreviation_stays_its_own_measure(nlp):
    doc = nlp("It reaches 18.1% syllable error rate (SER) on FooSet.")
    assert ("syllable error rate", "metric:syllable-error-rate") in metrics(doc)
    assert all(kb != "metric:error-rate" for _, kb in metrics(doc))
