"""Benchmark variants and names read from evaluation sentences (extractors/dataset_evaluated.py)."""

from __future__ import annotations

import pytest
import spacy

from extractors.dataset_evaluated import VERSION, variant_end


@pytest.fixture(scope="module")
def nlp(blank_with):
    return blank_with("token_fixes", "abstract_sentencizer", "abbreviations", "vocab_ruler", "dataset_patterns")


def names(doc):
    return [s._.kg.name for s in sorted(doc.spans.get("kg", []), key=lambda s: s.start) if s.label_ == "DATASET"]


def test_versions():
    assert all(VERSION.match(v) for v in ("v6", "V3", "v1.5", "2.0"))
    assert not any(VERSION.match(v) for v in ("2026", "12", "v", "1.2M"))


def test_variant_end_reads_versions_and_variant_words():
    doc = spacy.blank("en")("on Zorkbench Verified and Zorkbench v1.5 and Zorkbench 2.0 points")
    toks = [t.text for t in doc]
    first, second, third = (i for i, t in enumerate(toks) if t == "Zorkbench")
    variants = {"verified"}
    assert variant_end(doc, first + 1, variants) == first + 2
    assert variant_end(doc, second + 1, variants) == second + 2
    assert variant_end(doc, third + 1, variants) == third + 1  # "2.0 points" is a figure


def test_a_known_dataset_goes_on_over_its_variant(nlp):
    doc = nlp("Our agent resolves 61.2% of SWE-bench Verified and scores 40.1 on MMLU-Pro-R in all runs.")
    assert names(doc) == ["SWE-bench Verified", "MMLU-Pro-R"]


def test_names_evaluated_on(nlp):
    doc = nlp("We evaluate ZorkAgent on QuillGym using 120 tasks. On BrambleQA, ZorkAgent reaches 71.3% accuracy. "
              "It gains 3.1%, 2.4% and 1.2% on FooWorld, BarSuite V2, and BazSandbox, while staying cheap.")
    assert names(doc) == ["QuillGym", "BrambleQA", "FooWorld", "BarSuite V2", "BazSandbox"]


def test_scored_list_and_counted_apposition(nlp):
    doc = nlp("The model leads on QuuxAU (78.0%) and QuuxAU-Pro (63.2%). Across ZedWorld, YonWorld, and XiWorld, "
              "three mobile benchmarks, it wins.")
    assert names(doc) == ["QuuxAU", "QuuxAU-Pro", "ZedWorld", "YonWorld", "XiWorld"]


def test_hosts_devices_concepts_and_modified_nouns_are_not_data(nlp):
    doc = nlp("On A100, ZorkNet runs 2.1x faster. Our code is available on GitHub. Results on ZorkNet-7B improve. "
              "We study general quill recognition (GQR) and evaluate accuracy on GQR. "
              "Training on QuillSet images takes 3 hours.")
    assert names(doc) == []
