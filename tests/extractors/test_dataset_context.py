"""Dataset names found by their context: defined short forms before a head noun, harvested names in use."""

from __future__ import annotations

import pytest

from extractors.dataset_context import harvested_folded, harvested_names


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns")


def names(doc):
    return [s._.kg.name for s in sorted(doc.spans.get("kg", []), key=lambda s: s.start) if s.label_ == "DATASET"]


@pytest.mark.parametrize("text, expected", [
    ("Models were trained on the Foo Disease Imaging Initiative (FDII) dataset.", ["FDII"]),
    ("We test on the Open Access Series of Imaging Studies (OASIS) and Bar Clinic Cohort (BCC) datasets.",
     ["OASIS", "BCC"]),
])
def test_defined_short_form_before_a_head(nlp, text, expected):
    assert expected == [n for n in names(nlp(text)) if n in expected]


@pytest.mark.parametrize("text", [
    "Results on public question answering (QA) datasets improve.",  # generic data, lower-case long form
    "We evaluate on several visual grounding (VG) benchmarks.",
])
def test_lower_case_definitions_before_a_plural_head_are_generic(nlp, text):
    assert names(nlp(text)) == []


def test_harvested_names_need_dataset_context(nlp):
    assert "Alloprof" in harvested_names()
    assert names(nlp("The questions were collected from Alloprof, a website.")) == ["Alloprof"]
    assert names(nlp("Alloprof is a website for students.")) == []
    assert names(nlp("Our code is available on GitHub.")) == []


def test_harvested_names_coordinate_with_a_known_dataset(nlp):
    assert "CrossFit" not in names(nlp("We train on CrossFit tasks."))
    assert names(nlp("We build a training set from UnifiedQA and CrossFit, then test.")) == ["UnifiedQA", "CrossFit"]


def test_harvested_names_match_in_another_case_and_spelling(nlp):
    assert "Wiki-CS" in harvested_names() and "Wiki CS" not in harvested_names()
    assert names(nlp("We report node classification accuracy on Wiki CS.")) == ["Wiki CS"]
    assert names(nlp("Node classification results on the WIKI-CS, then more.")) == ["WIKI-CS"]
    assert names(nlp("WIKI-CS is small.")) == []  # still only in dataset context


def test_short_harvested_names_match_only_as_written(nlp):
    assert "Babi" not in harvested_folded()
    assert names(nlp("Results on babi, and more.")) == []
